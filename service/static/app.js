/* The search page: the answer and passages as you type, match a job description, and the ladder itself. */
"use strict";
(() => {
  const { highlightNodes, el, levelBadge, sectionName, debounce, latestOnly, closeToBest } = window.LadderCore;
  const $ = (id) => document.getElementById(id);
  const searchApi = latestOnly("");
  const askApi = latestOnly("");
  const matchApi = latestOnly("");
  const growthApi = latestOnly("");
  const compareApi = latestOnly("");
  const SHOWN_AT_MOST = 5;  // and those far below the best are folded away behind "Show more" too
  const SIGNALS = { content: "Content", years: "Years", title: "Title", cues: "Wording" };

  const state = { ladders: [], levels: [], doc: "", chosen: new Set(), results: [], shown: 0, active: -1, ladderShown: null };
  const q = $("q");
  // Element ids carry the guide: level 1 of one ladder is never level 1 of another.
  const safe = (s) => encodeURIComponent(s).replace(/[^A-Za-z0-9_-]/g, "_");
  const levelId = (doc, number) => `level-${safe(doc)}-${number}`;
  const passageId = (id) => `passage-${safe(id)}`;
  const levelHash = (level, id) => `ladder/${encodeURIComponent(level.doc)}/${level.number}${id ? `/${encodeURIComponent(id)}` : ""}`;
  const ladderName = (doc) => (state.ladders.find((l) => l.doc === doc) || {}).title || doc;
  const guideWord = () => (state.ladders.length > 1 && !state.doc ? "guides don't" : "guide doesn't");
  // With several ladders, which one a passage, an answer or a match is from ("APM" is in two of them).
  const fromLadder = (doc) => (state.ladders.length > 1 && doc ? el(document, "span", { class: "ladder-name", text: ladderName(doc) }) : null);
  const percent = (x) => `${Math.round(x * 100)}%`;
  // An item's name before its text, unless the text gives it ("Reports to: Matron" under "Reports to").
  const label = (name, text) => (name && !String(text || "").toLowerCase().startsWith(`${name.toLowerCase()}:`)
    ? el(document, "strong", { text: `${name}: ` }) : null);

  function setStatus(node, text, isError = false) {
    node.textContent = text;
    node.classList.toggle("error", isError);
  }

  // ---- views -------------------------------------------------------------
  const VIEWS = ["search", "match", "growth", "compare", "ladder"];

  function showView(name, focus) {
    for (const view of VIEWS) {
      $(`view-${view}`).hidden = view !== name;
      const tab = $(`tab-${view}`);
      if (view === name) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
    if (name === "ladder") showLadder(focus);
    if (name === "compare") showCompare(focus);
  }

  const decode = (part) => { try { return decodeURIComponent(part); } catch { return part; } };

  function route() {
    const [view, doc, number, id] = location.hash.replace(/^#/, "").split("/");
    const focus = view === "compare"
      ? { from: doc && decode(doc), to: number && decode(number) }
      : doc ? { doc: decode(doc), number: Number(number), id: id && decode(id) } : null;
    showView(VIEWS.includes(view) ? view : "search", focus);
  }

  // ---- ladders and levels: the ladder choice, the level chips, the ladder view --
  async function loadLevels() {
    const response = await fetch("/levels");
    if (!response.ok) throw new Error(`levels: HTTP ${response.status}`);
    const body = await response.json();
    state.ladders = body.ladders;
    state.levels = body.levels;
    const options = () => state.ladders.map((l) => el(document, "option", { value: l.doc, text: l.title ? `${l.title} (${l.doc})` : l.doc }));
    for (const select of [$("ladder-choice"), $("ladder-view-choice")]) {
      select.replaceChildren(el(document, "option", { value: "", text: "All ladders" }), ...options());
      select.closest(".filters").querySelector("label").hidden = select.hidden = state.ladders.length < 2;
    }
    $("growth-ladder").replaceChildren(el(document, "option", { value: "", text: "The closest one" }), ...options());
    $("growth-ladder").hidden = $("growth-ladder").labels[0].hidden = state.ladders.length < 2;
    $("compare-from").replaceChildren(...options());
    $("compare-to").replaceChildren(...options());
    const initial = new URLSearchParams(location.search);
    chooseLadder(state.ladders.length === 1 ? state.ladders[0].doc : initial.get("doc") || "", initial.getAll("level").map(Number));
  }

  /** Example questions in the served ladders' own names: another company's page has no PRDs or CEO. */
  function showExamples() {
    const levels = state.levels.filter((lv) => lv.doc === (state.doc || (state.ladders[0] || {}).doc));
    if (levels.length < 3) return;
    const a = (title) => `${/^[AEIOU]/i.test(title) ? "an" : "a"} ${title}`;
    const asked = [
      `what does ${a(levels[0].title)} do?`,
      "at what level do I first manage people?",
      `how do I become ${a(levels[1].title)}?`,
      `difference between ${levels[1].short} and ${levels[2].short}`,
    ];
    document.querySelectorAll(".example").forEach((button, i) => { if (asked[i]) button.textContent = asked[i]; });
    q.placeholder = `Ask the ladder: ${asked[0]}`;
  }

  /** Keep searches (and the chips) to one ladder, or to none: a chip always belongs to one ladder. */
  function chooseLadder(doc, levels = []) {
    state.doc = state.ladders.some((l) => l.doc === doc) ? doc : "";
    state.chosen = new Set(state.doc ? levels : []);
    $("ladder-choice").value = state.doc;
    const levelsOfDoc = state.levels.filter((lv) => lv.doc === state.doc);
    showExamples();
    $("chips-label").hidden = !levelsOfDoc.length;
    $("chips").replaceChildren(...levelsOfDoc.map((lv) => {
      const chip = el(document, "button", {
        type: "button", class: "chip", "aria-pressed": String(state.chosen.has(lv.number)), "data-level": String(lv.number),
        "aria-label": `${lv.short}: level ${lv.number}, ${lv.title}`, text: lv.short,
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
    const card = el(document, "article", { class: "level-card", id: levelId(lv.doc, lv.number), tabindex: "-1", "aria-label": `Level ${lv.number}: ${lv.title}` },
      el(document, "div", {}, levelBadge(document, lv), el(document, "span", { class: "doc", text: ` Level ${lv.number}` })),
      el(document, "h3", { class: "title", text: lv.title }),
    );
    // its paragraphs and fact lines ("Pay range: ...") each their own
    if (lv.overview) card.append(...lv.overview.split(/\n\s*\n/).map((text) => el(document, "p", { text })));
    if (lv.role) card.append(el(document, "h3", { text: "Primary role" }), el(document, "p", { text: lv.role }));
    const groups = new Map();
    for (const r of lv.responsibilities) {
      const name = r.category || (r.section === "competency" ? "Competencies" : sectionName(r.section));
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(r);
    }
    for (const [name, items] of groups) {
      card.append(el(document, "h3", { text: name }),
        el(document, "ul", {}, ...items.map((r) => el(document, "li", { id: passageId(r.id), tabindex: "-1" },
          label(r.heading, r.text), r.text))));
    }
    if (lv.skills) {
      const skills = lv.skills.split("\n");  // a list of skills, one a line; a paragraph of them stays one
      card.append(el(document, "h3", { text: "Skills developed" }), skills.length > 1
        ? el(document, "ul", {}, ...skills.map((s) => el(document, "li", { text: s })))
        : el(document, "p", { text: lv.skills }));
    }
    return card;
  }

  /** A row of levels wider than the screen says so, and scrolls by keyboard too. */
  function markScrolling() {
    for (const grid of document.querySelectorAll(".ladder-grid")) {
      const scrolls = grid.scrollWidth > grid.clientWidth + 1;
      grid.classList.toggle("scrolls", scrolls);
      grid.previousElementSibling.hidden = !scrolls;
    }
  }

  function showLadder(focus) {
    const asked = focus ? focus.doc : $("ladder-view-choice").value;
    // A link to a ladder this index does not hold (renamed, removed): every ladder, and a word on why.
    const unknown = Boolean(asked) && state.ladders.length > 0 && !state.ladders.some((l) => l.doc === asked);
    const doc = unknown ? "" : asked;
    $("ladder-view-choice").value = doc;
    if (unknown) state.ladderShown = null;
    if (state.ladderShown !== doc) {
      const ladders = state.ladders.filter((l) => !doc || l.doc === doc);
      $("ladder-groups").replaceChildren(...ladders.map((ladder) => {
        const cards = state.levels.filter((lv) => lv.doc === ladder.doc).map(levelCard);
        const name = ladder.title ? `${ladder.title} · ${ladder.doc}` : ladder.doc;
        return el(document, "section", { class: "ladder-group", "aria-label": ladderName(ladder.doc) },
          el(document, "h2", { text: name }),
          el(document, "p", { class: "scroll-hint", hidden: "" , text: "More levels to the right: scroll sideways →" }),
          el(document, "div", { class: "ladder-grid", tabindex: "0", role: "region", "aria-label": `${name}, levels side by side` }, ...cards));
      }));
      state.ladderShown = state.ladders.length ? doc : null; // not loaded yet: draw again when they are
      const count = ladders.reduce((n, l) => n + l.levels, 0);
      const counted = `${count} levels in ${ladders.length} ladder${ladders.length === 1 ? "" : "s"}`;
      $("ladder-status").textContent = unknown ? `No ladder called “${asked}” here; showing all: ${counted}` : counted;
    }
    markScrolling();
    for (const node of document.querySelectorAll(".focus")) node.classList.remove("focus");
    if (!focus) return;
    const card = $(levelId(focus.doc, focus.number));
    if (!card) return;
    card.classList.add("focus");
    const item = focus.id && $(passageId(focus.id));
    const target = item && card.contains(item) ? item : card;
    target.classList.add("focus");
    target.scrollIntoView({ block: "center", inline: "nearest" });
    target.focus({ preventScroll: true });
  }

  // ---- search: the answer card, then the passages ---------------------------
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
      searchApi.cancel();
      askApi.cancel();
      render([]);
      showAnswer(null);
      setStatus($("status"), "");
      return;
    }
    const params = new URLSearchParams({ q: query, k: "10" });
    if (state.doc) params.set("doc", state.doc);
    for (const level of state.chosen) params.append("level", String(level));
    $("answer").classList.add("stale"); // the last answer is not this question's until /ask says so
    const asked = { question: query, k: 1 };
    if (state.doc) asked.doc = state.doc;
    // The answer and the passages are fetched side by side; each shows when it arrives.
    const answer = askApi("/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(asked) })
      .then((body) => { if (body) showAnswer(body); })
      .catch(() => showAnswer(null));
    try {
      const body = await searchApi(`/search?${params}`);
      if (!body) return; // overtaken by a newer keystroke
      render(body.results);
      const n = body.results.length;
      const counted = state.shown < n ? `The closest ${state.shown} of ${n} passages` : `${n} passage${n === 1 ? "" : "s"}`;
      setStatus($("status"), n ? `${counted} for “${query}”` : `No passages match “${query}”. Try other words or fewer filters.`);
    } catch (error) {
      render([]);
      setStatus($("status"), `Search failed: ${error.message}. Try again.`, true);
    }
    await answer;
  }

  function showAnswer(body) {
    const card = $("answer");
    if (!body) { card.hidden = true; card.replaceChildren(); return; }
    const found = body.answer;
    if (!found && body.by_ladder && body.by_ladder.length) {
      // Asked of several ladders without saying which: each one's answer, under its ladder's name.
      card.replaceChildren(
        el(document, "div", { class: "meta" }, el(document, "span", { class: "label", text: "It depends on your ladder" })),
        el(document, "ul", { class: "by-ladder" }, ...body.by_ladder.map((each) => el(document, "li", {},
          el(document, "div", { class: "meta" }, levelBadge(document, each.level),
            el(document, "span", { text: `${each.level.title} · ${ladderName(each.level.doc)}` }),
            el(document, "span", { class: "confidence", text: `${percent(each.confidence)} confident` })),
          el(document, "p", { class: "answer-text", text: each.text }),
          el(document, "a", { href: `#${levelHash(each.level, each.passage_id)}`, text: `See it in the ladder (level ${each.level.number})` })))),
      );
      card.className = "answer";
      card.hidden = false;
      return;
    }
    if (!found) {
      const text = body.reason === "unrelated"
        ? "That isn't something the career ladder talks about."
        : `The ${guideWord()} cover that.`;
      card.replaceChildren(el(document, "p", { class: "answer-text", text }),
        el(document, "p", { class: "muted", text: body.results.length ? "The closest passages are below, in case they help." : "Try asking about a level, a responsibility or a skill." }));
      card.className = "answer none";
      card.hidden = false;
      return;
    }
    const levels = found.levels.length ? found.levels : found.level ? [found.level] : [];
    const target = found.level || levels[0];
    card.replaceChildren(...[
      el(document, "div", { class: "meta" }, el(document, "span", { class: "label", text: "Answer" }),
        ...levels.map((lv) => levelBadge(document, lv)),
        target ? el(document, "span", { text: target.title }) : null,
        fromLadder(target ? target.doc : ((body.results || []).find((r) => r.id === found.passage_id) || { source: {} }).source.doc),
        el(document, "span", { class: "confidence", text: `${percent(found.confidence)} confident` })),
      el(document, "p", { class: "answer-text", text: found.text }),
      target ? el(document, "a", { href: `#${levelHash(target, found.passage_id)}`, text: `See it in the ladder (level ${target.number})` }) : null,
    ].filter(Boolean));  // replaceChildren writes a null as the text "null"
    card.className = "answer";
    card.hidden = false;
  }

  function render(results, showAll = false) {
    state.results = results;
    state.active = -1;
    state.shown = showAll ? results.length : Math.min(closeToBest(results), SHOWN_AT_MOST);
    $("results").replaceChildren(...results.slice(0, state.shown).map((r, i) => {
      const where = r.heading
        ? [el(document, "span", { text: sectionName(r.section) }), el(document, "span", { class: "heading", text: r.heading })]
        : [el(document, "span", { class: "heading", text: sectionName(r.section) })];
      const item = el(document, "li", { class: "result", role: "option", id: `result-${i}`, "aria-selected": "false" },
        el(document, "div", { class: "meta" }, levelBadge(document, r.level),
          r.level ? el(document, "span", { text: r.level.title }) : null, el(document, "span", { "aria-hidden": "true", text: "·" }), ...where,
          fromLadder(r.source.doc)),
        el(document, "p", {}, highlightNodes(document, r.highlight)),
      );
      item.addEventListener("click", () => openResult(i));
      return item;
    }));
    const hidden = results.length - state.shown;
    $("more").hidden = hidden === 0;
    $("more").textContent = `Show ${hidden} more passage${hidden === 1 ? "" : "s"}, further from the question`;
    q.setAttribute("aria-expanded", String(state.shown > 0));
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
    if (r) location.hash = r.level ? levelHash(r.level, r.id) : "ladder";
  }

  q.addEventListener("input", debounce(runSearch, 150));
  q.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); setActive(state.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); setActive(state.active < 0 ? -1 : state.active - 1); }
    else if (event.key === "Enter") { event.preventDefault(); if (state.active >= 0) openResult(state.active); else runSearch(); }
    else if (event.key === "Escape") { q.value = ""; runSearch(); }
  });
  $("search-form").addEventListener("submit", (event) => event.preventDefault());
  // the box keeps focus (the list is its listbox), on the first passage just shown: ↓ goes on from there
  $("more").addEventListener("click", () => { const first = state.shown; render(state.results, true); q.focus(); setActive(first); });
  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      if (location.hash && location.hash !== "#search") {
        history.pushState(null, "", "#search");
        route(); // now, not on hashchange: a hidden box cannot take focus
      }
      q.focus();
    }
  });
  for (const button of document.querySelectorAll(".example")) {
    button.addEventListener("click", () => { q.value = button.textContent; runSearch(); q.focus(); });
  }

  $("ladder-choice").addEventListener("change", () => { chooseLadder($("ladder-choice").value); runSearch(); });
  $("ladder-view-choice").addEventListener("change", () => { location.hash = "ladder"; showLadder(null); });
  window.addEventListener("resize", debounce(markScrolling, 100));

  // ---- match a job description ---------------------------------------------
  const posting = $("posting");
  posting.addEventListener("input", () => { $("posting-count").textContent = `${posting.value.length.toLocaleString()} / 20,000 characters`; });
  posting.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); $("match-form").requestSubmit(); }
  });
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
      const ladder = state.ladders.length > 1 && body.levels.length ? ` in ${ladderName(body.levels[0].level.doc)}` : "";
      setStatus($("match-status"), best
        ? `Best match: level ${best.level.number}, ${best.level.title}${ladder} (${percent(best.confidence)} confident)`
        : `This doesn't read like a job posting for any ladder here, so no level is picked. The levels are still ranked below.`);
    } catch (error) {
      $("match-results").replaceChildren();
      setStatus($("match-status"), `Matching failed: ${error.message}`, true);
    }
  });

  function signalList(signals) {
    return el(document, "ul", { class: "signals", "aria-label": "Why: each signal's share of the score" },
      ...Object.entries(signals).map(([name, value]) => el(document, "li", { class: value > 0 ? "up" : value < 0 ? "down" : "" },
        `${SIGNALS[name] || name} `, el(document, "strong", { text: `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toFixed(2)}` }))));
  }

  function renderMatch(body) {
    $("match-results").classList.toggle("tentative", !body.best);
    $("match-results").replaceChildren(...body.levels.map((m, i) => {
      const pct = Math.round(m.confidence * 1000) / 10;
      const bar = el(document, "div", { class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(pct), "aria-label": `Confidence for ${m.level.title}` }, el(document, "span"));
      bar.firstChild.style.width = `${pct}%`;
      return el(document, "li", { class: "level-match", "data-level": String(m.level.number) },
        el(document, "div", { class: "line" },
          el(document, "div", {}, levelBadge(document, m.level), ` ${m.level.title}`, i === 0 ? fromLadder(m.level.doc) : null),
          bar,
          el(document, "div", { class: "pct", text: `${pct}%` })),
        signalList(m.signals),
        m.evidence.length && i === 0 && body.best ? el(document, "ol", { class: "evidence", "aria-label": "Evidence" },
          ...m.evidence.map((e) => el(document, "li", {},
            label(e.heading || sectionName(e.section), e.text), highlightNodes(document, e.highlight),
            el(document, "q", { text: e.matched.text })))) : null,
      );
    }));
  }

  // ---- my next step: where a description of my work reads, and what the next level asks ----
  const growthText = $("growth-text");
  growthText.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); $("growth-form").requestSubmit(); }
  });
  $("growth-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = growthText.value;
    if (!text.trim()) { setStatus($("growth-status"), "Describe what you do today first: a few sentences are enough.", true); return; }
    setStatus($("growth-status"), "Reading…");
    try {
      const request = { text };
      if ($("growth-ladder").value) request.doc = $("growth-ladder").value;
      const body = await growthApi("/growth", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
      if (!body) return;
      renderGrowth(body);
      setStatus($("growth-status"), body.next
        ? `Your text reads as ${body.current.level.title}. The next level is ${body.next.title}.`
        : `Your text reads as ${body.current.level.title}, the top of this ladder.`);
    } catch (error) {
      $("growth-result").replaceChildren();
      setStatus($("growth-status"), `That did not work: ${error.message}`, true);
    }
  });

  function growthItem(item, shown) {
    const quote = item.closest
      ? el(document, "q", { text: item.closest.text })
      : el(document, "span", { class: "muted", text: "Nothing in your text comes close yet." });
    return el(document, "li", { class: shown ? "shown" : "gap" },
      label(item.heading || sectionName(item.section), item.text), item.text,
      el(document, "div", { class: "closest" }, el(document, "span", { class: "muted", text: shown ? "You show it here: " : "Closest in your text: " }), quote));
  }

  function renderGrowth(body) {
    const current = body.current;
    const head = el(document, "div", { class: "growth-head" },
      el(document, "div", {}, el(document, "span", { class: "muted", text: "Reads as " }), levelBadge(document, current.level),
        ` ${current.level.title} `, el(document, "span", { class: "muted", text: `(${percent(current.confidence)} confident)` })),
      body.next ? el(document, "div", {}, el(document, "span", { class: "muted", text: "Next level " }), levelBadge(document, body.next), ` ${body.next.title}`) : null);
    if (!body.next) {
      $("growth-result").replaceChildren(head, el(document, "p", { text: "This is the top of the ladder: there is no next level to show." }));
      return;
    }
    $("growth-result").replaceChildren(head,
      el(document, "h2", { text: `What ${body.next.short} asks that your text does not show yet` }),
      body.gaps.length
        ? el(document, "ol", { class: "growth-list", "aria-label": "Gaps, furthest first" }, ...body.gaps.map((g) => growthItem(g, false)))
        : el(document, "p", { class: "muted", text: "Nothing: your text already shows every item of the next level." }),
      el(document, "h2", { text: "What you already show" }),
      body.shown.length
        ? el(document, "ul", { class: "growth-list", "aria-label": "Already shown" }, ...body.shown.map((g) => growthItem(g, true)))
        : el(document, "p", { class: "muted", text: "None of the next level's items yet." }));
  }

  // ---- compare ladders: each level of one, in order, with its equivalent in the other ----
  function showCompare(focus) {
    if (state.ladders.length < 2) {
      $("compare-form").hidden = true;
      setStatus($("compare-status"), state.ladders.length ? "Comparing needs two ladders: add another guide to the corpus." : "");
      return;
    }
    $("compare-form").hidden = false;
    const from = focus && focus.from ? focus.from : $("compare-from").value || state.ladders[0].doc;
    const fallback = state.ladders.find((l) => l.doc !== from).doc;
    const to = focus && focus.to && focus.to !== from ? focus.to : ($("compare-to").value && $("compare-to").value !== from ? $("compare-to").value : fallback);
    $("compare-from").value = from;
    $("compare-to").value = to;
    runCompare();
  }

  async function runCompare() {
    const from = $("compare-from").value;
    const to = $("compare-to").value;
    history.replaceState(null, "", `#compare/${encodeURIComponent(from)}/${encodeURIComponent(to)}`);
    if (from === to) {
      compareApi.cancel();
      $("compare-rows").replaceChildren();
      setStatus($("compare-status"), "Pick two different ladders.", true);
      return;
    }
    setStatus($("compare-status"), "Comparing…");
    try {
      const body = await compareApi(`/compare?${new URLSearchParams({ from, to })}`);
      if (!body) return;
      renderCompare(body);
      const mapped = body.levels.filter((r) => r.equivalent).length;
      setStatus($("compare-status"), `${mapped} of ${body.levels.length} levels of ${ladderName(from)} have an equivalent in ${ladderName(to)}.`);
    } catch (error) {
      $("compare-rows").replaceChildren();
      setStatus($("compare-status"), `Comparing failed: ${error.message}`, true);
    }
  }

  function renderCompare(body) {
    $("compare-rows").replaceChildren(...body.levels.map((row, i) => {
      const evidence = el(document, "ul", { class: "pairs", id: `pairs-${i}`, hidden: "" },
        ...row.evidence.map((pair) => el(document, "li", {},
          el(document, "div", {}, label(pair.from.heading || sectionName(pair.from.section), pair.from.text), pair.from.text),
          el(document, "div", { class: "to" }, el(document, "span", { "aria-hidden": "true", text: "≈ " }),
            label(pair.to.heading || sectionName(pair.to.section), pair.to.text), pair.to.text))));
      const toggle = el(document, "button", { type: "button", class: "evidence-toggle", "aria-expanded": "false", "aria-controls": `pairs-${i}`,
        text: row.evidence.length ? `Why: ${row.evidence.length} passages that align` : "No passage aligns" });
      if (!row.evidence.length) toggle.disabled = true;
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        evidence.hidden = !open;
      });
      const equivalent = row.equivalent
        ? el(document, "div", { class: "side" }, levelBadge(document, row.equivalent), ` ${row.equivalent.title}`)
        : el(document, "div", { class: "side none", text: "No equivalent" });
      return el(document, "li", { class: "compare-row" },
        el(document, "div", { class: "side" }, levelBadge(document, row.level), ` ${row.level.title}`),
        el(document, "div", { class: "arrow", "aria-hidden": "true", text: "→" }),
        equivalent,
        el(document, "div", { class: "pct", text: row.equivalent ? percent(row.confidence) : "" }),
        toggle, evidence);
    }));
  }

  $("compare-form").addEventListener("submit", (event) => { event.preventDefault(); runCompare(); });
  $("compare-from").addEventListener("change", runCompare);
  $("compare-to").addEventListener("change", runCompare);

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
