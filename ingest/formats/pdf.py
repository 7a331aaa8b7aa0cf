"""Text PDFs, read with pdfminer.six: lines with their font sizes become headings, paragraphs and items.

A line set larger than the body text is a heading (the larger, the higher);
the lines of one text box form a paragraph, and a bullet starts an item.
Lines repeated on every page (running headers and footers, page numbers)
are left out.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ingest.document import Document, Kind, Table, TextBuilder
from ingest.formats import HEADING_RATIO, UnreadableError

_GLYPHS = r"[•▪‣◦·\-–*]|\(cid:\d+\)"  # "(cid:127)": a glyph with no text
BULLET = re.compile(rf"^\s*(?:{_GLYPHS}|\d{{1,2}}[.)])\s+")
GLYPH = re.compile(rf"^\s*(?:{_GLYPHS})\s+")  # a bullet that is no section number ("1.")
PAGE_NUMBER = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\b|^\s*\d+\s*$", re.IGNORECASE)
CONNECTIVE_END = re.compile(r"(?:\b(?:and|or|of|for|the|to|in|on|with|&)|[,:–-])\s*$", re.IGNORECASE)
ROW_SLACK = 2.0  # points: cells of one table row sit on the same baseline, give or take this
HEAD_LINES = 3  # the most lines of a box a column's heading opens: its title and a line or two under it
ROW_GAP = 40.0  # points: rows of one table are no farther apart than this, give or take ROW_SLACK
WRAPPED_CELL_LINES = 3  # the most lines a table cell of a row of one-line cells wraps onto
WRAPPED_GAP = 0.75  # a header's lines this much nearer each other than the rows below are one wrapped row
BOLD_HEADING_WORDS = 6  # a bold line of its own this short, with no sentence end, is a sub-heading
NUMBERED_HEADING_WORDS = 10  # or this short, numbered as a section ("3.1 Associate Lecturer / Teaching Fellow")
HANGING_GAP = 1.6  # font sizes: the farthest a list item's next line is below its last
JUSTIFIED_GAP = 3.0  # font sizes: the widest gap between two words of a justified line
STACKED = 1.8  # font sizes: the most a column's line is below the one above it
SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+\s")
LABEL_ROWS = 2  # the fewest rows of a label beside its value that make a table of them
LABELLED_LINE = re.compile(r"^[A-Z][\w()&/' -]{0,30}:\s+\S")  # a line of its own: "Poznań: PLN 7,000 – 8,400"


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    box: int
    text: str
    size: float
    chars: int
    margin: bool  # in the top or bottom tenth of the page, where running headers and footers are
    bold: bool = False  # every character in a bold font
    x: float = 0.0  # where it starts across the page
    y: float = 0.0  # and up it
    lines_in_box: int = 1
    right: float = 0.0  # where it ends


def read(path: Path) -> Document:
    lines = rejoined(pdf_lines(path))
    if not any(line.text.strip() for line in lines):
        raise UnreadableError(
            "has no text to read (a scanned PDF?); export it from its source as a text PDF, or OCR it"
        )
    repeated = running_lines(lines)
    sizes = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += line.chars
    body = sizes.most_common(1)[0][0]
    heading_sizes = sorted({round(line.size, 1) for line in lines if line.size >= body * HEADING_RATIO}, reverse=True)
    lines = in_columns(lines, heading_sizes, body)
    out = TextBuilder()
    parts: list = []
    pending: list[str] = []
    pending_kind, pending_depth, pending_x = Kind.PARAGRAPH, 1, 0.0
    previous_box: tuple[int, int] | None = None
    previous_y = 0.0

    def flush() -> None:
        if pending_kind is Kind.PARAGRAPH and len(pending) > 1 and all(LABELLED_LINE.match(ln) for ln in pending):
            parts.extend(out.block(pending_kind, line, pending_depth) for line in pending)  # "Rotterdam: €..."
        elif pending:
            parts.append(out.block(pending_kind, joined_lines(pending), pending_depth))
        pending.clear()

    tables = grid_tables(lines, body)
    tables = box_tables(lines, body, tables, repeated)
    for line in lines:
        text = line.text.strip()
        if not text or (line.margin and normalised(text) in repeated):
            continue
        box = (line.box, line.page)
        if box in tables.cells:  # a table's cell: the whole table where its first cell was
            if box in tables.starts:
                flush()
                table = out.table(tables.starts[box])
                if parts and isinstance(parts[-1], Table) and same_header(parts[-1], table):  # over a page
                    parts[-1] = dataclasses.replace(parts[-1], rows=(*parts[-1].rows, *table.rows[1:]))
                else:
                    parts.append(table)
                previous_box = None
            continue
        in_heading = pending_kind is Kind.HEADING
        # a list item's line hangs under its text, right of its bullet ("...by the Department" / "Manager."), at
        # whatever size the item is set
        hangs = (
            pending_kind is Kind.ITEM
            and bool(pending)
            and previous_box is not None
            and (box == previous_box or box == (previous_box[0] + 1, previous_box[1]))
            and line.x > pending_x + 1
            and not ends_sentence(pending[-1])
            and 0 < previous_y - line.y <= HANGING_GAP * line.size  # the next line, not the next paragraph
        )
        depth = None if hangs or GLYPH.match(text) else heading_depth(line, text, heading_sizes, body)
        if depth is not None:
            # a heading wrapped onto a line of its own box ("Finance & Accounting Career" / "Framework") is one
            wrapped = in_heading and pending_depth == depth and box == previous_box and wraps_heading(pending[-1], text)
            if not wrapped:
                flush()
                pending_kind, pending_depth, pending_x = Kind.HEADING, depth, line.x
            pending.append(text)
            previous_box = box
            continue
        bullet = BULLET.match(text)
        # a line that goes on with the sentence before it in the next box, indented at least as far
        # ("...including hiring and" / "performance reviews.")
        continues = (
            not in_heading
            and bool(pending)
            and previous_box is not None
            and (box == (previous_box[0] + 1, previous_box[1]) or box[1] == previous_box[1] + 1)  # or over a page
            and line.x >= pending_x - 1
            # over a page, a paragraph's sentence may go on in any case; a list item's line ends it
            and (
                continues_sentence(
                    pending[-1], text, over_a_page=box[1] != previous_box[1] and pending_kind is Kind.PARAGRAPH
                )
                or hangs
            )
        )
        if bullet or (box != previous_box and not continues) or in_heading:
            flush()
            pending_kind, pending_depth, pending_x = (Kind.ITEM if bullet else Kind.PARAGRAPH), 1, line.x
            text = text[bullet.end() :] if bullet else text
        pending.append(text)
        previous_box, previous_y = box, line.y
    flush()
    return Document(path.name, "pdf", out.text, parts)


@dataclass
class GridTables:
    cells: set[tuple[int, int]]  # (box, page) of every cell
    starts: dict[tuple[int, int], list[list[str]]]  # a table's rows, by its first cell's (box, page)


def grid_tables(lines: list[Line], body: float) -> GridTables:
    """Tables drawn as one-line text boxes in rows and columns ("Level | Title | Typical experience"), which
    pdfminer gives a box at a time, column by column: three rows or more of two cells or more, one under the
    other, each cell a box of one line, or of a few when its text wraps."""
    found = GridTables(set(), {})
    for page in sorted({ln.page for ln in lines}):
        cells = [
            ln
            for ln in lines
            if ln.page == page and ln.lines_in_box <= WRAPPED_CELL_LINES and not ln.margin and ln.text.strip()
            and not BULLET.match(ln.text) and ln.size < body * HEADING_RATIO  # no heading or bullet
        ]  # fmt: skip
        for baselines in row_runs(cells):
            run = wrapped_header(baselines)
            joined = len(run) < len(baselines)  # its first row is a header wrapped over several lines
            columns = sorted({round(c.x) for row in run[1 if joined else 0 :] for c in row})
            table = [["" for _ in columns] for _ in run]
            for i, row in enumerate(run):
                for c in sorted(row, key=lambda c: (-c.y, c.x)):  # a wrapped header cell's lines top to bottom
                    if i == 0 and joined:  # centred, a line may start right of its column's: the one it is in
                        k = max((k for k, x in enumerate(columns) if x <= round(c.x) + 2), default=0)
                    else:
                        k = columns.index(round(c.x))
                    table[i][k] = f"{table[i][k]} {' '.join(c.text.split())}".strip()
            first = min((c for row in run for c in row), key=lambda c: c.box)
            if not joined:
                spread_header(table, run[0], columns)
            found.starts[(first.box, page)] = table
            found.cells |= {(c.box, page) for row in run for c in row}
    return found


def spread_header(table: list[list[str]], header: list[Line], columns: list[int]) -> None:
    """A header line pdfminer took as one ("Band  Typical pay") over a column with nothing below it and columns
    with no header of their own, each filled in every row (not a centred table's ragged cells): each word to the
    column nearest where it starts, estimated from its place in the line (its width shared among its characters)."""
    for cell in header:
        k = columns.index(round(cell.x))
        spread = list(itertools.takewhile(lambda c: not table[0][c], range(k + 1, len(columns))))
        if not spread or any(row[k] for row in table[1:]) or not all(r[c] for r in table[1:] for c in spread):
            continue
        text = " ".join(cell.text.split())
        width = (cell.right - cell.x) / max(len(text), 1)
        table[0][k] = ""
        for m in re.finditer(r"\S+", text):
            c = min(spread, key=lambda c: abs(columns[c] - (cell.x + m.start() * width)))
            table[0][c] = f"{table[0][c]} {m.group(0)}".strip()


def box_tables(lines: list[Line], body: float, found: GridTables, running: set[str]) -> GridTables:
    """Tables whose cells wrap over several lines ("Criterion | Lecturer (Grade 7) | ..." over a row of
    criteria), which pdfminer gives a text box to a cell: a header row of three cells or more on one line
    each, their tops level, then rows of boxes whose tops are level and whose left edges are the header's
    columns. A table that runs over a page break is a table on each page, its header repeated at the top of
    the next (read() joins them)."""
    boxes: dict[tuple[int, int], list[Line]] = {}
    for ln in lines:
        if (
            (ln.box, ln.page) not in found.cells
            and ln.text.strip()
            and not (ln.margin and normalised(ln.text) in running)
        ):
            boxes.setdefault((ln.box, ln.page), []).append(ln)
    candidates = [b for b in boxes.values() if all(ln.size < body * HEADING_RATIO for ln in b)]
    for page in sorted({b[0].page for b in candidates}):
        rows = on_baselines([b for b in candidates if b[0].page == page], top)  # boxes whose first lines share one
        ordered = [sorted(rows[y], key=left) for y in sorted(rows, reverse=True)]
        k = 0
        while k < len(ordered):
            header = ordered[k]
            columns = [left(b) for b in header]
            run = [header]
            for row in ordered[k + 1 :]:
                aligned = all(any(abs(left(b) - x) <= 3 for x in columns) for b in row)
                below = min(ln.y for b in run[-1] for ln in b) - max(top(b) for b in row)
                if len(row) < 2 or not aligned or below > ROW_GAP + ROW_SLACK:
                    break
                run.append(row)
            wraps = any(len(b) > 1 for row in run[1:] for b in row)
            if len(header) < 3 or any(len(b) > 1 for b in header) or len(run) < 2 or not wraps:
                k += 1
                continue
            table = [[box_text(b) for b in header]]
            for row in run[1:]:
                texts = ["" for _ in columns]
                for b in row:
                    texts[min(range(len(columns)), key=lambda c: abs(columns[c] - left(b)))] = box_text(b)
                table.append(texts)
            found.starts[(min(ln.box for row in run for b in row for ln in b), page)] = table
            found.cells |= {(ln.box, page) for row in run for b in row for ln in b}
            k += len(run)
    return found


def in_columns(lines: list[Line], heading_sizes: list[float], body: float) -> list[Line]:
    """Lines with the columns under a row of headings (a slide's "What you do | How you grow | Typical
    experience") read a column at a time, each after its heading: pdfminer gives their boxes in the order their
    tops come down the page, across the columns. Such a page's boxes are numbered again in that order."""
    out: list[Line] = []
    for _, page in itertools.groupby(lines, key=lambda ln: ln.page):
        boxes: dict[int, list[Line]] = {}
        for ln in page:
            boxes.setdefault(ln.box, []).append(ln)
        order = column_order(list(boxes.values()), heading_sizes, body)
        if order == list(boxes.values()):
            order = values_beside_labels(order, body)
        if order == list(boxes.values()):
            out += [ln for box in order for ln in box]
        else:
            out += [dataclasses.replace(ln, box=n) for n, box in enumerate(order) for ln in box]
    return out


def column_order(boxes: list[list[Line]], heading_sizes: list[float], body: float) -> list[list[Line]]:
    """A page's boxes in reading order: those of the columns under a row of headings a column at a time. A row
    is two headings or more on one baseline, side by side, with nothing above them in a column right of the
    first; its columns are the boxes below, each within its column, down to the first box that is not. Boxes
    whose tops line up across the columns, row by row, are a table's cells (`box_tables`) and stay as they are."""
    heads = [b for b in boxes if not any(ln.margin for ln in b) and heads_a_column(b, heading_sizes, body)]
    for y, row in sorted(on_baselines(heads, top).items(), reverse=True):
        row.sort(key=left)
        xs = [left(b) for b in row]
        if len(row) < 2 or any(right(a) >= left(b) for a, b in itertools.pairwise(row)):
            continue
        text = [b for b in boxes if not all(ln.margin for ln in b)]
        if any(top(b) > y + ROW_SLACK and left(b) >= xs[1] - 2 for b in text):
            continue  # columns begin above the row: it is not their heading
        columns: list[list[list[Line]]] = [[] for _ in row]
        for b in sorted((b for b in text if top(b) < y - ROW_SLACK), key=top, reverse=True):
            k = max((k for k, x in enumerate(xs) if x <= left(b) + 2), default=None)
            if k is None or (k + 1 < len(xs) and right(b) > xs[k + 1]):
                break  # wider than a column, or left of the first: the columns end
            columns[k].append(b)
        tops = {round(top(b)) for column in columns for b in column}
        if not all(columns) or len(tops) <= max(len(c) for c in columns):  # a column with nothing, or a table
            continue
        placed = {id(b) for b in row} | {id(b) for column in columns for b in column}
        before = [b for b in boxes if id(b) not in placed and top(b) > y]
        after = [b for b in boxes if id(b) not in placed and top(b) <= y]
        return [*before, *(b for head, column in zip(row, columns, strict=True) for b in (head, *column)), *after]
    return boxes


def heads_a_column(box: list[Line], heading_sizes: list[float], body: float) -> bool:
    """A box of headings, or a heading over a line or two ("Actuarial Analyst" over "AP1 · Graduate entry")."""
    said = sorted(box, key=lambda ln: -ln.y)
    headed = [heading_depth(ln, ln.text.strip(), heading_sizes, body) is not None for ln in said]
    return all(headed) or (headed[0] and len(said) <= HEAD_LINES)


def values_beside_labels(boxes: list[list[Line]], body: float) -> list[list[Line]]:
    """A two-column table of labels and values ("Pay band | Rotterdam: ... / Poznań: ...") row by row: pdfminer
    may give a label's value after the labels below it ("Pay band", "How to move up", then both values). A
    value is the box level with a one-line label, right of it, after it with only boxes below the label between."""

    def beside(label: list[Line]) -> list[Line] | None:
        if len(label) != 1 or label[0].size >= body * HEADING_RATIO:
            return None
        level = (b for b in boxes if abs(top(b) - top(label)) <= ROW_SLACK and left(b) > right(label))
        return next((b for b in level if all(ln.size < body * HEADING_RATIO for ln in b)), None)

    pairs = [(label, value) for label in boxes if (value := beside(label)) is not None]
    # a table: two rows of a label and its value or more, the labels in one column (not two columns of prose)
    if max(Counter(round(left(label)) for label, _ in pairs).values(), default=0) < LABEL_ROWS:
        return boxes
    order = list(boxes)
    for label, value in pairs:
        at = next(k for k, b in enumerate(order) if b is label)
        if not any(b is value for b in order[at + 2 :]):
            continue
        between = order[at + 1 : next(k for k, b in enumerate(order) if b is value)]
        if all(top(b) < top(label) - ROW_SLACK and left(b) < left(value) for b in between):
            order.remove(value)
            order.insert(at + 1, value)
    return order


T = TypeVar("T")


def on_baselines(items: list[T], y: Callable[[T], float]) -> dict[float, list[T]]:
    """Items (lines, boxes) by the baseline they share with the first of them on it, give or take ROW_SLACK."""
    rows: dict[float, list[T]] = {}
    for item in items:
        key = next((at for at in rows if abs(at - y(item)) <= ROW_SLACK), y(item))
        rows.setdefault(key, []).append(item)
    return rows


def top(box: list[Line]) -> float:
    return max(ln.y for ln in box)


def left(box: list[Line]) -> float:
    return min(ln.x for ln in box)


def right(box: list[Line]) -> float:
    return max(ln.right for ln in box)


def box_text(box: list[Line]) -> str:
    """A cell's lines, top to bottom, as one line."""
    return " ".join(" ".join(ln.text.split()) for ln in sorted(box, key=lambda ln: -ln.y))


def wrapped_header(run: list[list[Line]]) -> list[list[Line]]:
    """A table's rows with its header's lines joined when the header wraps ("Typical" / "Rank  Pay point" /
    "rank" over "Firefighter | £27,548 | 12-24 months"): the leading rows with fewer cells than the table's
    widest, two or more, much nearer each other than the rows below them are."""

    def width(row: list[Line]) -> int:  # its columns: a cell wrapped onto two lines is one
        return len({round(c.x) for c in row})

    widest = max(width(row) for row in run)
    header = next((k for k, row in enumerate(run) if width(row) == widest), len(run))
    gaps = [above[0].y - below[0].y for above, below in itertools.pairwise(run)]
    body = gaps[header:]
    if header < 2 or not body or max(gaps[: header - 1]) >= statistics.median(body) * WRAPPED_GAP:
        return run
    return [[c for row in run[:header] for c in row], *run[header:]]


def row_runs(cells: list[Line]) -> list[list[list[Line]]]:
    """The page's cells in rows (one baseline, two cells or more, left to right), in runs of three rows or
    more one right under the other, top to bottom."""
    rows = on_baselines([c for c in cells if c.lines_in_box == 1], lambda cell: cell.y)
    # A cell wrapped onto two lines ("Store Manager (Deputy Store" / "Manager in large stores)") sits above and
    # below its row's baseline, the row's other cells centred on it: its lines are that row's, in their column.
    multi = [y for y in rows if len(rows[y]) >= 2]
    columns = {round(c.x) for y in multi for c in rows[y]}
    for y in [y for y in rows if len(rows[y]) == 1]:
        (cell,) = rows[y]
        near = min(multi, key=lambda m: abs(m - y), default=None)
        if near is not None and abs(near - y) < cell.size and any(abs(round(cell.x) - x) <= 2 for x in columns):
            rows[near].append(rows.pop(y)[0])
    # ... or pdfminer gives such a cell as one box of its lines: the row whose baseline is the one within it.
    wrapped: dict[int, list[Line]] = {}
    for cell in cells:
        if cell.lines_in_box > 1:
            wrapped.setdefault(cell.box, []).append(cell)
    for box in wrapped.values():
        low, high = min(c.y for c in box), max(c.y for c in box) + box[0].size
        within = [m for m in multi if low <= m <= high]
        left_aligned = {round(c.x) for c in box} == {round(box[0].x)}  # a centred box's lines would make columns
        if len(within) == 1 and len(box) == box[0].lines_in_box and left_aligned and round(box[0].x) in columns:
            rows[within[0]].extend(box)
    runs: list[list[list[Line]]] = [[]]
    for y in sorted(rows, reverse=True):
        if len(rows[y]) < 2 or (runs[-1] and runs[-1][-1][0].y - y > ROW_GAP + ROW_SLACK):
            runs.append([])
        if len(rows[y]) >= 2:
            runs[-1].append(sorted(rows[y], key=lambda c: c.x))
    return [run for run in runs if len(run) >= 3]


def heading_depth(line: Line, text: str, heading_sizes: list[float], body: float) -> int | None:
    """A line's depth as a heading (1 the largest), or None: set larger than the body text, or a short bold
    line at about the body's size with no sentence end ("Responsibilities"), below every larger heading."""
    size = round(line.size, 1)
    if size in heading_sizes:
        return heading_sizes.index(size) + 1
    most = NUMBERED_HEADING_WORDS if SECTION_NUMBER.match(text) else BOLD_HEADING_WORDS
    short = len(text.split()) <= most and not text.endswith((".", ",", ";", ":"))
    if line.bold and short and size >= body and not BULLET.match(text):
        return len(heading_sizes) + 1
    return None


def same_header(a: Table, b: Table) -> bool:
    """Two tables with one header row: a table that runs over a page break, its header repeated on the next."""

    def header(t: Table) -> list[str]:
        return [" ".join(c.text.split()) if c else "" for c in t.rows[0]] if t.rows else []

    return bool(header(a)) and header(a) == header(b)


def joined_lines(lines: list[str]) -> str:
    """A paragraph's lines as one text; a word hyphenated at a line's end keeps its hyphen, with no space after it
    ("cross-" / "functional"; "replen-" / "ishment" reads "replen-ishment")."""
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"[a-z]-$", text) and line[:1].islower() else f" {line}"
    return text


def wraps_heading(before: str, text: str) -> bool:
    """Whether a heading's next line goes on with it: it opens in lower case or is one word ("Framework"), or
    the line before ends on a connective ("Finance and")."""
    return text[:1].islower() or len(text.split()) == 1 or bool(CONNECTIVE_END.search(before))


def continues_sentence(before: str, text: str, over_a_page: bool = False) -> bool:
    """Whether a line goes on with the text before it: that stops mid-sentence and this opens in lower case,
    or over a page break, whatever its case ("...the Chair of the Faculty Promotions" / "Committee and may")."""
    return not ends_sentence(before) and (over_a_page or text[:1].islower())


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ";"))


def pdf_lines(path: Path) -> list[Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    lines = []
    try:
        for page_number, page in enumerate(extract_pages(str(path), laparams=LAParams())):
            boxes = [box for box in page if isinstance(box, LTTextContainer)]
            for box_number, box in enumerate(boxes):
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    chars = [c for c in line if isinstance(c, LTChar)]
                    size = sum(c.size for c in chars) / len(chars) if chars else 0.0
                    margin = line.y1 > page.height * 0.9 or line.y0 < page.height * 0.1
                    bold = bool(chars) and all("bold" in c.fontname.lower() for c in chars if c.get_text().strip())
                    lines.append(
                        Line(
                            page_number, box_number, line.get_text(), size, len(chars), margin, bold,
                            line.x0, line.y0, sum(isinstance(x, LTTextLine) for x in box), line.x1,
                        )
                    )  # fmt: skip
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise UnreadableError("is encrypted; save a copy without a password") from e
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as e:
        raise UnreadableError(f"is not a PDF it can read ({type(e).__name__}); export it again as PDF") from e
    return lines


def rejoined(lines: list[Line]) -> list[Line]:
    """Lines with a justified line's words put back together: pdfminer breaks a line at a wide gap between words
    ("Every" ... "colleague" ... "has" ... "a" ... "progression", some in boxes of their own). Pieces on one
    baseline, in one column (`columns`), not in a page's margin, are one
    line, left to right, in the box of the leftmost."""
    lefts = {page: columns([ln for ln in lines if ln.page == page]) for page in {ln.page for ln in lines}}

    def key(ln: Line) -> tuple[int, float, float, float]:
        column = max((x for x in lefts[ln.page] if x <= round(ln.x) + 1), default=0)
        return ln.page, round(ln.y * 2) / 2, round(ln.size, 1), column

    same: dict[tuple[int, float, float, float], list[Line]] = {}
    for ln in sorted(lines, key=lambda g: g.x):
        if ln.text.strip() and not ln.margin:
            same.setdefault(key(ln), []).append(ln)
    pieces: dict[int, list[Line]] = {}  # each line's run of pieces: those a word's gap apart, at most
    for run in same.values():
        group = [run[0]]
        for ln in run[1:]:
            if ln.x - group[-1].right > JUSTIFIED_GAP * ln.size:  # a table's next cell, not the next word
                group = []
            group.append(ln)
            pieces.update({id(g): group for g in group})
        pieces.setdefault(id(run[0]), [run[0]])
    out = []
    for ln in lines:
        group = pieces.get(id(ln), [ln])
        if len(group) == 1:
            out.append(ln)
        elif ln is group[0]:  # where the leftmost piece is
            text = " ".join(" ".join(g.text.split()) for g in group) + "\n"
            chars, bold = sum(g.chars for g in group), all(g.bold for g in group)
            out.append(dataclasses.replace(ln, text=text, chars=chars, bold=bold, right=group[-1].right))
    counts = Counter((ln.page, ln.box) for ln in out)
    return [dataclasses.replace(ln, lines_in_box=counts[(ln.page, ln.box)]) for ln in out]


def columns(page: list[Line]) -> list[int]:
    """Where a page's columns (of text or of a table) start: at least three lines start there, and share their
    baselines with the column to their left (an indented list does not), and fewer lines than that cross it
    between its first line and its last (justified pieces that happen to start alike are crossed by their
    paragraph's other lines)."""
    starts = Counter(round(ln.x) for ln in page)
    leftmost: dict[float, int] = {}
    for ln in page:
        leftmost[round(ln.y * 2) / 2] = min(leftmost.get(round(ln.y * 2) / 2, round(ln.x)), round(ln.x))
    out = []
    for x, n in starts.items():
        at = [ln for ln in page if round(ln.x) == x]
        if n < 3 or all(x == leftmost[round(ln.y * 2) / 2] for ln in at):
            continue
        low, high = min(ln.y for ln in at), max(ln.y for ln in at)
        crossed = sum(low <= ln.y <= high and ln.x < x - 1 and ln.right > x + 1 for ln in page)
        # or lines one under the other, a line's height apart: a column's, where a justified line's pieces are alone
        ys = sorted({round(ln.y, 1) for ln in at}, reverse=True)
        size = max(ln.size for ln in at)
        stacked = any(0 < a - b <= STACKED * size for a, b in itertools.pairwise(ys))
        if crossed < n or stacked:
            out.append(x)
    return sorted(out)


def normalised(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def running_lines(lines: list[Line]) -> set[str]:
    """Lines in the page margins that repeat (digits aside) on most pages, and page numbers: headers and footers."""
    pages = len({line.page for line in lines})
    margins = {(ln.page, normalised(ln.text)) for ln in lines if ln.margin}
    counts = Counter(text for _, text in margins)
    repeated = {text for text, n in counts.items() if pages > 1 and n >= max(2, pages - 1)}
    return repeated | {text for _, text in margins if PAGE_NUMBER.search(text) and len(text) < 80}
