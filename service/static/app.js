/* The search page: search as you type, match a job description, and the ladder itself. */
"use strict";
(() => {
  const { highlightNodes, el, levelBadge, debounce, latestOnly } = window.LadderCore;
  const $ = (id) => document.getElementById(id);
  const api = latestOnly("");
  const matchApi = latestOnly("");
  const SECTION = { intro: "Introduction", overview: "Overview", role: "Primary role", responsibility: "Responsibility", skills: "Skills developed" };

  const state = { levels: [], chosen: new Set(), results: [], active: -1, ladderLoaded: false };
  const q = $("q");

  // ---- views -------------------------------------------------------------
  function showView(name, focusLevel) {
    for (const view of ["search", "match", "ladder"]) {
      $(`view-${view}`).hidden = view !== name;
      const tab = $(`tab-${view}`);
      if (view === name) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
    if (name === "ladder") loadLadder(focusLevel);
  }

  function route() {
    const hash = location.hash.replace(/^#/, "");
    const [view, detail] = hash.split("/");
    const level = detail && detail.startsWith("level-") ? Number(detail.slice(6)) : null;
    showView(["match", "ladder"].includes(view) ? view : "search", level);
  }

  // ---- levels: filter chips and the ladder view ---------------------------
  async function loadLevels() {
    const response = await fetch("/levels");
    if (!response.ok) throw new Error(`levels: HTTP ${response.status}`);
    state.levels = (await response.json()).levels;
    const numbers = [...new Map(state.levels.map((lv) => [lv.number, lv])).values()];
    $("chips").replaceChildren(...numbers.map((lv) => {
      const chip = el(document, "button", {
        type: "button", class: "chip", "aria-pressed": "false", "data-level": String(lv.number),
        "aria-label": `Only level ${lv.number}, ${lv.title}`, text: `${lv.short}`,
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

  function loadLadder(focusLevel) {
    const grid = $("ladder-grid");
    if (!state.ladderLoaded && state.levels.length) {
      grid.replaceChildren(...state.levels.map((lv) => {
        const card = el(document, "article", { class: "level-card", id: `level-${lv.number}`, "aria-label": `Level ${lv.number}: ${lv.title}` },
          el(document, "div", {}, levelBadge(document, lv), el(document, "span", { class: "doc", text: ` Level ${lv.number} · ${lv.doc}` })),
          el(document, "h2", { text: lv.title }),
          el(document, "p", { text: lv.overview }),
        );
        if (lv.role) card.append(el(document, "h3", { text: "Primary role" }), el(document, "p", { text: lv.role }));
        if (lv.responsibilities.length) {
          card.append(el(document, "h3", { text: "Key responsibilities" }),
            el(document, "ul", {}, ...lv.responsibilities.map((r) => el(document, "li", {}, el(document, "strong", { text: `${r.heading}: ` }), r.text))));
        }
        if (lv.skills) card.append(el(document, "h3", { text: "Skills developed" }), el(document, "p", { text: lv.skills }));
        return card;
      }));
      state.ladderLoaded = true;
      $("ladder-status").textContent = `${state.levels.length} levels`;
    }
    for (const card of grid.querySelectorAll(".level-card")) card.classList.remove("focus");
    if (focusLevel) {
      const card = $(`level-${focusLevel}`);
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
        el(document, "a", { href: `#ladder/level-${r.level ? r.level.number : 1}`, text: r.level ? `See level ${r.level.number} in the ladder` : "See the ladder" }),
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
    if (r) location.hash = `ladder/level-${r.level ? r.level.number : 1}`;
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

  // ---- match a job description ---------------------------------------------
  const posting = $("posting");
  posting.addEventListener("input", () => { $("posting-count").textContent = `${posting.value.length.toLocaleString()} / 20,000 characters`; });
  $("match-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = posting.value;
    if (!text.trim()) { setStatus($("match-status"), "Paste a job description first.", true); return; }
    setStatus($("match-status"), "Matching…");
    try {
      const body = await matchApi("/match", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text, k: 3 }) });
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
