"""Text PDFs, read with pdfminer.six: lines with their font sizes become headings, paragraphs and items.

A line set larger than the body text is a heading (the larger, the higher);
the lines of one text box form a paragraph, and a bullet starts an item.
Lines repeated on every page (running headers and footers, page numbers)
are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.document import Document, Kind, TextBuilder
from ingest.formats import UnreadableError

BULLET = re.compile(r"^\s*(?:[•▪‣◦·\-–*]|\d{1,2}[.)])\s+")
PAGE_NUMBER = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\b|^\s*\d+\s*$", re.IGNORECASE)
HEADING_RATIO = 1.2  # a line this much larger than the body text is a heading


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    box: int
    text: str
    size: float
    chars: int
    margin: bool  # in the top or bottom tenth of the page, where running headers and footers are


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
    pending_kind = Kind.PARAGRAPH
    previous_box = None

    def flush() -> None:
        if pending:
            parts.append(out.block(pending_kind, " ".join(pending)))
            pending.clear()

    for line in lines:
        text = line.text.strip()
        if not text or (line.margin and normalised(text) in repeated):
            continue
        if round(line.size, 1) in heading_sizes:
            flush()
            parts.append(out.block(Kind.HEADING, text, heading_sizes.index(round(line.size, 1)) + 1))
            previous_box = None
            continue
        bullet = BULLET.match(text)
        if bullet or (line.box, line.page) != previous_box:
            flush()
            pending_kind = Kind.ITEM if bullet else Kind.PARAGRAPH
            text = text[bullet.end() :] if bullet else text
        pending.append(text)
        previous_box = (line.box, line.page)
    flush()
    return Document(path.name, "pdf", out.text, [p for p in parts if p is not None])


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
                    lines.append(Line(page_number, box_number, line.get_text(), size, len(chars), margin))
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
