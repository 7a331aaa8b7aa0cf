"""Markdown, read with markdown-it-py: headings, paragraphs, list items and tables, markup left out.

The extracted text is the file's text without the inline markup inside
blocks (emphasis, links' targets, images, HTML tags, code backticks, quote
and indentation prefixes of continued lines); for a file with none of it,
that is the file's own text, and `file[start:end] == text` holds.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.document import Block, Cell, Document, Kind, Table, split_label
from ingest.formats import read_text_file
from ingest.ladder import is_sub_heading, name_level

SKIPPED_INLINE = {"image", "html_inline"}
FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\](?!:)")  # "Salary (NL)[^1]": a mark, not a word; "[^1]: ..." defines it
BOLD_LABEL = re.compile(r"[ \t]*(?:\*\*|__)[^*_\n]{1,40}?:?[ \t]*(?:\*\*|__):?")  # "**Pay:** CHF 62,000"
# Obsidian's markup: a callout's type ("> [!note] Scope"), a wiki link's brackets, tags after a sentence
CALLOUT = re.compile(r"^\[![\w-]+\][+-]?[ \t]*", re.MULTILINE)
WIKI_LINK = re.compile(r"\[\[(?:[^\]|\n]*\|)?([^\]|\n]+)\]\]")
TAGS = re.compile(r"(?:(?<=[.!?])|^)(?:[ \t]*#[A-Za-z][\w/-]*)+[ \t]*$", re.MULTILINE)  # not "in #eng-help"


@dataclass(frozen=True, slots=True)
class Found:
    """A block's text located in the source: its span there and the source characters to leave out of it."""

    start: int
    end: int
    deleted: tuple[int, ...]
    positions: tuple[int, ...]  # where each character of the plain text is in the source
    # source characters read as another: a <br> between a cell's lines as a space, "&rsquo;"'s "&" as "’"
    replaced: tuple[tuple[int, str], ...] = ()


def read(path: Path) -> Document:
    text, notes = read_text_file(path)
    document = parse(text, path.name)
    document.warnings += notes
    return document


def parse(source: str, name: str) -> Document:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(without_front_matter(source))
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    found: list[tuple[Kind | str, Found | None, int, bool]] = []  # (kind, "row" or "cell"; where; depth; link)
    lists = 0
    heading_depth = 0
    in_item = False
    row_end = cursor = 0  # within a table row, cells are found one after another
    labels: dict[int, tuple[str, int]] = {}  # found[i]'s label and where its body starts in the source
    entities = entity_index(source)
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "heading_open":
            heading_depth = int(token.tag[1])
        elif token.type == "table_open":  # two tables one after another are two
            found.append(("table", None, 0, False))
        elif token.type == "tr_open":
            cursor, row_end = line_starts[token.map[0]], line_starts[token.map[1]]
            found.append(("row", None, 0, False))
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            where = locate(source, cursor, row_end, plain_text(token), entities)
            if where is not None:
                cursor = where.end
            found.append(("cell", where, 0, False))
        elif token.type == "html_block" and token.map is not None:  # Notion's <aside> callout, a toggle's <summary>
            at = line_starts[token.map[0]]
            for piece, inside in html_pieces(token.content):
                if inside in ("tr", "td"):  # a row, or a cell that is empty until its text is found
                    found.append(("row" if inside == "tr" else "cell", None, 0, False))
                    continue
                where = locate(source, at, line_starts[token.map[1]], piece, entities)
                if where is None:
                    continue
                at = where.end
                if inside == "cell":  # a cell's text, its pieces (split by <br> or <p>) joined
                    _, before, _, _ = found[-1]
                    found[-1] = ("cell", where if before is None else joined(before, where, source), 0, False)
                elif inside is not None and inside.startswith("h"):  # <h2 id="l3">Level 3: Senior Designer</h2>
                    heading_depth = int(inside[1])
                    found.append((Kind.HEADING, where, heading_depth, False))
                elif inside == "summary" and not piece.endswith("?"):  # heads what it hides; an FAQ's question not
                    found.append((Kind.HEADING, where, heading_depth + 1, False))
                else:
                    found.append((Kind.PARAGRAPH, where, lists, False))
        elif token.type == "inline" and token.map is not None:
            plain = plain_text(token)
            lines = plain.split("\n")
            first, last = token.map
            # "**Reports to:** ...", "**Pay:** ..." on lines one under the other: a fact each, not one paragraph
            facts = len(lines) == last - first > 1 and all(
                BOLD_LABEL.match(source, line_starts[k]) for k in range(first, last)
            )
            pieces = (
                [(line, line_starts[first + k], line_starts[first + k + 1]) for k, line in enumerate(lines)]
                if facts and tokens[i - 1].type == "paragraph_open"
                else [(plain, line_starts[first], line_starts[last])]
            )
            for plain, low, high in pieces:
                where = locate(source, low, high, plain, entities)
                if where is None:
                    continue
                if tokens[i - 1].type == "heading_open":
                    found.append((Kind.HEADING, where, heading_depth, False))
                    continue
                label = split_label(plain)
                if label is not None:  # the label's markup stays in the text: only the body becomes a passage
                    body = where.positions[label[1]] if label[1] < len(plain) else where.end
                    kept = tuple(d for d in where.deleted if d > body)
                    where = Found(where.start, where.end, kept, where.positions, where.replaced)
                    labels[len(found)] = (label[0], body)
                # a toggle exported as a list: "- Skills and behaviours" over its own items names them
                if in_item and nests_a_list(tokens, i) and names_a_list(plain):
                    found.append((Kind.HEADING, where, heading_depth + 1, False))
                else:
                    found.append((Kind.ITEM if in_item else Kind.PARAGRAPH, where, lists, only_a_link(token)))
            in_item = False
    located = [where for _, where, _, _ in found if where]
    text, position = without(source, sorted(d for where in located for d in where.deleted))
    for at, char in sorted({(position(i), char) for where in located for i, char in where.replaced}):
        text = text[:at] + char + text[at + 1 :]
    parts: list[Block | Table] = []
    rows: list[list[Cell | None]] = []
    for n, (kind, where, depth, link) in enumerate(found):
        if kind == "table":
            if rows:
                parts.append(Table(tuple(tuple(r) for r in rows)))
            rows = []
            continue
        if kind == "row":
            rows.append([])
            continue
        start, end = (position(where.start), position(where.end)) if where else (0, 0)
        if kind == "cell":
            rows[-1].append(Cell(text[start:end], start, end) if where else None)
            continue
        if rows:
            parts.append(Table(tuple(tuple(r) for r in rows)))
            rows = []
        label, body = labels.get(n, (None, -1))
        block = Block(kind, text[start:end], start, end, max(depth, 1), link, label, position(body) if label else -1)  # type: ignore[arg-type]
        parts.append(block)
    if rows:
        parts.append(Table(tuple(tuple(r) for r in rows)))
    return Document(name, "markdown", text, parts)


YAML_LINE = re.compile(r"^(?:[\w-]+\s*:(?:\s|$)|\s+\S|-\s|#)")  # "title: ...", "  - tag", "# a comment"
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*\r?\n){0,40}?---[ \t]*(?:\r?\n|\Z)")


def without_front_matter(source: str) -> str:
    """The source with a YAML front matter block ("---\ntitle: ...\n---") blanked, offsets kept: it is the
    page's settings, not its text (read as Markdown, it is a heading)."""
    found = FRONT_MATTER.match(source)
    inside = found.group(0).splitlines()[1:-1] if found else []
    if found is None or not all(YAML_LINE.match(line) for line in inside if line.strip()):
        return source  # a rule ("---") and prose: no front matter
    return re.sub(r"[^\r\n]", " ", found.group(0)) + source[found.end() :]


TOGGLE_WORDS = 6  # the most words of a list item that names the list nested in it
# What a toggle's label names: "Skills and behaviours", "Experience and qualifications".
CONTENT_WORDS = re.compile(
    r"\b(?:skills?|experience|qualifications?|responsibilit(?:y|ies)|behaviou?rs?|competenc(?:y|ies)|knowledge"
    r"|requirements?|duties|expectations?|examples?|evidence|scope|impact)\b",
    re.I,
)
BLOCK_TAG = re.compile(
    r"</?(?:p|div|aside|details|summary|li|ul|ol|h[1-6]|blockquote|section|br|table|thead|tbody|tr|td|th)\b[^>]*>", re.I
)
# Elements whose text is the page's chrome or code, not its words.
LEFT_OUT = r"<!--.*?(?:-->|$)|<(script|style|nav|header|footer|form|button|template)\b.*?(?:</\1>|$)"
HEADING_TAGS = {"summary", "h1", "h2", "h3", "h4", "h5", "h6"}


def names_a_list(text: str) -> bool:
    """A list item that names the list nested under it, as a toggle's label does ("Skills and behaviours"), not a
    level ("Junior Designer") nor a duty with steps of its own ("Runs the weekly design critique")."""
    short = len(text.split()) <= TOGGLE_WORDS and text[-1:].isalpha()
    return short and (is_sub_heading(text) or bool(CONTENT_WORDS.search(text))) and not name_level(text).strength


def html_pieces(html: str) -> list[tuple[str, str | None]]:
    """The text of an HTML block, a piece per block element, without its tags, comments, scripts, styles or
    navigation; each with the element it is in when that is a heading or a toggle's summary ("summary", "h2"),
    or "cell" in a table's cell. A table's row starts with ("", "tr") and each of its cells with ("", "td"); a
    cell spanning rows or columns is empty where it spans, and a table with no header cells gets an empty
    header row."""
    html = re.sub(LEFT_OUT, "", html, flags=re.S | re.I)
    out: list[tuple[str, str | None]] = []
    table = HtmlTable(out)
    inside = None
    for piece in re.split(f"({BLOCK_TAG.pattern})", html, flags=re.I):
        if BLOCK_TAG.fullmatch(piece):
            tag = re.match(r"<(/?)(\w+)", piece)
            closing, name = (tag.group(1), tag.group(2).lower()) if tag else ("", "")
            if name in ("td", "th", "tr", "table"):
                table.tag(name, bool(closing), piece)
            inside = name if name in HEADING_TAGS and not closing else None
        elif text := re.sub(r"[ \t\r\n]+", " ", html_lib.unescape(re.sub(r"<[^>]*>", "", piece))).strip(" \t\r\n"):
            out.append((text, "cell" if table.in_cell else inside))
    table.tag("table", True, "")
    return out


class HtmlTable:
    """A table's rows and cells as `html_pieces` gives them, spans filled with empty cells."""

    def __init__(self, out: list[tuple[str, str | None]]) -> None:
        self.out = out
        self.in_cell = False
        self.start = -1  # where the table's first row is in `out`
        self.headed = False  # its first row has a header cell
        self.rows = 0
        self.column = 0
        self.spanned: dict[int, int] = {}  # column -> rows still taken by a cell above
        self.across = 0  # columns still taken by the last cell
        self.opened = False  # the block opens the table (a blank line inside one splits it into blocks)

    def tag(self, name: str, closing: bool, raw: str) -> None:
        self.in_cell = name in ("td", "th") and not closing
        if name in ("td", "th") and not closing:
            self._fill(until_free=True)
            self.headed |= name == "th" and self.rows == 1
            self.out.append(("", "td"))
            span = re.search(r"rowspan\s*=\s*[\"']?(\d+)", raw, re.I)
            if span and int(span.group(1)) > 1:
                self.spanned[self.column] = int(span.group(1)) - 1
            across = re.search(r"colspan\s*=\s*[\"']?(\d+)", raw, re.I)
            self.across = int(across.group(1)) - 1 if across else 0
            self.column += 1
        elif name == "tr" and not closing:
            self._fill(until_free=False)
            if self.start < 0:
                self.start = len(self.out)
            self.out.append(("", "tr"))
            self.rows += 1
            self.column = 0
        elif name == "table" and not closing:
            self.opened = True
        elif name == "table" and closing and self.start >= 0:
            self._fill(until_free=False)
            if not self.headed and self.opened:  # no <th>: every row is a row, under an empty header
                width = sum(1 for _, kind in self.out[self.start + 1 :] if kind == "td") // max(self.rows, 1)
                self.out[self.start : self.start] = [("", "tr"), *[("", "td")] * max(width, 1)]
            self.__init__(self.out)  # type: ignore[misc]

    def _fill(self, until_free: bool) -> None:
        """The empty cells a span takes: the last cell's columns, and the cells above reaching down (before
        the next cell's column, or to the row's end)."""
        for _ in range(self.across):
            self.out.append(("", "td"))
            self.column += 1
        self.across = 0
        while self.spanned.get(self.column, 0) > 0 or (
            not until_free and any(c >= self.column for c, n in self.spanned.items() if n > 0)
        ):
            if self.spanned.get(self.column, 0) > 0:
                self.spanned[self.column] -= 1
                self.out.append(("", "td"))
            elif until_free:
                break
            self.column += 1
            if not until_free and self.column > max(self.spanned, default=0):
                break


def joined(first: Found, then: Found, source: str) -> Found:
    """One cell's two pieces as one: the markup between them left out but for its spaces and line breaks, or
    its first character read as a space when it has none ("email<br>within")."""
    between = range(first.end, then.start)
    kept = [i for i in between if source[i].isspace()] or [first.end]
    deleted = first.deleted + tuple(i for i in between if i not in kept) + then.deleted
    spaced = () if source[kept[0]].isspace() else ((kept[0], " "),)
    replaced = (*first.replaced, *spaced, *then.replaced)
    return Found(first.start, then.end, deleted, first.positions + tuple(kept) + then.positions, replaced)


def nests_a_list(tokens, i: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the list item whose text is tokens[i] has a list of its own right after it."""
    return (
        i + 2 < len(tokens)
        and tokens[i + 1].type == "paragraph_close"
        and tokens[i + 2].type in ("bullet_list_open", "ordered_list_open")
    )


def plain_text(inline) -> str:  # type: ignore[no-untyped-def]
    """An inline token's text as a reader sees it: no markup, no images, no HTML."""
    out = []
    for child in inline.children or []:
        if child.type in SKIPPED_INLINE:
            continue
        if child.type == "text":
            out.append(FOOTNOTE_MARK.sub("", child.content))
        elif child.type == "code_inline":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    text = WIKI_LINK.sub(r"\1", "".join(out))  # "[[Gowning qualification]]", "[[Shift patterns|shifts]]"
    return TAGS.sub("", CALLOUT.sub("", text)).strip()


def only_a_link(inline) -> bool:  # type: ignore[no-untyped-def]
    """An item or paragraph that is nothing but a link (a table of contents entry, a list of pages)."""
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return bool(children) and children[0].type == "link_open" and children[-1].type == "link_close"


ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def entity_index(source: str) -> dict[str, list[tuple[int, int]]]:
    """The source's character references by the character each stands for ("’": "&rsquo;" at 120-127)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in ENTITY.finditer(source):
        char = html_lib.unescape(m.group(0))
        if len(char) == 1:
            out.setdefault(char, []).append((m.start(), m.end()))
    return out


def locate(
    source: str, start: int, end: int, plain: str, entities: dict[str, list[tuple[int, int]]] | None = None
) -> Found | None:
    """Where `plain` lies in `source[start:end]`: each of its characters matched in order, every source
    character between two matched ones that is not in `plain` left out (markup); a character may be matched by
    a reference to it ("’" by "&rsquo;", read as the character). None when it is not there."""
    if not plain:
        return None
    deleted: list[int] = []
    positions: list[int] = []
    replaced: list[tuple[int, str]] = []
    pos = start
    for char in plain:
        found = source.find(char, pos, end)
        spans = (entities or {}).get(char, ())
        ref = next((span for span in spans[bisect.bisect_left(spans, (pos, 0)) :] if span[1] <= end), None)
        if ref is not None and (found < 0 or ref[0] < found):  # "&rsquo;" before any "’"
            found = ref[0]
            replaced.append((found, char))
            if positions:
                deleted.extend(range(pos, found))
            deleted.extend(range(found + 1, ref[1]))
            positions.append(found)
            pos = ref[1]
            continue
        if found < 0:
            return None
        if positions:
            deleted.extend(range(pos, found))
        positions.append(found)
        pos = found + 1
    return Found(positions[0], pos, tuple(deleted), tuple(positions), tuple(replaced))


def without(source: str, deleted: list[int]):  # type: ignore[no-untyped-def]
    """The source without the deleted characters, and a function mapping a source offset to the new text's."""
    if not deleted:
        return source, lambda offset: offset
    kept, previous = [], 0
    for d in deleted:
        kept.append(source[previous:d])
        previous = d + 1
    kept.append(source[previous:])

    def position(offset: int) -> int:
        return offset - bisect.bisect_left(deleted, offset)

    return "".join(kept), position
