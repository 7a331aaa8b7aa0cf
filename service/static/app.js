/* The search page: search as you type, match a job description, and the ladder itself. */
"use strict";
(() => {
  const { highlightNodes, el, levelBadge, debounce, latestOnly } = window.LadderCore;
  const $ = (id) => document.getElementById(id);
  const api = latestOnly("");
  const matchApi = latestOnly("");
  const SECTION = { intro: "Introduction", overview: "Overview", role: "Primary role", responsibility: "Responsibilities", skills: "Skills", competency: "Competency" };

  const state = { ladders: [], levels: [], doc: "", chosen: new Set(), results: [], active: -1, ladderShown: null };
  const q = $("q");
  // Element ids carry the guide: level 1 of one ladder is never level 1 of another.
  const levelId = (doc, number) => `level-${encodeURIComponent(doc).replace(/[^A-Za-z0-9_-]/g, "_")}-${number}`;
  const levelHash = (level) => `ladder/${encodeURIComponent(level.doc)}/${level.number}`;
  const ladderName = (doc) => (state.ladders.find((l) => l.doc === doc) || {}).title || doc;

  // ---- views -------------------------------------------------------------
  function showView(name, focus) {
    for (const view of ["search", "match", "ladder"]) {
      $(`view-${view}`).hidden = view !== name;
      const tab = $(`tab-${view}`);
      if (view === name) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
    if (name === "ladder") showLadder(focus);
  }

  function route() {
    const [view, doc, number] = location.hash.replace(/^#/, "").split("/");
    const focus = doc ? { doc: decodeURIComponent(doc), number: Number(number) } : null;
    showView(["match", "ladder"].includes(view) ? view : "search", focus);
  }

  // ---- ladders and levels: the ladder choice, the level chips, the ladder view --
  async function loadLevels() {
    const response = await fetch("/levels");
    if (!response.ok) throw new Error(`levels: HTTP ${response.status}`);
    const body = await response.json();
    state.ladders = body.ladders;
    state.levels = body.levels;
    for (const select of [$("ladder-choice"), $("ladder-view-choice")]) {
      select.replaceChildren(el(document, "option", { value: "", text: "All ladders" }),
        ...state.ladders.map((l) => el(document, "option", { value: l.doc, text: l.title ? `${l.title} (${l.doc})` : l.doc })));
      select.closest(".filters").querySelector("label").hidden = select.hidden = state.ladders.length < 2;
    }
    const initial = new URLSearchParams(location.search);
    chooseLadder(state.ladders.length === 1 ? state.ladders[0].doc : initial.get("doc") || "", initial.getAll("level").map(Number));
  }

  /** Keep searches (and the chips) to one ladder, or to none: a chip always belongs to one ladder. */
  function chooseLadder(doc, levels = []) {
    state.doc = state.ladders.some((l) => l.doc === doc) ? doc : "";
    state.chosen = new Set(state.doc ? levels : []);
    $("ladder-choice").value = state.doc;
    const levelsOfDoc = state.levels.filter((lv) => lv.doc === state.doc);
    $("chips").replaceChildren(...levelsOfDoc.map((lv) => {
      const chip = el(document, "button", {
        type: "button", class: "chip", "aria-pressed": String(state.chosen.has(lv.number)), "data-level": String(lv.number),
        "aria-label": `Only level ${lv.number}, ${lv.title}`, text: lv.short,
      });
      chip.addEventListener("click", () => {
        const on = chip.getAttribute("aria-pressed") !== "true";
        chip.setAttribute("aria-pressed", String(on));
        if (on) state.chosen.add(lv.number); else state.chosen.delete(lv.number);
        runSearch();
      });
      return chip;
    }));
  }

  function levelCard(lv) {
    const card = el(document, "article", { class: "level-card", id: levelId(lv.doc, lv.number), "aria-label": `Level ${lv.number}: ${lv.title}` },
      el(document, "div", {}, levelBadge(document, lv), el(document, "span", { class: "doc", text: ` Level ${lv.number}` })),
      el(document, "h3", { class: "title", text: lv.title }),
    );
    if (lv.overview) card.append(el(document, "p", { text: lv.overview }));
    if (lv.role) card.append(el(document, "h3", { text: "Primary role" }), el(document, "p", { text: lv.role }));
    const groups = new Map();
    for (const r of lv.responsibilities) {
      const name = r.category || (r.section === "competency" ? "Competencies" : SECTION[r.section]);
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(r);
    }
    for (const [name, items] of groups) {
      card.append(el(document, "h3", { text: name }),
        el(document, "ul", {}, ...items.map((r) => el(document, "li", {}, r.heading ? el(document, "strong", { text: `${r.heading}: ` }) : null, r.text))));
    }
    if (lv.skills) card.append(el(document, "h3", { text: "Skills developed" }), el(document, "p", { text: lv.skills }));
    return card;
  }

  function showLadder(focus) {
    const doc = focus ? focus.doc : $("ladder-view-choice").value;
    $("ladder-view-choice").value = doc;
    if (state.ladderShown !== doc) {
      const ladders = state.ladders.filter((l) => !doc || l.doc === doc);
      $("ladder-groups").replaceChildren(...ladders.map((ladder) => {
        const cards = state.levels.filter((lv) => lv.doc === ladder.doc).map(levelCard);
        return el(document, "section", { class: "ladder-group", "aria-label": ladderName(ladder.doc) },
          el(document, "h2", { text: ladder.title ? `${ladder.title} · ${ladder.doc}` : ladder.doc }),
          el(document, "div", { class: "ladder-grid" }, ...cards));
      }));
      state.ladderShown = doc;
      const count = ladders.reduce((n, l) => n + l.levels, 0);
      $("ladder-status").textContent = `${count} levels in ${ladders.length} ladder${ladders.length === 1 ? "" : "s"}`;
    }
    for (const card of document.querySelectorAll(".level-card")) card.classList.remove("focus");
    if (focus) {
      const card = $(levelId(focus.doc, focus.number));
      if (card) { card.classList.add("focus"); card.scrollIntoView({ block: "start" }); }
    }
  }

  // ---- search --------------------------------------------------------------
  function setStatus(node, text, isError = false) {
    node.textContent = text;
    node.classList.toggle("error", isError);
  }

  function syncUrl(query) {
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    if (state.doc) url.searchParams.set("doc", state.doc); else url.searchParams.delete("doc");
    url.searchParams.delete("level");
    for (const level of state.chosen) url.searchParams.append("level", String(level));
    history.replaceState(null, "", url);
  }

  async function runSearch() {
    const query = q.value.trim();
    syncUrl(query);
    $("search-empty").hidden = Boolean(query);
    if (!query) {
      render([]);
      setStatus($("status"), "");
      return;
    }
    const params = new URLSearchParams({ q: query, k: "10" });
    if (state.doc) params.set("doc", state.doc);
    for (const level of state.chosen) params.append("level", String(level));
    try {
      const body = await api(`/search?${params}`);
      if (!body) return; // overtaken by a newer keystroke
      render(body.results);
      const n = body.results.length;
      setStatus($("status"), n ? `${n} result${n === 1 ? "" : "s"} for “${query}”` : `No passages match “${query}”. Try other words or fewer filters.`);
    } catch (error) {
      render([]);
      setStatus($("status"), `Search failed: ${error.message}. Try again.`, true);
    }
  }

  function render(results) {
    state.results = results;
    state.active = -1;
    $("results").replaceChildren(...results.map((r, i) => {
      const where = r.heading
        ? [el(document, "span", { text: SECTION[r.section] }), el(document, "span", { class: "heading", text: r.heading })]
        : [el(document, "span", { class: "heading", text: SECTION[r.section] })];
      const item = el(document, "li", { class: "result", role: "option", id: `result-${i}`, "aria-selected": "false" },
        el(document, "div", { class: "meta" }, levelBadge(document, r.level),
          r.level ? el(document, "span", { text: r.level.title }) : null, el(document, "span", { "aria-hidden": "true", text: "·" }), ...where),
        el(document, "p", {}, highlightNodes(document, r.highlight)),
        el(document, "a", { href: r.level ? `#${levelHash(r.level)}` : "#ladder", text: r.level ? `See level ${r.level.number} in the ladder` : "See the ladder" }),
      );
      item.addEventListener("click", (event) => { if (event.target.tagName !== "A") openResult(i); });
      return item;
    }));
    q.removeAttribute("aria-activedescendant");
  }

  function setActive(index) {
    const items = $("results").children;
    if (!items.length) return;
    state.active = (index + items.length) % items.length;
    for (const [i, item] of [...items].entries()) item.setAttribute("aria-selected", String(i === state.active));
    q.setAttribute("aria-activedescendant", `result-${state.active}`);
    items[state.active].scrollIntoView({ block: "nearest" });
  }

  function openResult(index) {
    const r = state.results[index];
    if (r) location.hash = r.level ? levelHash(r.level) : "ladder";
  }

  q.addEventListener("input", debounce(runSearch, 150));
  q.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); setActive(state.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); setActive(state.active - 1); }
    else if (event.key === "Enter") { event.preventDefault(); if (state.active >= 0) openResult(state.active); else runSearch(); }
    else if (event.key === "Escape") { q.value = ""; runSearch(); }
  });
  $("search-form").addEventListener("submit", (event) => event.preventDefault());
  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      if (location.hash && location.hash !== "#search") location.hash = "search";
      q.focus();
    }
  });
  for (const button of document.querySelectorAll(".example")) {
    button.addEventListener("click", () => { q.value = button.textContent; runSearch(); q.focus(); });
  }

  $("ladder-choice").addEventListener("change", () => { chooseLadder($("ladder-choice").value); runSearch(); });
  $("ladder-view-choice").addEventListener("change", () => { location.hash = "ladder"; showLadder(null); });

  // ---- match a job description ---------------------------------------------
  const posting = $("posting");
  posting.addEventListener("input", () => { $("posting-count").textContent = `${posting.value.length.toLocaleString()} / 20,000 characters`; });
  $("match-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = posting.value;
    if (!text.trim()) { setStatus($("match-status"), "Paste a job description first.", true); return; }
    setStatus($("match-status"), "Matching…");
    try {
      const request = state.doc ? { text, k: 3, doc: state.doc } : { text, k: 3 };
      const body = await matchApi("/match", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
      if (!body) return;
      renderMatch(body);
      const best = body.best;
      setStatus($("match-status"), `Best match: level ${best.level.number}, ${best.level.title} (${Math.round(best.confidence * 100)}% confident)`);
    } catch (error) {
      $("match-results").replaceChildren();
      setStatus($("match-status"), `Matching failed: ${error.message}`, true);
    }
  });

  function renderMatch(body) {
    $("match-results").replaceChildren(...body.levels.map((m) => {
      const pct = Math.round(m.confidence * 1000) / 10;
      const bar = el(document, "div", { class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(pct), "aria-label": `Confidence for ${m.level.title}` }, el(document, "span"));
      bar.firstChild.style.width = `${pct}%`;
      return el(document, "li", { class: "level-match", "data-level": String(m.level.number) },
        el(document, "div", { class: "line" },
          el(document, "div", {}, levelBadge(document, m.level), ` ${m.level.title}`),
          bar,
          el(document, "div", { class: "pct", text: `${pct}%` })),
        m.evidence.length && m === body.levels[0] ? el(document, "ol", { class: "evidence", "aria-label": "Evidence" },
          ...m.evidence.map((e) => el(document, "li", {},
            el(document, "strong", { text: `${e.heading || SECTION[e.section]}: ` }), highlightNodes(document, e.highlight),
            el(document, "q", { text: e.matched.text })))) : null,
      );
    }));
  }

  // ---- start ----------------------------------------------------------------
  window.addEventListener("hashchange", route);
  loadLevels()
    .then(() => {
      route();
      const initial = new URLSearchParams(location.search).get("q");
      if (initial) { q.value = initial; runSearch(); }
    })
    .catch((error) => setStatus($("status"), `ladder is not ready: ${error.message}. Reload in a moment.`, true));
})();
