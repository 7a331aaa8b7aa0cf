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


@dataclass(frozen=True, slots=True)
class Found:
    """A block's text located in the source: its span there and the source characters to leave out of it."""

    start: int
    end: int
    deleted: tuple[int, ...]
    positions: tuple[int, ...]  # where each character of the plain text is in the source
    spaced: tuple[int, ...] = ()  # source characters read as a space (a <br> between a cell's lines)


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
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "heading_open":
            heading_depth = int(token.tag[1])
        elif token.type == "tr_open":
            cursor, row_end = line_starts[token.map[0]], line_starts[token.map[1]]
            found.append(("row", None, 0, False))
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            where = locate(source, cursor, row_end, plain_text(token))
            if where is not None:
                cursor = where.end
            found.append(("cell", where, 0, False))
        elif token.type == "html_block" and token.map is not None:  # Notion's <aside> callout, a toggle's <summary>
            at = line_starts[token.map[0]]
            for piece, inside in html_pieces(token.content):
                if inside in ("tr", "td"):  # a row, or a cell that is empty until its text is found
                    found.append(("row" if inside == "tr" else "cell", None, 0, False))
                    continue
                where = locate(source, at, line_starts[token.map[1]], piece)
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
            where = locate(source, line_starts[token.map[0]], line_starts[token.map[1]], plain)
            if where is None:
                continue
            if tokens[i - 1].type == "heading_open":
                found.append((Kind.HEADING, where, heading_depth, False))
                continue
            label = split_label(plain)
            if label is not None:  # the label's markup stays in the text: only the body becomes a passage
                body = where.positions[label[1]] if label[1] < len(plain) else where.end
                where = Found(where.start, where.end, tuple(d for d in where.deleted if d > body), where.positions)
                labels[len(found)] = (label[0], body)
            # a toggle exported as a list: "- Skills and behaviours" over its own items names them
            if in_item and nests_a_list(tokens, i) and names_a_list(plain):
                found.append((Kind.HEADING, where, heading_depth + 1, False))
            else:
                found.append((Kind.ITEM if in_item else Kind.PARAGRAPH, where, lists, only_a_link(token)))
            in_item = False
    located = [where for _, where, _, _ in found if where]
    text, position = without(source, sorted(d for where in located for d in where.deleted))
    for at in sorted({position(i) for where in located for i in where.spaced}):
        text = text[:at] + " " + text[at + 1 :]
    parts: list[Block | Table] = []
    rows: list[list[Cell | None]] = []
    for n, (kind, where, depth, link) in enumerate(found):
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
    or "cell" in a table's cell. A table's row starts with ("", "tr") and each of its cells with ("", "td")."""
    html = re.sub(LEFT_OUT, "", html, flags=re.S | re.I)
    out: list[tuple[str, str | None]] = []
    inside = None
    in_cell = False
    for piece in re.split(f"({BLOCK_TAG.pattern})", html, flags=re.I):
        if BLOCK_TAG.fullmatch(piece):
            tag = re.match(r"<(/?)(\w+)", piece)
            closing, name = (tag.group(1), tag.group(2).lower()) if tag else ("", "")
            if name in ("td", "th", "tr", "table"):
                in_cell = name in ("td", "th") and not closing
                if not closing and name in ("tr", "td", "th"):
                    out.append(("", "tr" if name == "tr" else "td"))
            inside = name if name in HEADING_TAGS and not closing else None
        elif text := " ".join(html_lib.unescape(re.sub(r"<[^>]*>", "", piece)).split()):
            out.append((text, "cell" if in_cell else inside))
    return out


def joined(first: Found, then: Found, source: str) -> Found:
    """One cell's two pieces as one: the markup between them left out but for its spaces and line breaks, or
    its first character read as a space when it has none ("email<br>within")."""
    between = range(first.end, then.start)
    kept = [i for i in between if source[i].isspace()] or [first.end]
    deleted = first.deleted + tuple(i for i in between if i not in kept) + then.deleted
    spaced = (*first.spaced, *([] if source[kept[0]].isspace() else kept), *then.spaced)
    return Found(first.start, then.end, deleted, first.positions + tuple(kept) + then.positions, spaced)


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
    return "".join(out).strip()


def only_a_link(inline) -> bool:  # type: ignore[no-untyped-def]
    """An item or paragraph that is nothing but a link (a table of contents entry, a list of pages)."""
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return bool(children) and children[0].type == "link_open" and children[-1].type == "link_close"


def locate(source: str, start: int, end: int, plain: str) -> Found | None:
    """Where `plain` lies in `source[start:end]`: each of its characters matched in order, every source
    character between two matched ones that is not in `plain` left out (markup). None when it is not there."""
    if not plain:
        return None
    deleted = []
    pos = source.find(plain[0], start, end)
    if pos < 0:
        return None
    positions = [pos]
    for char in plain[1:]:
        pos += 1
        found = source.find(char, pos, end)
        if found < 0:
            return None
        deleted.extend(range(pos, found))
        pos = found
        positions.append(pos)
    return Found(positions[0], pos + 1, tuple(deleted), tuple(positions))


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
