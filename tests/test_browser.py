"""The search page, the job-description view, the ladder view and the widget, in real headless Chromium.

Debian's chromium, driven by Playwright (no browser is downloaded), against the real
service on a loopback port. Screenshots of each view go to tests/output/.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

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


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


def screenshot(page: Page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)


def test_search_as_you_type(page: Page, live_server: LiveServer) -> None:
    """Typing a question shows the CPO passage first, with its badge, and the URL carries the query."""
    page.goto(live_server.url + "/")
    page.locator("#q").press_sequentially("who reports to the CEO", delay=20)
    first = page.locator(".result").first
    expect(first.locator(".badge")).to_have_text("CPO")
    expect(first).to_contain_text("reporting directly to the CEO")
    expect(first.locator("mark").first).to_be_visible()
    expect(page.locator("#status")).to_contain_text("results for")
    assert "q=who+reports+to+the+CEO" in page.url
    screenshot(page, "search")

    page.reload()
    expect(page.locator("#q")).to_have_value("who reports to the CEO")
    expect(page.locator(".result").first.locator(".badge")).to_have_text("CPO")


def test_filter_chips_narrow_results(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?q=strategy")
    expect(page.locator(".result").first).to_be_visible()
    page.get_by_role("button", name="Only level 5, VP of Product / Head of Product").click()
    expect(page.locator(".result .badge").first).to_have_text("VP")
    badges = page.locator(".result .badge")
    expect(badges).not_to_have_count(0)
    assert set(badges.all_inner_texts()) == {"VP"}
    page.get_by_role("button", name="Only level 4, Group Product Manager / Director of Product").click()
    expect(page.locator(".result .badge", has_text="GPM").first).to_be_visible()
    assert set(page.locator(".result .badge").all_inner_texts()) <= {"VP", "GPM"}


def test_keyboard(page: Page, live_server: LiveServer) -> None:
    """/ focuses the box, arrows move through results, Enter opens the level, Esc clears."""
    page.goto(live_server.url + "/")
    page.locator("body").press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("who writes the PRDs")
    expect(page.locator(".result").first).to_contain_text("PRDs")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#result-0")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#result-1")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#q")).to_have_attribute("aria-activedescendant", "result-0")
    page.keyboard.press("Enter")
    expect(page.locator("#level-pm-career-path_txt-1")).to_be_visible()
    expect(page.locator("#level-pm-career-path_txt-1")).to_have_class("level-card focus")
    assert page.url.endswith("#ladder/pm-career-path.txt/1")
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator(".result").first).to_be_visible()
    page.locator("#q").press("Escape")
    expect(page.locator(".result")).to_have_count(0)
    expect(page.locator("#q")).to_have_value("")


def test_empty_and_no_match_states(page: Page, live_server: LiveServer) -> None:
    """Before typing: examples; nonsense: a clear no-match message, not unrelated passages."""
    page.goto(live_server.url + "/")
    expect(page.locator("#search-empty")).to_be_visible()
    page.locator("#q").press_sequentially("how do I bake bread", delay=10)
    expect(page.locator("#status")).to_contain_text("No passages match")
    expect(page.locator(".result")).to_have_count(0)
    expect(page.locator("#search-empty")).to_be_hidden()


def test_error_state(page: Page, live_server: LiveServer) -> None:
    """A failing API shows an error the user can read, in the live region."""
    page.route("**/search?*", lambda route: route.fulfill(status=503, json={"detail": "the index is still loading"}))
    page.goto(live_server.url + "/?q=roadmap")
    expect(page.locator("#status")).to_contain_text("Search failed: the index is still loading")
    expect(page.locator("#status")).to_have_class("status error")


def test_every_control_has_a_name(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator(".chip").first).to_be_visible()
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, button, a, [role=option]')]
                .filter(e => !e.hidden && !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim()))
                .map(e => e.outerHTML)"""
    )
    assert unnamed == []
    assert page.locator("[aria-live=polite]").count() >= 3


def test_match_view_ranks_the_posting_level_first(page: Page, live_server: LiveServer) -> None:
    posting = (DATA / "postings" / "senior-pm-healthtech.txt").read_text()
    page.goto(live_server.url + "/#match")
    page.get_by_label("Paste a job description").fill(posting)
    page.get_by_role("button", name="Match to a level").click()
    first = page.locator(".level-match").first
    expect(first.locator(".badge")).to_have_text("Senior PM")
    expect(page.locator(".level-match")).to_have_count(6)
    expect(first.locator(".evidence li").first).to_be_visible()
    assert float(first.get_by_role("meter").get_attribute("aria-valuenow")) > 50
    screenshot(page, "match")


def test_ladder_view(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/#ladder")
    expect(page.locator(".level-card")).to_have_count(6)
    cards = page.locator(".level-card")
    tops = [cards.nth(i).bounding_box()["y"] for i in range(6)]
    assert max(tops) - min(tops) < 5  # side by side
    expect(cards.nth(0)).to_contain_text("Specification Writing")
    expect(cards.nth(5)).to_contain_text("Chief Product Officer")
    screenshot(page, "ladder")


def test_page_security_headers(page: Page, live_server: LiveServer) -> None:
    response = page.goto(live_server.url + "/")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


HOST_PAGE = """<!doctype html><html><head><title>Intranet</title>
<style>input {{ border: 9px solid rgb(255, 0, 0); }} mark {{ background: rgb(0, 255, 0); }}</style></head>
<body><h1>Company portal</h1><div id="ladder"></div>
<script src="{ladder}/widget.js" data-target="#ladder"></script></body></html>"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, live_server: LiveServer, portal_port: int) -> Iterator[dict]:
    """The same portal page served from two loopback origins: one allowed by CORS, one not."""
    root = tmp_path_factory.mktemp("portal")
    (root / "index.html").write_text(HOST_PAGE.format(ladder=live_server.url))

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


def test_widget_on_an_allowed_origin(page: Page, portal: dict) -> None:
    """The widget searches cross-origin, inside a shadow root the host's CSS does not reach."""
    page.goto(portal["allowed"])
    box = page.locator("#ladder").get_by_label("Search the career ladder")
    box.press_sequentially("who writes the PRDs", delay=20)
    results = page.locator("#ladder li")
    expect(results.first).to_contain_text("product requirement documents")
    expect(page.locator("#ladder .badge").first).to_have_text("APM")
    assert box.evaluate("e => getComputedStyle(e).borderTopWidth") == "1px"
    mark_colour = page.locator("#ladder mark").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert mark_colour != "rgb(0, 255, 0)"
    assert page.evaluate("document.querySelectorAll('mark').length") == 0  # nothing leaked into the host DOM
    screenshot(page, "widget")


def test_widget_on_an_origin_not_allowed(page: Page, portal: dict) -> None:
    """A portal whose origin is not in LADDER_CORS_ORIGINS gets a clear error, not silence."""
    page.goto(portal["other"])
    page.locator("#ladder").get_by_label("Search the career ladder").press_sequentially("roadmap", delay=20)
    status = page.locator("#ladder [role=status]")
    expect(status).to_contain_text("cannot be reached from this page")
    expect(status).to_contain_text("LADDER_CORS_ORIGINS")
    expect(page.locator("#ladder li")).to_have_count(0)


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


@pytest.fixture(scope="module")
def multi_server(multi_ladder_index) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    corpus, index_dir = multi_ladder_index
    server = LiveServer(index_dir, extra_env={"LADDER_CORPUS": str(corpus)})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_several_ladders_on_the_page(page: Page, multi_server: LiveServer) -> None:
    """A ladder choice keeps chips, searches and level links to one guide; the ladder view groups by guide."""
    page.goto(multi_server.url + "/")
    choice = page.get_by_label("Ladder", exact=True)
    expect(choice).to_be_visible()
    expect(page.locator(".chip")).to_have_count(0)  # all ladders: no level of any one of them to pick
    choice.select_option("developer-wiki.md")
    expect(page.locator(".chip")).to_have_count(5)
    page.get_by_role("button", name="Only level 1, Developer 1").click()
    page.locator("#q").press_sequentially("code review", delay=10)
    expect(page.locator(".result").first).to_be_visible()
    assert set(page.locator(".result .badge").all_inner_texts()) == {"D1"}
    assert "doc=developer-wiki.md" in page.url and "level=1" in page.url
    page.locator(".result a").first.click()
    card = page.locator("#level-developer-wiki_md-1")
    expect(card).to_have_class("level-card focus")
    expect(page.locator("#level-pm-career-path_txt-1")).to_have_count(0)  # only the chosen guide's cards
    page.reload()
    expect(page.locator("#level-developer-wiki_md-1")).to_have_class("level-card focus")
    page.goto(multi_server.url + "/?q=pipeline&doc=sales-competencies.csv")
    expect(page.locator(".result").first).to_be_visible()
    expect(page.get_by_label("Ladder", exact=True)).to_have_value("sales-competencies.csv")
    page.goto(multi_server.url + "/#ladder")
    groups = page.locator(".ladder-group")
    expect(groups).to_have_count(4)
    expect(groups.nth(0).locator("h2")).to_contain_text("Product Design Career Ladder")
    screenshot(page, "ladders")
