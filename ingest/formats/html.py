"""HTML (a wiki page, an exported document), read with selectolax: headings, paragraphs, items, tables.

Navigation, headers, footers, scripts, styles and images are left out; the
text of each block is what a browser shows, tags and entities resolved.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.document import Document, Kind, Table, TextBuilder
from ingest.formats import HEADING_RATIO, read_text_file

SKIPPED = {
    "nav",
    "header",
    "footer",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "picture",
    "img",
    "form",
    "head",
}
# A wiki's chrome around the page's text, by ARIA role or by a class or id a wiki gives it (Confluence's
# "page-metadata", "toc-macro", "ia-secondary-sidebar", "comment-threads", "footer", its "assistive" skip
# link), as a whole name: a wrapper's "layout--with-sidebar" holds the page itself.
CHROME_ROLES = {"banner", "navigation", "contentinfo", "complementary", "search", "menubar"}
# SharePoint's chrome, its class names with a build's hash after them ("authorByline_3cf9b0de")
SHAREPOINT_CHROME = re.compile(
    r"^(?:siteTitle|siteHeader|authorByline|publishedDate|commandBar|published)_[0-9a-f]{6,}$"
)
CHROME = {
    "breadcrumb", "breadcrumbs", "breadcrumb-section", "sidebar", "ia-secondary-sidebar", "acs-side-bar",
    "page-metadata", "toc", "toc-macro", "pagetree", "page-tree", "comment", "comments", "comment-threads",
    "page-comments", "footer", "footer-body", "likes-and-labels-container", "assistive", "skip-link",
    "cookie-banner", "cookie-consent",
}  # fmt: skip
# "site-footer", "left-sidebar", MediaWiki's "mw-navigation"; not a wrapper's "has-sidebar" or "layout--with-sidebar"
# GOV.UK's "govuk-skip-link", "govuk-cookie-banner", "govuk-phase-banner", "gem-c-feedback", "app-c-metadata".
CHROME_TOKEN = re.compile(
    r"^(?!(?:has|with|no)-)[a-z]+(?:-[a-z]+)*-"
    r"(?:footer|sidebar|navigation|breadcrumbs?|skip-link|cookie-banner|phase-banner|feedback|metadata|back-to-top)$"
)
STATUS = {"status-macro", "aui-lozenge"}  # Confluence's status label ("CURRENT", "UPDATED")
# Inside the text: a stylesheet or script in a paragraph (Confluence's table of contents sets one), a status
# label in a heading ("CURRENT" after a level's title; in a matrix's cell, "EXPECTED" is what it says).
INLINE_CHROME = ", ".join(
    [
        "style",
        "script",
        "noscript",
        "template",
        "button",
        "form",
        *(f"h{n} .{c}" for n in range(1, 7) for c in sorted(STATUS)),
    ]
)
# An expand's prompt: "Click to see the full M3 responsibilities", "Show the full version history", "Expand"
PROMPT = re.compile(
    r"^(?:(?:click|tap|select)(?: here)? (?:to |and )?(?:see|view|show|expand|read|open)(?: the)?(?: full)?"
    r"|(?:see|view|show|expand|read|open)(?=$| (?:the|all|more|full)\b)(?: the)?(?: full| all| more)?) ?",
    re.I,
)
# what follows a status label in a line about the page, not the ladder: "UPDATED Reworded in March 2026."
PAGE_NOTE = re.compile(r"^\W*(?:reworded|updated|changed|revised|last (?:updated|reviewed)|owner)\b|^\W*$", re.I)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
MAX_SPAN = 100  # the most rows or columns one cell covers (a page's "colspan=1000" is a mistake)
LISTS = {"ul", "ol"}
BLOCKS = {"p", "blockquote", "dd", "dt", "figcaption", "pre"}
CELL_BLOCKS = "p, li, div, blockquote, dd, dt, h1, h2, h3, h4, h5, h6, pre"  # each a line of its cell
LINE = "\u2028"  # a line break within a cell while its text is read (its own whitespace is collapsed)


FONT_SIZE = re.compile(r"\.([\w-]+)\s*\{[^}]*?font-size:\s*([\d.]+)pt")
HEADING_WORDS = 12  # a paragraph set large with more words is a pull quote or a lead, not a heading


class Sizes:
    """A stylesheet's font sizes by class, for pages that set headings as large text and have no headings
    of their own (a Google Docs export: <p class="c4"><span class="c8">Purser</span></p>, .c8 being 16pt)."""

    def __init__(self, css: str, root) -> None:  # type: ignore[no-untyped-def]
        self.by_class = {name: float(size) for name, size in FONT_SIZE.findall(css)}
        self.headings: list[float] = []
        if not self.by_class or root.css_first(", ".join(HEADINGS)) is not None:
            return
        chars: Counter[float | None] = Counter()  # all the page's text, sized or not
        for node in root.traverse():
            if node.is_element_node and node.tag not in SKIPPED and (text := node.text(deep=False).strip()):
                chars[self.of(node)] += len(text)
        body = chars.most_common(1)[0][0] if chars else None
        if body is not None:  # text of no known size is the body's: nothing is sure to be larger
            self.headings = sorted({size for size in chars if size and size >= body * HEADING_RATIO}, reverse=True)

    def of(self, node) -> float | None:  # type: ignore[no-untyped-def]
        """Its size, or its nearest sized ancestor's."""
        while node is not None and node.is_element_node:
            sizes = [self.by_class[c] for c in (node.attributes.get("class") or "").split() if c in self.by_class]
            if sizes:
                return max(sizes)
            node = node.parent
        return None

    def depth(self, block) -> int | None:  # type: ignore[no-untyped-def]
        """A paragraph's depth as a heading: short, no sentence, all of it in one heading size."""
        text = " ".join(block.text(deep=True).split())
        if not self.headings or len(text.split()) > HEADING_WORDS or text.endswith((".", "!", "?", ":")):
            return None
        sized = {self.of(n) for n in (block, *block.css("*")) if n.text(deep=False).strip()}
        size = next(iter(sized)) if len(sized) == 1 else None
        return self.headings.index(size) + 1 if size in self.headings else None


def read(path: Path) -> Document:
    from selectolax.lexbor import LexborHTMLParser

    text, notes = read_text_file(path)
    parser = LexborHTMLParser(text)
    root = parser.body
    out = TextBuilder()
    parts: list = []
    if root is not None:
        drop_comments(root)
        css = " ".join(node.text() for node in parser.css("style"))
        titles = tab_titles(root)
        for node, depth in sections(root):
            if node.attributes.get("role") == "tabpanel":  # a tab's panel, titled by its tab ("Scientist II")
                if title := titles.get(node.attributes.get("id") or "") or titles.get(
                    node.attributes.get("aria-labelledby") or ""
                ):
                    nest(parser, node, depth)
                    node.insert_before(heading_node(parser, title, depth))
                    if "hidden" in node.attributes:  # only the tab chosen shows; the others are the page's too
                        del node.attrs["hidden"]
            elif (prompt := PROMPT.match(text := node.text(deep=True).strip())) and (
                prompt.end() == len(text) or " " in text[: prompt.end()]
            ):
                rest = text[prompt.end() :]  # "Click to see the full M3 responsibilities": a caption
                if rest:
                    node.replace_with(rest[:1].upper() + rest[1:])
                else:  # "Click to expand": nothing of what it hides
                    node.decompose()
            elif text and (control := node.parent) is not None and "expand-control" in classes(control):
                # Confluence's expand macro titled "Shift Lead (E5)": a heading over what it hides
                if (content := next_element(control)) is not None:
                    nest(parser, content, depth)
                control.replace_with(heading_node(parser, text, depth))
        # A collapsible section's header is a button around its heading (SharePoint's "Programmer I (E1)"): the
        # heading stays when the button goes.
        for node in root.css("button"):
            if (heading := node.css_first('[role="heading"]')) is not None:
                node.replace_with(heading)
        for node in root.css(INLINE_CHROME):
            node.decompose()
        # "UPDATED Reworded in March 2026.", "CURRENT OWNER: HEAD OF MAINTENANCE": a status line, no text of the page;
        # "REQUIRED Holds a B1 licence" keeps its words
        for node in root.css("p"):
            first = next((c for c in node.iter(include_text=True) if c.tag != "-text" or c.text().strip()), None)
            if first is not None and first.tag != "-text" and STATUS.intersection(classes(first)):
                labels = [n for n in node.css("*") if STATUS.intersection(classes(n))]
                rest = node.text(deep=True)
                for label in labels:
                    rest = rest.replace(label.text(deep=True), " ", 1)
                if PAGE_NOTE.match(rest):
                    node.decompose()
                else:
                    for label in labels:
                        label.decompose()
        sizes = Sizes(css, root)
        walk(root, out, parts, lists=0, sizes=sizes)
    return Document(path.name, "html", out.text, parts, notes)


def walk(node, out: TextBuilder, parts: list, lists: int, sizes: Sizes) -> None:  # type: ignore[no-untyped-def]
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            text = child.text(deep=False)
            if text.strip():  # loose text in a container: a paragraph of its own
                parts.append(out.block(Kind.PARAGRAPH, text))
        elif tag == "header" and (title := child.css_first("h1")) is not None and not is_chrome(child):
            parts.append(out.block(Kind.HEADING, title.text(deep=True), 1))  # Notion's page title; not its chrome
        elif tag in SKIPPED or not child.is_element_node or is_chrome(child):
            continue
        elif tag in HEADINGS:
            parts.append(out.block(Kind.HEADING, child.text(deep=True), HEADINGS[tag]))
        elif (child.attributes.get("role") or "") == "heading":  # <div role="heading" aria-level="2">
            parts.append(out.block(Kind.HEADING, child.text(deep=True), heading_depth(child)))
        elif tag in LISTS:
            walk(child, out, parts, lists + 1, sizes)
        elif tag == "dl":  # "Reports to" over "Scientist I or Scientist II": one line, "Reports to: Scientist I..."
            for name, value in described(child):
                parts.append(out.block(Kind.ITEM, f"{name}: {value}" if name and value else name or value))
        elif tag == "li":
            item_text = own_text(child)
            parts.append(out.block(Kind.ITEM, item_text, max(lists, 1), only_a_link(child)))
            for nested in child.iter():
                if nested.tag in LISTS:
                    walk(nested, out, parts, lists + 1, sizes)
        elif tag == "table" and (box := only_cell(child)) is not None:  # a callout: its text, not a table
            walk(box, out, parts, lists, sizes)
        elif tag == "table":
            parts.append(table(child, out))
        elif tag in BLOCKS and (depth := sizes.depth(child)) is not None:
            parts.append(out.block(Kind.HEADING, child.text(deep=True), depth))
        elif tag in BLOCKS:
            parts.append(out.block(Kind.PARAGRAPH, child.text(deep=True), 1, only_a_link(child)))
        else:  # div, section, main, article...: containers
            walk(child, out, parts, lists, sizes)


def described(node) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A description list's terms each with its description ("Salary band Basel", "CHF 72,000 – 86,000")."""
    pairs: list[tuple[str, str]] = []
    for item in node.css("dt, dd"):
        if any(a.tag == "dd" for a in ancestors(item)):  # a list inside a description is read with it
            continue
        text = " ".join(item.text(deep=True, separator=" ").split())
        if item.tag == "dt":
            pairs.append((text, ""))
        elif pairs and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0], text)
        else:
            pairs.append(("", text))
    return pairs


def drop_comments(root) -> None:  # type: ignore[no-untyped-def]
    """A Google Docs export's comments (a paragraph opening with an anchor "cmnt1", and the replies in its
    thread's div) and their marks in the text ("[a]", an anchor "cmnt_ref1")."""
    for anchor in root.css('a[id^="cmnt"]'):
        if anchor.parent is None:  # went with a thread dropped before it
            continue
        if anchor.attributes.get("id", "").startswith("cmnt_ref"):
            (anchor.parent if anchor.parent.tag == "sup" else anchor).decompose()
            continue
        node = anchor.parent if anchor.parent.tag == "p" else anchor
        thread = node.parent
        # The thread's div when it holds nothing but this comment and its replies (no wrapper of the page).
        if thread is not None and thread.tag == "div" and all(c.tag == "p" for c in thread.iter()):
            node = thread
        node.decompose()


def sections(root) -> list[tuple[object, int]]:  # type: ignore[no-untyped-def]
    """Confluence's expand macros' titles and tabs' panels, each with its depth as a heading: one below the page's
    heading before it (not one inside such a section), and one more for each section it is inside."""
    found, above = [], 1
    for node in root.traverse():
        inside = sum(is_section(a) for a in ancestors(node))
        if node.tag in HEADINGS and not inside:
            above = HEADINGS[node.tag]
        elif "expand-control-text" in classes(node) or node.attributes.get("role") == "tabpanel":
            found.append((node, min(above + inside + (node.attributes.get("role") == "tabpanel"), 6)))
    return found


def is_section(node) -> bool:  # type: ignore[no-untyped-def]
    return "expand-container" in classes(node) or node.attributes.get("role") == "tabpanel"


def tab_titles(root) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each tab's text by the panel it controls and by its own id ("Scientist II", "panel-s2", "tab-s2")."""
    titles = {}
    for tab in root.css('[role="tab"]'):
        shown = tab.clone()
        for hidden in shown.css(", ".join(SKIPPED)):  # an icon's <svg><title>flask</title>: no words of the tab
            hidden.decompose()
        text = " ".join(shown.text(deep=True).split())
        for key in (tab.attributes.get("aria-controls"), tab.attributes.get("id")):
            if key and text:
                titles[key] = text
    return titles


def next_element(node):  # type: ignore[no-untyped-def]
    while (node := node.next) is not None and not node.is_element_node:
        pass
    return node


def heading_node(parser, text: str, depth: int):  # type: ignore[no-untyped-def]
    heading = parser.create_node("div")
    heading.attrs["role"], heading.attrs["aria-level"] = "heading", str(depth)
    heading.insert_child(text)
    return heading


def nest(parser, content, depth: int) -> None:  # type: ignore[no-untyped-def]
    """The headings inside a section titled at `depth` set below it, their depths in the same order."""
    inner = [(h, heading_depth(h)) for h in content.css('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    if inner:
        top = min(d for _, d in inner)
        for h, d in inner:
            h.replace_with(heading_node(parser, h.text(deep=True), min(depth + 1 + d - top, 6)))


def heading_depth(node) -> int:  # type: ignore[no-untyped-def]
    level = node.attributes.get("aria-level") or ""
    return HEADINGS.get(node.tag) or (int(level) if level.isdigit() else 2)


def ancestors(node):  # type: ignore[no-untyped-def]
    while (node := node.parent) is not None and node.is_element_node:
        yield node


def classes(node) -> set[str]:  # type: ignore[no-untyped-def]
    return set((node.attributes.get("class") or "").split())


def only_cell(node):  # type: ignore[no-untyped-def]
    """The one cell of a table of one cell (a box set around a note), or None."""
    cells = node.css("td, th")
    return cells[0] if len(cells) == 1 and not cells[0].css("table") else None


def is_chrome(node) -> bool:  # type: ignore[no-untyped-def]
    """A wiki page's chrome: its banner, sidebar, breadcrumbs, metadata ("Created by..."), table of contents."""
    attributes = node.attributes
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower().split()
    return (
        "hidden" in attributes  # not shown: a cookie banner until scripts show it
        or (attributes.get("role") or "") in CHROME_ROLES
        or not CHROME.isdisjoint(names)
        or any(CHROME_TOKEN.match(name) for name in names)
        or any(SHAREPOINT_CHROME.match(name) for name in f"{attributes.get('class') or ''}".split())
    )


def own_text(item) -> str:  # type: ignore[no-untyped-def]
    """An item's text without the lists nested in it (they are items of their own)."""
    clone = item.clone()
    for nested in clone.css("ul, ol"):
        nested.decompose()
    return clone.text(deep=True)


def only_a_link(node) -> bool:  # type: ignore[no-untyped-def]
    links = node.css("a")
    return len(links) == 1 and links[0].text(deep=True).strip() == node.text(deep=True).strip()


def table(node, out: TextBuilder) -> Table:  # type: ignore[no-untyped-def]
    """Its rows, a cell merged over rows or columns (rowspan, colspan) giving its text to each it covers, as a
    spreadsheet's merged cells do: a category merged down the rows of its competencies."""
    rows: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) a merged cell above covers
    trs = node.css("tr")
    for r, row in enumerate(trs):
        cells: list[str] = []
        for cell in row.css("th, td"):
            while (r, len(cells)) in pending:
                cells.append(pending.pop((r, len(cells))))
            text = cell_text(cell)
            down = span(cell.attributes.get("rowspan"), len(trs) - r)
            across = span(cell.attributes.get("colspan"), 1)
            for c in range(len(cells), len(cells) + across):
                cells.append(text)
                pending.update({(r + d, c): text for d in range(1, down)})
        while (r, len(cells)) in pending:
            cells.append(pending.pop((r, len(cells))))
        rows.append(cells)
    return out.table(rows)


def markup_text(value: str) -> str:
    """A spreadsheet cell holding HTML (an HR system's rich-text field: "<p><b>Duties</b></p><ul><li>..."):
    its text as cell_text reads a table cell's, a line per paragraph and item."""
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(value).body
    return cell_text(body) if body is not None else value


def cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    """A cell's text, a line for each of its paragraphs, list items and line breaks (a role profile's cell of
    duties, one a line, as a Word cell's paragraphs are); the source's own line breaks are only spaces."""
    clone = cell.clone()
    for node in clone.css("br"):
        node.replace_with(LINE)
    for node in clone.css(CELL_BLOCKS):
        node.insert_before(LINE)
        node.insert_after(LINE)
    lines = (" ".join(line.split()) for line in clone.text(deep=True).split(LINE))
    return "\n".join(line for line in lines if line)


def span(value: str | None, rest: int) -> int:
    """A rowspan or colspan as a browser reads it: 1 unless a whole number; 0 (a rowspan to the end of the
    table) the `rest` of it; at most MAX_SPAN."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 4:  # "99999999..." is no span either
        return 1
    return min(int(text) or rest, MAX_SPAN)
