"""Text PDFs, read with pdfminer.six: lines with their font sizes become headings, paragraphs and items.

A line set larger than the body text is a heading (the larger, the higher);
the lines of one text box form a paragraph, and a bullet starts an item.
Lines repeated on every page (running headers and footers, page numbers)
are left out.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.document import Document, Kind, TextBuilder
from ingest.formats import HEADING_RATIO, UnreadableError

BULLET = re.compile(r"^\s*(?:[•▪‣◦·\-–*]|\(cid:\d+\)|\d{1,2}[.)])\s+")  # "(cid:127)": a glyph with no text
PAGE_NUMBER = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\b|^\s*\d+\s*$", re.IGNORECASE)
CONNECTIVE_END = re.compile(r"(?:\b(?:and|or|of|for|the|to|in|on|with|&)|[,:–-])\s*$", re.IGNORECASE)
ROW_SLACK = 2.0  # points: cells of one table row sit on the same baseline, give or take this
ROW_GAP = 40.0  # points: rows of one table are closer than this
WRAPPED_GAP = 0.75  # a header's lines this much nearer each other than the rows below are one wrapped row
BOLD_HEADING_WORDS = 6  # a bold line of its own this short, with no sentence end, is a sub-heading
NUMBERED_HEADING_WORDS = 10  # or this short, numbered as a section ("3.1 Associate Lecturer / Teaching Fellow")
SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+\s")


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


def read(path: Path) -> Document:
    lines = pdf_lines(path)
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
    out = TextBuilder()
    parts: list = []
    pending: list[str] = []
    pending_kind, pending_depth, pending_x = Kind.PARAGRAPH, 1, 0.0
    previous_box: tuple[int, int] | None = None

    def flush() -> None:
        if pending:
            parts.append(out.block(pending_kind, " ".join(pending), pending_depth))
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
                parts.append(out.table(tables.starts[box]))
                previous_box = None
            continue
        depth = heading_depth(line, text, heading_sizes, body)
        in_heading = pending_kind is Kind.HEADING
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
            and continues_sentence(
                pending[-1], text, over_a_page=box[1] != previous_box[1] and pending_kind is Kind.PARAGRAPH
            )
        )
        if bullet or (box != previous_box and not continues) or in_heading:
            flush()
            pending_kind, pending_depth, pending_x = (Kind.ITEM if bullet else Kind.PARAGRAPH), 1, line.x
            text = text[bullet.end() :] if bullet else text
        pending.append(text)
        previous_box = box
    flush()
    return Document(path.name, "pdf", out.text, parts)


@dataclass
class GridTables:
    cells: set[tuple[int, int]]  # (box, page) of every cell
    starts: dict[tuple[int, int], list[list[str]]]  # a table's rows, by its first cell's (box, page)


def grid_tables(lines: list[Line], body: float) -> GridTables:
    """Tables drawn as one-line text boxes in rows and columns ("Level | Title | Typical experience"), which
    pdfminer gives a box at a time, column by column: three rows or more of two cells or more, one under the
    other, each cell a box of one line."""
    found = GridTables(set(), {})
    for page in sorted({ln.page for ln in lines}):
        cells = [
            ln
            for ln in lines
            if ln.page == page and ln.lines_in_box == 1 and not ln.margin and ln.text.strip()
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
            found.starts[(first.box, page)] = table
            found.cells |= {(c.box, page) for row in run for c in row}
    return found


def box_tables(lines: list[Line], body: float, found: GridTables, running: set[str]) -> GridTables:
    """Tables whose cells wrap over several lines ("Criterion | Lecturer (Grade 7) | ..." over a row of
    criteria), which pdfminer gives a text box to a cell: a header row of three cells or more on one line
    each, their tops level, then rows of boxes whose tops are level and whose left edges are the header's
    columns. A table that runs over a page break is a table on each page, its header repeated at the top of
    the next."""
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
        rows: dict[float, list[list[Line]]] = {}
        for box in (b for b in candidates if b[0].page == page):  # boxes whose first lines share a baseline
            key = next((y for y in rows if abs(y - top(box)) <= ROW_SLACK), top(box))
            rows.setdefault(key, []).append(box)
        ordered = [sorted(rows[y], key=left) for y in sorted(rows, reverse=True)]
        k = 0
        while k < len(ordered):
            header = ordered[k]
            columns = [left(b) for b in header]
            run = [header]
            for row in ordered[k + 1 :]:
                aligned = all(any(abs(left(b) - x) <= 3 for x in columns) for b in row)
                below = min(ln.y for b in run[-1] for ln in b) - max(top(b) for b in row)
                if len(row) < 2 or not aligned or below > ROW_GAP:
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


def top(box: list[Line]) -> float:
    return max(ln.y for ln in box)


def left(box: list[Line]) -> float:
    return min(ln.x for ln in box)


def box_text(box: list[Line]) -> str:
    """A cell's lines, top to bottom, as one line."""
    return " ".join(" ".join(ln.text.split()) for ln in sorted(box, key=lambda ln: -ln.y))


def wrapped_header(run: list[list[Line]]) -> list[list[Line]]:
    """A table's rows with its header's lines joined when the header wraps ("Typical" / "Rank  Pay point" /
    "rank" over "Firefighter | £27,548 | 12-24 months"): the leading rows with fewer cells than the table's
    widest, two or more, much nearer each other than the rows below them are."""
    widest = max(len(row) for row in run)
    header = next((k for k, row in enumerate(run) if len(row) == widest), len(run))
    gaps = [above[0].y - below[0].y for above, below in itertools.pairwise(run)]
    body = gaps[header:]
    if header < 2 or not body or max(gaps[: header - 1]) >= statistics.median(body) * WRAPPED_GAP:
        return run
    return [[c for row in run[:header] for c in row], *run[header:]]


def row_runs(cells: list[Line]) -> list[list[list[Line]]]:
    """The page's cells in rows (one baseline, two cells or more, left to right), in runs of three rows or
    more one right under the other, top to bottom."""
    rows: dict[float, list[Line]] = {}
    for cell in cells:  # the same baseline, give or take a point or two
        key = next((y for y in rows if abs(y - cell.y) <= ROW_SLACK), cell.y)
        rows.setdefault(key, []).append(cell)
    runs: list[list[list[Line]]] = [[]]
    for y in sorted(rows, reverse=True):
        if len(rows[y]) < 2 or (runs[-1] and runs[-1][-1][0].y - y > ROW_GAP):
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


def wraps_heading(before: str, text: str) -> bool:
    """Whether a heading's next line goes on with it: it opens in lower case or is one word ("Framework"), or
    the line before ends on a connective ("Finance and")."""
    return text[:1].islower() or len(text.split()) == 1 or bool(CONNECTIVE_END.search(before))


def continues_sentence(before: str, text: str, over_a_page: bool = False) -> bool:
    """Whether a line goes on with the text before it: that stops mid-sentence and this opens in lower case,
    or over a page break, whatever its case ("...the Chair of the Faculty Promotions" / "Committee and may")."""
    return not before.rstrip().endswith((".", "!", "?", ":", ";")) and (over_a_page or text[:1].islower())


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
                            line.x0, line.y0, sum(isinstance(x, LTTextLine) for x in box),
                        )
                    )  # fmt: skip
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise UnreadableError("is encrypted; save a copy without a password") from e
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as e:
        raise UnreadableError(f"is not a PDF it can read ({type(e).__name__}); export it again as PDF") from e
    return lines


def normalised(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def running_lines(lines: list[Line]) -> set[str]:
    """Lines in the page margins that repeat (digits aside) on most pages, and page numbers: headers and footers."""
    pages = len({line.page for line in lines})
    margins = {(ln.page, normalised(ln.text)) for ln in lines if ln.margin}
    counts = Counter(text for _, text in margins)
    repeated = {text for text, n in counts.items() if pages > 1 and n >= max(2, pages - 1)}
    return repeated | {text for _, text in margins if PAGE_NUMBER.search(text) and len(text) < 80}
