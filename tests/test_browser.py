"""The search page, the job-description view, the ladder view and the widget, in real headless Chromium.

Debian's chromium, driven by Playwright (no browser is downloaded), against the real
service on a loopback port. Screenshots of each view go to tests/output/.
"""

from __future__ import annotations

import http.server
import itertools
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from core.encoder import ENCODER_DIR
from index.build import build_index
from tests.conftest import DATA, LiveServer, free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parent / "output"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


WIDTHS = {"desktop": 1280, "phone": 390}


def open_page(browser: Browser, width: int) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, errors


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page, errors = open_page(browser, WIDTHS["desktop"])
    yield page
    page.context.close()
    assert not errors, errors


@pytest.fixture(params=list(WIDTHS))
def any_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """The same checks on a desktop and on a phone-sized screen."""
    page, errors = open_page(browser, WIDTHS[request.param])
    page.width_name = request.param  # type: ignore[attr-defined]
    yield page
    page.context.close()
    assert not errors, errors


def screenshot(page: Page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    suffix = getattr(page, "width_name", "desktop")
    page.screenshot(path=OUTPUT / f"{name}-{suffix}.png", full_page=True)


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width} px"


def test_the_answer_comes_first(any_page: Page, live_server: LiveServer) -> None:
    """Typing a question shows the answer card, then a short list of passages; the URL carries the query."""
    page = any_page
    page.goto(live_server.url + "/")
    page.locator("#q").press_sequentially("who reports to the CEO", delay=20)
    answer = page.locator("#answer")
    expect(answer.locator(".badge")).to_have_text("CPO")
    expect(answer).to_contain_text("reporting directly to the CEO")
    expect(answer).to_contain_text("% confident")
    first = page.locator(".result").first
    expect(first.locator(".badge")).to_have_text("CPO")
    expect(first.locator("mark").first).to_be_visible()
    expect(page.locator(".ladder-name")).to_have_count(0)  # one ladder: no need to say which
    expect(page.locator("#status")).to_contain_text("for “who reports to the CEO”")
    answer_box, results_box = answer.bounding_box(), page.locator("#results").bounding_box()
    assert answer_box["y"] < results_box["y"]  # the answer leads
    assert "q=who+reports+to+the+CEO" in page.url
    assert_no_sideways_scroll(page)
    screenshot(page, "search")

    answer.get_by_role("link").click()
    expect(page.locator("#view-ladder")).to_be_visible()
    focused = page.evaluate("document.activeElement.closest('.level-card')?.id")
    assert focused == "level-pm-career-path_txt-6"

    page.goto(live_server.url + "/?q=who+reports+to+the+CEO")
    expect(page.locator("#q")).to_have_value("who reports to the CEO")
    expect(page.locator(".result").first.locator(".badge")).to_have_text("CPO")


def test_a_question_the_guide_does_not_answer(any_page: Page, live_server: LiveServer) -> None:
    """Pay is not in the guide: the card says so, and the closest passages are still listed."""
    page = any_page
    page.goto(live_server.url + "/")
    page.locator("#q").press_sequentially("salary of a VP", delay=10)
    answer = page.locator("#answer")
    expect(answer).to_contain_text("The guide doesn't cover that")
    expect(answer).to_have_class("answer none")
    expect(answer.locator(".badge")).to_have_count(0)
    expect(page.locator(".result").first).to_be_visible()
    screenshot(page, "not-covered")


def test_the_list_is_trimmed_to_what_is_close(page: Page, live_server: LiveServer) -> None:
    """Passages far below the best are folded behind a button that says how many."""
    page.goto(live_server.url + "/?q=who+writes+the+PRDs")
    expect(page.locator(".result").first).to_contain_text("PRDs")
    shown = page.locator(".result").count()
    more = page.locator("#more")
    expect(more).to_be_visible()
    hidden = int(more.inner_text().split()[1])
    assert shown + hidden == 10 and shown < 5
    more.focus()
    page.keyboard.press("Enter")  # by keyboard: the box takes focus on the first passage just shown
    expect(page.locator(".result")).to_have_count(10)
    expect(more).to_be_hidden()
    expect(page.locator("#q")).to_be_focused()
    expect(page.locator("#q")).to_have_attribute("aria-activedescendant", f"result-{shown}")
    expect(page.locator(f"#result-{shown}")).to_have_attribute("aria-selected", "true")


def test_highlights_follow_the_typed_words(page: Page, live_server: LiveServer) -> None:
    """ "product" is added by expanding PRD; it is not what the person typed, so it is not marked."""
    page.goto(live_server.url + "/?q=who+writes+the+PRDs")
    expect(page.locator(".result mark").first).to_be_visible()
    marks = page.locator(".result mark").all_inner_texts()
    assert marks and all(m.lower() != "product" for m in marks)


def test_filter_chips_narrow_results(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?q=strategy")
    expect(page.locator(".result").first).to_be_visible()
    expect(page.locator("#chips-label")).to_have_text("Show only")
    page.get_by_role("button", name="VP: level 5, VP of Product / Head of Product").click()
    expect(page.locator(".result .badge").first).to_have_text("VP")
    badges = page.locator(".result .badge")
    expect(badges).not_to_have_count(0)
    # The first badge may be a VP of the list before the filter: wait until no other level is left.
    expect(badges.filter(has_not_text="VP")).to_have_count(0)
    page.get_by_role("button", name="GPM: level 4, Group Product Manager / Director of Product").click()
    expect(page.locator(".result .badge", has_text="GPM").first).to_be_visible()
    assert set(page.locator(".result .badge").all_inner_texts()) <= {"VP", "GPM"}
    assert "level=5" in page.url and "level=4" in page.url
    page.reload()
    expect(page.locator(".chip[aria-pressed=true]")).to_have_count(2)


def test_keyboard(page: Page, live_server: LiveServer) -> None:
    """/ focuses the box from every view, arrows move through results, Enter focuses the target, Esc clears."""
    for view in ("#match", "#ladder", ""):
        page.goto(live_server.url + "/" + view)
        expect(page.locator(".level-card, #q").first).to_be_attached()
        page.locator("body").press("/")
        expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("roadmap")
    expect(page.locator(".result")).not_to_have_count(0)
    count = page.locator(".result").count()
    assert count > 1
    page.keyboard.press("ArrowUp")  # from the box, up goes to the last passage
    expect(page.locator(f"#result-{count - 1}")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")  # and down wraps to the first
    expect(page.locator("#result-0")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    page.keyboard.type("who writes the PRDs")
    expect(page.locator(".result").first).to_contain_text("PRDs")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#result-0")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#q")).to_have_attribute("aria-activedescendant", "result-0")
    page.keyboard.press("Enter")
    card = page.locator("#level-pm-career-path_txt-1")
    expect(card).to_be_visible()
    expect(card).to_contain_class("focus")
    target = page.evaluate("({ id: document.activeElement.id, text: document.activeElement.textContent })")
    assert target["id"].startswith("passage-") and "PRDs" in target["text"]  # focus is on the passage itself
    assert "#ladder/pm-career-path.txt/1/" in page.url
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator(".result").first).to_be_visible()
    page.locator("#q").press("Escape")
    expect(page.locator(".result")).to_have_count(0)
    expect(page.locator("#answer")).to_be_hidden()
    expect(page.locator("#q")).to_have_value("")


def test_a_malformed_link_still_opens_the_page(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?q=roadmap#ladder/%E0/1")
    expect(page.locator("#view-ladder")).to_be_visible()
    page.goto(live_server.url + "/#ladder/nope.txt/9/zzz")  # a ladder since renamed: every ladder, and why
    expect(page.locator("#ladder-status")).to_contain_text("No ladder called “nope.txt” here; showing all: 6 levels")
    expect(page.locator(".level-card")).to_have_count(6)
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator(".result").first).to_be_visible()


def test_the_combobox_pattern(page: Page, live_server: LiveServer) -> None:
    """The box is a combobox over a listbox of options that hold no links; activedescendant only on it."""
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator(".result").first).to_be_visible()
    q = page.locator("#q")
    expect(q).to_have_attribute("role", "combobox")
    expect(q).to_have_attribute("aria-controls", "results")
    expect(q).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#results")).to_have_attribute("role", "listbox")
    expect(page.locator("#results [role=option] a, #results [role=option] button")).to_have_count(0)
    users = page.evaluate("[...document.querySelectorAll('[aria-activedescendant]')].map(e => e.getAttribute('role'))")
    assert set(users) <= {"combobox"}


def test_empty_and_no_match_states(page: Page, live_server: LiveServer) -> None:
    """Before typing: examples; nonsense: a clear no-match message, not unrelated passages."""
    page.goto(live_server.url + "/")
    expect(page.locator("#search-empty")).to_be_visible()
    page.locator("#q").press_sequentially("how do I bake bread", delay=10)
    expect(page.locator("#status")).to_contain_text("No passages match")
    expect(page.locator("#answer")).to_contain_text("isn't something the career ladder talks about")
    expect(page.locator(".result")).to_have_count(0)
    expect(page.locator("#search-empty")).to_be_hidden()


def test_error_state(browser: Browser, live_server: LiveServer) -> None:
    """A failing API shows an error the user can read, in the live region."""
    page, _ = open_page(browser, WIDTHS["desktop"])  # the browser logs the 503s to the console: expected here
    page.route("**/search?*", lambda route: route.fulfill(status=503, json={"detail": "the index is still loading"}))
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator("#status")).to_contain_text("Search failed: the index is still loading")
    expect(page.locator("#status")).to_have_class("status error")
    page.context.close()


def test_every_control_has_a_name(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator(".chip").first).to_be_visible()
    expect(page.locator(".result").first).to_be_visible()
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, button, a, select, [role=option]')]
                .filter(e => !e.hidden && !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim()))
                .map(e => e.outerHTML)"""
    )
    assert unnamed == []
    # A visible label is part of the accessible name (WCAG 2.5.3): a chip reading "VP" is called "VP: ...".
    chips = page.locator(".chip").all()
    assert all(c.get_attribute("aria-label").startswith(c.inner_text() + ":") for c in chips)
    assert page.locator("[aria-live=polite]").count() >= 3


def test_match_view_ranks_the_posting_level_first(any_page: Page, live_server: LiveServer) -> None:
    """Ctrl+Enter submits; the best level leads, with evidence and each signal's share of the score."""
    page = any_page
    posting = (DATA / "postings" / "senior-pm-healthtech.txt").read_text()
    page.goto(live_server.url + "/#match")
    box = page.get_by_label("Paste a job description")
    box.fill(posting)
    box.press("Control+Enter")
    first = page.locator(".level-match").first
    expect(first.locator(".badge")).to_have_text("Senior PM")
    expect(page.locator(".level-match")).to_have_count(6)
    expect(first.locator(".evidence li").first).to_be_visible()
    signals = first.get_by_role("list", name="Why: each signal's share of the score").locator("li")
    assert {s.split()[0] for s in signals.all_inner_texts()} == {"Content", "Years", "Title", "Wording"}
    assert float(first.get_by_role("meter").get_attribute("aria-valuenow")) > 50
    assert_no_sideways_scroll(page)
    screenshot(page, "match")


def test_match_view_says_when_a_text_is_no_posting(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/#match")
    page.get_by_label("Paste a job description").fill((DATA / "other_postings" / "pastry-chef.txt").read_text())
    page.get_by_role("button", name="Match to a level").click()
    expect(page.locator("#match-status")).to_contain_text("doesn't read like a job posting for any ladder here")
    expect(page.locator(".level-match")).to_have_count(6)
    expect(page.locator(".evidence")).to_have_count(0)


def test_ladder_view(any_page: Page, live_server: LiveServer) -> None:
    """Side by side on a desktop, with a hint that the row scrolls; stacked on a phone."""
    page = any_page
    page.goto(live_server.url + "/#ladder")
    expect(page.locator(".level-card")).to_have_count(6)
    cards = page.locator(".level-card")
    boxes = [cards.nth(i).bounding_box() for i in range(6)]
    if page.width_name == "desktop":
        assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 5  # side by side
        expect(page.locator(".scroll-hint")).to_be_visible()
        grid = page.locator(".ladder-grid")
        assert grid.evaluate("g => g.scrollWidth > g.clientWidth")
        grid.focus()
        page.keyboard.press("ArrowRight")
        expect(grid).to_be_focused()
    else:
        assert all(a["y"] + a["height"] <= b["y"] for a, b in itertools.pairwise(boxes))  # stacked
        expect(page.locator(".scroll-hint")).to_be_hidden()
    assert_no_sideways_scroll(page)
    expect(cards.nth(0)).to_contain_text("Specification Writing")
    expect(cards.nth(5)).to_contain_text("Chief Product Officer")
    screenshot(page, "ladder")


def test_the_header_fits_a_phone(any_page: Page, live_server: LiveServer) -> None:
    page = any_page
    page.goto(live_server.url + "/")
    for tab in page.locator(".tabs a").all():
        box = tab.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert_no_sideways_scroll(page)


def test_api_docs_are_served_by_the_service(page: Page, live_server: LiveServer) -> None:
    """/docs renders Swagger UI from the service's own files: no request leaves the origin."""
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None)
    page.goto(live_server.url + "/docs")
    expect(page.locator(".opblock-summary-path", has_text="/search").first).to_be_visible()
    expect(page.locator(".title").first).to_contain_text("ladder")
    assert elsewhere == []
    screenshot(page, "docs")


def test_page_security_headers(page: Page, live_server: LiveServer) -> None:
    response = page.goto(live_server.url + "/")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Intranet</title><link rel="icon" href="data:,">
<style>input {{ border: 9px solid rgb(255, 0, 0); }} mark {{ background: rgb(0, 255, 0); }}</style></head>
<body><h1>Company portal</h1><div id="ladder"></div>
<script src="{ladder}/widget.js" data-target="#ladder" {options}></script></body></html>"""
OPTIONS = 'data-results="2" data-placeholder="Ask HR’s ladder" data-answer="off"'


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, live_server: LiveServer, portal_port: int) -> Iterator[dict]:
    """The same portal pages served from two loopback origins: one allowed by CORS, one not."""
    root = tmp_path_factory.mktemp("portal")
    (root / "index.html").write_text(HOST_PAGE.format(ladder=live_server.url, options=""))
    (root / "options.html").write_text(HOST_PAGE.format(ladder=live_server.url, options=OPTIONS))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = partial(Quiet, directory=str(root))
    servers = {}
    for name, port in (("allowed", portal_port), ("other", free_port())):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[name] = server
    yield {name: f"http://127.0.0.1:{s.server_address[1]}/" for name, s in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


def test_widget_on_an_allowed_origin(any_page: Page, portal: dict, live_server: LiveServer) -> None:
    """The widget answers and searches cross-origin, inside a shadow root the host's CSS does not reach."""
    page = any_page
    page.goto(portal["allowed"])
    box = page.locator("#ladder").get_by_role("combobox", name="Search the career ladder")
    box.press_sequentially("who writes the PRDs", delay=20)
    widget = page.locator("#ladder")
    expect(widget.locator(".answer")).to_contain_text("product requirement documents")
    options = widget.get_by_role("option")
    expect(options.first).to_contain_text("product requirement documents")
    expect(options.first.locator(".badge")).to_have_text("APM")
    # passages far below the best (the introduction's "product management") are left to the full page
    expect(options).to_have_count(1)
    assert "responsibility" not in " ".join(widget.locator(".meta").all_inner_texts())  # readable section names
    listbox = widget.get_by_role("listbox")
    assert listbox.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert listbox.evaluate("e => getComputedStyle(e).maxHeight") != "none"
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "ladder-result-0")
    expect(widget.get_by_role("link", name="See all results in ladder")).to_have_attribute(
        "href", live_server.url + "/?q=who%20writes%20the%20PRDs"
    )
    with page.context.expect_page() as opened:
        box.press("Enter")
    assert "#ladder/pm-career-path.txt/1/" in opened.value.url
    opened.value.close()
    assert box.evaluate("e => getComputedStyle(e).borderTopWidth") == "1px"
    mark_colour = widget.locator("mark").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert mark_colour != "rgb(0, 255, 0)"
    assert page.evaluate("document.querySelectorAll('mark').length") == 0  # nothing leaked into the host DOM
    expect(widget.locator(".answer")).to_be_visible()  # the passages arriving after it did not hide it
    screenshot(page, "widget")


def test_widget_options(page: Page, portal: dict) -> None:
    """data-results, data-placeholder and data-answer set the count, the prompt and the answer card."""
    page.goto(portal["allowed"] + "options.html")
    box = page.locator("#ladder").get_by_role("combobox")
    expect(box).to_have_attribute("placeholder", "Ask HR’s ladder")
    box.press_sequentially("roadmap", delay=20)
    expect(page.locator("#ladder [role=status]")).to_have_text("2 passages")
    expect(page.locator("#ladder").get_by_role("option")).to_have_count(2)
    badges = page.locator("#ladder li .badge")
    assert badges.all_inner_texts() == ["PM", "Senior PM"]
    colours = {b.evaluate("e => getComputedStyle(e).backgroundColor") for b in badges.all()}
    assert len(colours) == 2  # a colour per level
    expect(page.locator("#ladder .answer")).to_be_hidden()


def test_widget_on_an_origin_not_allowed(browser: Browser, portal: dict) -> None:
    """An employee on a portal that is not allowed reads what to do; the console names the setting for the admin."""
    page, console = open_page(browser, WIDTHS["desktop"])
    page.goto(portal["other"])
    page.locator("#ladder").get_by_label("Search the career ladder").press_sequentially("roadmap", delay=20)
    status = page.locator("#ladder [role=status]")
    expect(status).to_contain_text("Search isn't available on this page right now")
    assert "LADDER_CORS_ORIGINS" not in status.inner_text()
    expect(page.locator("#ladder li")).to_have_count(0)
    expect(page.locator("#ladder").get_by_text("See all results in ladder")).to_be_hidden()  # it would go nowhere
    assert any("LADDER_CORS_ORIGINS" in line and portal["other"].rstrip("/") in line for line in console)
    page.context.close()


def test_stale_responses_never_overwrite_newer_ones(page: Page, live_server: LiveServer) -> None:
    """The page's fetch helper drops an older response that arrives after a newer one."""
    page.goto(live_server.url + "/")
    outcome = page.evaluate(
        """async () => {
            const realFetch = window.fetch;
            let call = 0;
            window.fetch = (url, init) => {
                const delay = call++ === 0 ? 300 : 0;  // the first (older) request answers last
                return new Promise((resolve, reject) => {
                    init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
                    setTimeout(() => realFetch(url).then(resolve, reject), delay);
                });
            };
            const search = window.LadderCore.latestOnly("");
            const older = search("/search?q=roadmap");
            const newer = search("/search?q=budget");
            const [a, b] = await Promise.all([older, newer]);
            window.fetch = realFetch;
            return { older: a, newer: b && b.query };
        }"""
    )
    assert outcome == {"older": None, "newer": "budget"}


def served(index_dir: Path, corpus: Path) -> Iterator[LiveServer]:
    """A live server over an index and its corpus, for a module fixture to yield from."""
    server = LiveServer(index_dir, extra_env={"LADDER_CORPUS": str(corpus)})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def multi_server(multi_ladder_index) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    corpus, index_dir = multi_ladder_index
    yield from served(index_dir, corpus)


@pytest.fixture(scope="module")
def agency_server(tmp_path_factory, spec, real_encoder, index_dir) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """An agency's three ladders (tests/data/agency): its Word ladder's levels list their skills one a line, and
    "AD" is its Account Director and its Art Director."""
    corpus = tmp_path_factory.mktemp("agency-corpus")
    for name in ("account-management-ladder.docx", "creative-competency-matrix.xlsx", "social-media-ladder.md"):
        shutil.copy(DATA / "agency" / name, corpus)
    agency_index = tmp_path_factory.mktemp("agency-index") / "index"
    build_index(corpus, agency_index, spec, real_encoder, export_from=index_dir / ENCODER_DIR)
    yield from served(agency_index, corpus)


def test_a_level_card_lists_every_skill(page: Page, agency_server: LiveServer) -> None:
    """A level's card showed only its first listed skill; a list of skills is a list."""
    page.goto(agency_server.url + "/#ladder")
    skills = page.locator(".level-card").first.locator("h3:has-text('Skills developed') + ul > li")
    expect(skills.first).to_have_text("Strong organisation and attention to detail")
    expect(skills.nth(1)).to_have_text("Clear written communication")
    assert skills.count() >= 4


def test_a_line_that_gives_its_own_label_shows_it_once(page: Page, agency_server: LiveServer) -> None:
    """A new user's ladder view read "Reports to: Reports to: Ward Sister": the line's heading before a text
    that opens with it; and a level's overview paragraphs ran into one another."""
    page.goto(agency_server.url + "/#ladder")
    line = page.locator("li", has_text="Social Media Manager").filter(has_text="Reports to").first
    expect(line).to_have_text("Reports to: Social Media Manager")
    for card in page.locator(".level-card").all():
        for paragraph in card.locator(":scope > p").all_inner_texts():
            assert "\n\n" not in paragraph


def test_example_questions_name_the_served_ladder_s_levels(page: Page, agency_server: LiveServer) -> None:
    """A new user's page of four ladders offered the PM guide's "who writes the PRDs?" and "who reports to the
    CEO": examples are asked of the served ladder's own levels, and one answers when clicked."""
    page.goto(agency_server.url + "/")
    examples = page.locator(".example")
    expect(examples.first).not_to_have_text("who writes the PRDs?")
    texts = examples.all_inner_texts()
    titles = [lv["title"] for lv in page.request.get(agency_server.url + "/levels").json()["levels"]]
    assert any(title in text for text in texts for title in titles), texts
    assert not any("PRD" in text or "CEO" in text for text in texts), texts
    examples.first.click()
    expect(page.locator(".result").first).to_be_visible()


def test_an_answer_that_depends_on_the_ladder(page: Page, agency_server: LiveServer) -> None:
    """ "What does an AD do?": the Account Director and the Art Director, each under its own ladder."""
    page.goto(agency_server.url + "/")
    page.locator("#q").press_sequentially("what does an AD do?", delay=10)
    card = page.locator("#answer")
    expect(card).to_contain_text("It depends on your ladder")
    answers = card.locator(".by-ladder > li")
    expect(answers).to_have_count(2)
    expect(answers.nth(0)).to_contain_text("An Account Director leads a portfolio")
    expect(answers.nth(1)).to_contain_text("Art Director")
    screenshot(page, "answer-by-ladder")
    answers.nth(1).get_by_role("link").click()
    expect(page.locator("#level-creative-competency-matrix_xlsx-4")).to_be_visible()
    body = page.request.post(agency_server.url + "/ask", data={"question": "what does an AD do?"}).json()
    assert body["answer"] is None and body["reason"] == "not_covered"
    assert [a["level"]["title"] for a in body["by_ladder"]] == ["Account Director", "Art Director"]
    one = page.request.post(
        agency_server.url + "/ask", data={"question": "what does an AD do?", "doc": "creative-competency-matrix.xlsx"}
    ).json()
    assert one["answer"]["level"]["title"] == "Art Director" and "by_ladder" not in one


def test_the_widget_gives_each_ladder_s_answer(page: Page, agency_server: LiveServer) -> None:
    """The widget on a page of the service's own origin (served by the test): "what does an AD do?" shows both."""
    host = agency_server.url + "/portal.html"
    page.route(
        host, lambda route: route.fulfill(content_type="text/html", body=HOST_PAGE.format(ladder="", options=""))
    )
    page.goto(host)
    page.locator("#ladder").get_by_role("combobox").press_sequentially("what does an AD do?", delay=10)
    answer = page.locator("#ladder .answer")
    expect(answer).to_contain_text("It depends on your ladder")
    expect(answer.locator(".each")).to_have_count(2)
    expect(answer.locator(".each").nth(1)).to_contain_text("Art Director: Directs the look and feel")
    expect(page.locator("#ladder li").first).to_be_visible()
    ladders = page.locator("#ladder li .ladder").all_inner_texts()  # passages of two ladders: each names its own
    assert len(set(ladders)) >= 2 and all(name.startswith(" · ") for name in ladders)
    assert answer.locator(".each .ladder").count() == 2  # and each answer its ladder


def test_several_ladders_on_the_page(any_page: Page, multi_server: LiveServer) -> None:
    """A ladder choice keeps chips, searches and level links to one guide; the ladder view groups by guide."""
    page = any_page
    page.goto(multi_server.url + "/")
    choice = page.get_by_label("Ladder", exact=True)
    expect(choice).to_be_visible()
    expect(page.locator(".chip")).to_have_count(0)  # all ladders: no level of any one of them to pick
    choice.select_option("developer-wiki.md")
    expect(page.locator(".chip")).to_have_count(5)
    page.get_by_role("button", name="D1: level 1, Developer 1").click()
    page.locator("#q").press_sequentially("code review", delay=10)
    expect(page.locator(".result").first).to_be_visible()
    assert set(page.locator(".result .badge").all_inner_texts()) == {"D1"}
    assert "doc=developer-wiki.md" in page.url and "level=1" in page.url
    page.locator(".result").first.click()
    card = page.locator("#level-developer-wiki_md-1")
    expect(card).to_contain_class("focus")
    expect(page.locator("#level-pm-career-path_txt-1")).to_have_count(0)  # only the chosen guide's cards
    page.reload()
    expect(page.locator("#level-developer-wiki_md-1")).to_contain_class("focus")
    # each passage and the answer say which ladder they are from (two ladders have a Developer 1, APM...)
    page.goto(multi_server.url + "/?q=who+reviews+code")
    expect(page.locator(".result").first).to_be_visible()
    names = page.locator(".result .ladder-name").all_inner_texts()
    assert len(names) == page.locator(".result").count() and all(names)
    page.goto(multi_server.url + "/?q=pipeline&doc=sales-competencies.csv")
    expect(page.locator(".result").first).to_be_visible()
    expect(page.get_by_label("Ladder", exact=True)).to_have_value("sales-competencies.csv")
    page.goto(multi_server.url + "/#ladder")
    groups = page.locator(".ladder-group")
    expect(groups).to_have_count(4)
    expect(groups.nth(0).locator("h2")).to_contain_text("Product Design Career Ladder")
    assert_no_sideways_scroll(page)
    screenshot(page, "ladders")


SENIOR_PM = (
    "I'm a senior PM at Acme. I own a complex product area, the checkout, and I mentor two junior PMs. "
    "I work with several engineering teams on cross-team goals and I give input to the product strategy "
    "and roadmap."
)


def test_my_next_step(any_page: Page, live_server: LiveServer) -> None:
    """Paste what you do today: the level it reads as, the next level's gaps, and what is already shown."""
    page = any_page
    page.goto(live_server.url + "/#growth")
    box = page.get_by_label("Describe what you do today")
    box.fill(SENIOR_PM)
    box.press("Control+Enter")
    expect(page.locator("#growth-status")).to_contain_text("reads as Senior Product Manager")
    result = page.locator("#growth-result")
    expect(result.locator(".growth-head .badge").first).to_have_text("Senior PM")
    gaps = page.get_by_role("list", name="Gaps, furthest first")
    expect(gaps).to_contain_text("Team Management")
    expect(gaps).to_contain_text("Strategic Planning")
    assert_no_sideways_scroll(page)
    screenshot(page, "growth")


def test_my_next_step_by_keyboard(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/#growth")
    page.get_by_label("Describe what you do today").focus()
    page.keyboard.type("As Chief Product Officer I report to the CEO and own the product portfolio.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show my next step")).to_be_focused()  # one ladder: no ladder choice
    page.keyboard.press("Enter")
    expect(page.locator("#growth-status")).to_contain_text("the top of this ladder")
    page.get_by_label("Describe what you do today").fill("")
    page.get_by_role("button", name="Show my next step").click()
    expect(page.locator("#growth-status")).to_contain_text("Describe what you do today first")


def test_my_next_step_about_other_work(browser: Browser, live_server: LiveServer) -> None:
    """A paragraph about other work gets no level, and the page says why."""
    page, console = open_page(browser, WIDTHS["desktop"])
    page.goto(live_server.url + "/#growth")
    page.get_by_label("Describe what you do today").fill(
        "I'm an ICU nurse. On a twelve-hour shift I care for one or two ventilated patients."
    )
    page.get_by_role("button", name="Show my next step").click()
    expect(page.locator("#growth-status")).to_contain_text("than like any level in pm-career-path.txt")
    expect(page.locator("#growth-result")).to_be_empty()
    page.context.close()
    assert [m for m in console if "422" not in m] == [], console  # the browser logs the 422 itself


def test_compare_needs_two_ladders(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/#compare")
    expect(page.locator("#compare-status")).to_contain_text("Comparing needs two ladders")


def test_compare_ladders(any_page: Page, multi_server: LiveServer) -> None:
    """Two ladder choices, the aligned levels in order, the evidence behind a row on demand, by keyboard."""
    page = any_page
    page.goto(multi_server.url + "/#compare/pm-career-path.txt/developer-wiki.md")
    rows = page.locator(".compare-row")
    expect(rows).to_have_count(6)
    expect(page.locator("#compare-status")).to_contain_text("levels of")
    expect(page.get_by_label("Levels of")).to_have_value("pm-career-path.txt")
    expect(page.get_by_label("mapped onto")).to_have_value("developer-wiki.md")
    toggle = rows.first.get_by_role("button")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(rows.first.locator(".pairs li").first).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshot(page, "compare")
    page.get_by_label("mapped onto").select_option("sales-competencies.csv")
    expect(page).to_have_url(re.compile(r"#compare/pm-career-path\.txt/sales-competencies\.csv$"))
    expect(page.locator("#compare-status")).to_contain_text("equivalent in sales-competencies.csv")
    page.get_by_label("mapped onto").select_option("pm-career-path.txt")
    expect(page.locator("#compare-status")).to_contain_text("Pick two different ladders")
