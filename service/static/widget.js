/* ladder search box for any page:
 *   <div id="ladder"></div>
 *   <script src="https://ladder.internal/widget.js" data-target="#ladder"></script>
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
    return async (path, init = {}) => {
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
  }

  const core = { apiBase, decode, highlightNodes, el, levelBadge, debounce, latestOnly };
  window.LadderCore = window.LadderCore || core;

  const selector = script.dataset.target;
  if (!selector) return;

  const CSS = `
    :host { all: initial; display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2430; }
    .box { border: 1px solid #d9dee5; border-radius: 12px; padding: 12px; background: #fff; }
    input { width: 100%; box-sizing: border-box; font: inherit; font-size: 16px; padding: 10px 12px; border: 1px solid #d9dee5; border-radius: 8px; }
    input:focus-visible { outline: 3px solid #2456d6; outline-offset: 1px; }
    .status { color: #5b6675; font-size: 13px; min-height: 18px; margin: 6px 2px; }
    .status.error { color: #b42318; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { padding: 8px 4px; border-top: 1px solid #eef0f3; font-size: 14px; line-height: 1.4; }
    .meta { font-size: 12px; color: #5b6675; margin-bottom: 2px; }
    .badge { display: inline-block; color: #fff; background: #2456d6; border-radius: 4px; padding: 0 6px; font-weight: 600; margin-right: 6px; }
    .badge.intro { background: #5b6675; }
    mark { background: #fff0a8; color: inherit; }
    a { color: #2456d6; font-size: 12px; }
  `;

  function mount(host) {
    const shadow = host.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
    const input = el(document, "input", { type: "search", "aria-label": "Search the career ladder", placeholder: "Search the career ladder" });
    const status = el(document, "div", { class: "status", role: "status", "aria-live": "polite" });
    const list = el(document, "ol", { "aria-label": "Ladder results" });
    shadow.append(el(document, "div", { class: "box", part: "box" }, input, status, list));
    const search = latestOnly(apiBase);

    const run = debounce(async () => {
      const q = input.value.trim();
      if (!q) { list.replaceChildren(); status.textContent = ""; return; }
      status.classList.remove("error");
      try {
        const body = await search(`/search?q=${encodeURIComponent(q)}&k=5`);
        if (!body) return;
        list.replaceChildren(...body.results.map((r) => el(document, "li", {},
          el(document, "div", { class: "meta" }, levelBadge(document, r.level), r.heading || r.section),
          el(document, "div", {}, highlightNodes(document, r.highlight)),
          el(document, "a", { href: `${apiBase}/#ladder/level-${r.level ? r.level.number : 1}`, target: "_blank", rel: "noopener", text: "Open in the ladder" }),
        )));
        status.textContent = body.results.length ? `${body.results.length} results` : "No passages match.";
      } catch (error) {
        list.replaceChildren();
        status.classList.add("error");
        status.textContent = error instanceof TypeError
          ? `ladder cannot be reached from this page (${location.origin} may not be allowed: LADDER_CORS_ORIGINS).`
          : `Search failed: ${error.message}`;
      }
    }, 150);
    input.addEventListener("input", run);
  }

  const start = () => {
    const host = document.querySelector(selector);
    if (host) mount(host);
    else console.error(`ladder widget: no element matches ${selector}`);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
