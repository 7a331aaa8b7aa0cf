/* ladder search box for any page:
 *   <div id="ladder"></div>
 *   <script src="https://ladder.internal/widget.js" data-target="#ladder"
 *           data-results="5" data-placeholder="Search the career ladder" data-answer="on"></script>
 * The box lives in a shadow root, so the host's CSS and ours never meet, and
 * calls the ladder API on the origin this script came from (that origin must
 * list the host page's origin in LADDER_CORS_ORIGINS).
 *
 * The same file is the search page's core (window.LadderCore): one place
 * turns API strings into DOM, and nothing from the index is ever parsed as HTML.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const apiBase = new URL(script.src, location.href).origin;

  const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
  const decode = (s) => s.replace(/&(?:lt|gt|amp|quot|#x27|#39);/g, (e) => ENTITIES[e]);

  /** The server's highlight (escaped text with <mark>...</mark>) as DOM nodes, built without innerHTML. */
  function highlightNodes(doc, highlight) {
    const fragment = doc.createDocumentFragment();
    let marked = false;
    for (const piece of highlight.split(/(<mark>|<\/mark>)/)) {
      if (piece === "<mark>") { marked = true; continue; }
      if (piece === "</mark>") { marked = false; continue; }
      if (!piece) continue;
      const text = doc.createTextNode(decode(piece));
      if (marked) {
        const mark = doc.createElement("mark");
        mark.appendChild(text);
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(text);
      }
    }
    return fragment;
  }

  function el(doc, tag, attrs = {}, ...children) {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  const SECTIONS = {
    intro: "Introduction", overview: "Overview", role: "Primary role",
    responsibility: "Responsibilities", skills: "Skills", competency: "Competency",
  };
  const sectionName = (section) => SECTIONS[section] || section;

  function levelBadge(doc, level) {
    if (!level) return el(doc, "span", { class: "badge intro", text: "Intro" });
    return el(doc, "span", {
      class: `badge l${Math.min(level.number, 6)}`,
      text: level.short,
      title: `Level ${level.number}: ${level.title}`,
    });
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  /** A search function whose older responses never overwrite newer ones: it resolves to null when overtaken. */
  function latestOnly(base) {
    let sequence = 0;
    let controller = null;
    const call = async (path, init = {}) => {
      const mine = ++sequence;
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(base + path, { ...init, signal: controller.signal });
        const body = await response.json().catch(() => ({}));
        if (mine !== sequence) return null;
        if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`);
        return body;
      } catch (error) {
        if (mine !== sequence || error.name === "AbortError") return null;
        throw error;
      }
    };
    call.cancel = () => { sequence++; if (controller) controller.abort(); };
    return call;
  }

  // Passages scoring under this share of the best one are far below it: folded away, not shown first.
  const TRIM = 0.6;
  /** How many of the results, best first, score close to the best one. */
  const closeToBest = (results) => {
    const best = results.length ? results[0].score : 0;
    const far = results.findIndex((r) => r.score < TRIM * best);
    return far < 0 ? results.length : far;
  };

  const core = { apiBase, decode, highlightNodes, el, levelBadge, sectionName, debounce, latestOnly, closeToBest };
  window.LadderCore = window.LadderCore || core;

  const selector = script.dataset.target;
  if (!selector) return;
  const options = {
    results: Math.min(Math.max(parseInt(script.dataset.results, 10) || 5, 1), 20),
    placeholder: script.dataset.placeholder || "Search the career ladder",
    answer: script.dataset.answer !== "off",
  };

  const CSS = `
    :host { all: initial; display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2430; }
    .box { border: 1px solid #d9dee5; border-radius: 12px; padding: 12px; background: #fff; }
    input { width: 100%; box-sizing: border-box; font: inherit; font-size: 16px; padding: 10px 12px; border: 1px solid #d9dee5; border-radius: 8px; }
    input:focus-visible { outline: 3px solid #2456d6; outline-offset: 1px; }
    .status { color: #5b6675; font-size: 13px; min-height: 18px; margin: 6px 2px; }
    .status.error { color: #b42318; }
    .answer { background: #f3f6fd; border-radius: 8px; padding: 8px 10px; margin: 6px 0; font-size: 14px; line-height: 1.4; }
    .answer .label { font-size: 12px; color: #5b6675; font-weight: 600; margin-right: 6px; }
    .answer.none { background: #f6f7f9; color: #5b6675; }
    .answer .each { margin-top: 4px; }
    ul { list-style: none; margin: 0; padding: 0; max-height: 22rem; overflow-y: auto; overscroll-behavior: contain; }
    li { padding: 8px 6px; border-top: 1px solid #eef0f3; font-size: 14px; line-height: 1.4; cursor: pointer; border-radius: 6px; }
    li[aria-selected="true"] { background: #e7eefc; outline: 2px solid #2456d6; outline-offset: -2px; }
    .meta { font-size: 12px; color: #5b6675; margin-bottom: 2px; }
    .badge { display: inline-block; color: #fff; background: #2456d6; border-radius: 4px; padding: 0 6px; font-weight: 600; margin-right: 6px; }
    .badge.l1 { background: #0f766e; } .badge.l2 { background: #2456d6; } .badge.l3 { background: #7c3aed; }
    .badge.l4 { background: #b45309; } .badge.l5 { background: #be185d; } .badge.l6 { background: #1f2937; }
    .badge.intro { background: #5b6675; }
    mark { background: #fff0a8; color: inherit; }
    a { color: #2456d6; font-size: 13px; display: inline-block; margin-top: 6px; }
    [hidden] { display: none !important; }
  `;

  function mount(host) {
    const shadow = host.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
    const input = el(document, "input", {
      type: "text", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "ladder-results",
      "aria-label": "Search the career ladder", placeholder: options.placeholder, autocomplete: "off",
    });
    const answer = el(document, "div", { class: "answer", hidden: "", "aria-live": "polite" });
    const status = el(document, "div", { class: "status", role: "status", "aria-live": "polite" });
    const list = el(document, "ul", { id: "ladder-results", role: "listbox", "aria-label": "Ladder passages" });
    const all = el(document, "a", { target: "_blank", rel: "noopener", hidden: "", text: "See all results in ladder" });
    shadow.append(el(document, "div", { class: "box", part: "box" }, input, answer, status, list, all));
    const search = latestOnly(apiBase);
    const ask = latestOnly(apiBase);
    let results = [];
    let active = -1;
    // The index's ladders by file, with their titles: with several, each passage and answer says which it is from.
    let ladders = new Map();
    fetch(`${apiBase}/levels`).then((r) => (r.ok ? r.json() : { ladders: [] }))
      .then((body) => { ladders = new Map(body.ladders.map((l) => [l.doc, l.title || l.doc])); }, () => {});
    const fromLadder = (doc) => (ladders.size > 1 && doc ? el(document, "span", { class: "ladder", text: ` · ${ladders.get(doc) || doc}` }) : null);

    const open = (r) => window.open(r.level
      ? `${apiBase}/#ladder/${encodeURIComponent(r.level.doc)}/${r.level.number}/${encodeURIComponent(r.id)}`
      : `${apiBase}/#ladder`, "_blank", "noopener");
    const setActive = (index) => {
      if (!results.length) return;
      active = (index + results.length) % results.length;
      for (const [i, item] of [...list.children].entries()) item.setAttribute("aria-selected", String(i === active));
      input.setAttribute("aria-activedescendant", `ladder-result-${active}`);
      list.children[active].scrollIntoView({ block: "nearest" });
    };
    const clearList = () => {
      results = [];
      active = -1;
      list.replaceChildren();
      all.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    const clear = () => { clearList(); answer.hidden = true; };

    const showAnswer = (body) => {
      const found = body.answer;
      const each = body.by_ladder || [];
      answer.className = found || each.length ? "answer" : "answer none";
      answer.replaceChildren(...(found
        ? [el(document, "span", { class: "label", text: "Answer" }), found.level ? levelBadge(document, found.level) : null, found.text,
          fromLadder(found.level && found.level.doc)]
        : each.length
          ? [el(document, "span", { class: "label", text: "It depends on your ladder" }),
            ...each.map((a) => el(document, "div", { class: "each" }, levelBadge(document, a.level), ` ${a.level.title}: ${a.text}`,
              fromLadder(a.level.doc)))]
          : [body.reason === "unrelated" ? "That isn't something the career ladder talks about." : "The guide doesn't cover that."]).filter(Boolean));
      answer.hidden = false;
    };

    const unreachable = () => {
      clear();
      status.classList.add("error");
      status.textContent = "Search isn't available on this page right now. If it keeps happening, tell the team that runs this site.";
      console.error(`ladder widget: this page's origin (${location.origin}) may not call ${apiBase}. ` +
        "Add it to LADDER_CORS_ORIGINS on the ladder service.");
    };

    const run = debounce(async () => {
      const q = input.value.trim();
      if (!q) { search.cancel(); ask.cancel(); clear(); status.textContent = ""; return; }
      status.classList.remove("error");
      if (options.answer) {
        ask("/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: q, k: 1 }) })
          .then((body) => body && showAnswer(body), () => { answer.hidden = true; });
      }
      try {
        const body = await search(`/search?q=${encodeURIComponent(q)}&k=${options.results}`);
        if (!body) return;
        clearList();
        results = body.results.slice(0, closeToBest(body.results));  // the full page lists the rest
        list.replaceChildren(...results.map((r, i) => {
          const item = el(document, "li", { role: "option", id: `ladder-result-${i}`, "aria-selected": "false" },
            el(document, "div", { class: "meta" }, levelBadge(document, r.level), r.heading || sectionName(r.section),
              fromLadder(r.source.doc)),
            el(document, "div", {}, highlightNodes(document, r.highlight)));
          item.addEventListener("click", () => open(r));
          return item;
        }));
        input.setAttribute("aria-expanded", String(results.length > 0));
        all.href = `${apiBase}/?q=${encodeURIComponent(q)}`;
        all.hidden = false;
        status.textContent = results.length ? `${results.length} passages` : "No passages match.";
      } catch (error) {
        ask.cancel();
        if (error instanceof TypeError) unreachable();
        else { clear(); status.classList.add("error"); status.textContent = `Search failed: ${error.message}`; }
      }
    }, 150);
    input.addEventListener("input", run);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") { event.preventDefault(); setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active < 0 ? -1 : active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); open(results[active]); }
      else if (event.key === "Escape") { input.value = ""; run(); }
    });
  }

  const start = () => {
    const host = document.querySelector(selector);
    if (host) mount(host);
    else console.error(`ladder widget: no element matches ${selector}`);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
