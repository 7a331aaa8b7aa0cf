"""Word documents, read with python-docx: paragraphs by style (Title, Heading N, list styles), and tables."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ingest.document import Document, Kind, TextBuilder
from ingest.formats import UnreadableError
from ingest.ladder import is_not_a_level, is_sub_heading, name_level

LETTERED = re.compile(r"^\(?[a-z]\)(?:\t\s*|\s+(?=[A-Z]))")  # a list's letter typed as text: "a)<tab>", "(b) "
BOLD_LEVEL_DEPTH = 9  # below every Heading style: the Title is depth 1, Heading N is N + 1 (up to 9 styles)
BOLD_LEVEL_WORDS = 10
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título)\s*(\d)$", re.IGNORECASE)


def read(path: Path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise UnreadableError(f"not a Word document it can open ({e}); save it again as .docx") from e
    accept_changes(document.element.body)
    out = TextBuilder()
    parts: list = []
    elements = [(e.tag.rsplit("}", 1)[-1], e) for e in document.element.body.iterchildren()]
    paragraphs = [Paragraph(e, document) for tag, e in elements if tag == "p"]
    # Levels in bold paragraphs only where no heading style names one ("Staff Handbook" in bold is no level).
    headings = [(name_level(p.text), depth) for p in paragraphs for kind, depth in [kind_of(p)] if kind is Kind.HEADING]
    styled = sum(name.strength > 0 for name, _ in headings) >= 2
    # ... or where it goes on the codes of the styled ones: "Claims Team Leader (CH4)" in bold after "Heading 2"
    # CH1-CH3 (a hand-typed heading, as Google Docs users write them), at their depth
    families = {family(n.short): depth for n, depth in headings if n.strength >= 2 and n.short and family(n.short)}
    styled_codes = {n.short.upper() for n, _ in headings if n.short}  # a bold line repeating one is no new level
    for tag, element in elements:
        if tag == "p":
            paragraph = Paragraph(element, document)
            if is_contents(paragraph):
                continue
            kind, depth = kind_of(paragraph)
            if kind is Kind.PARAGRAPH and not styled and (is_bold_level(paragraph) or is_bold_aside(paragraph)):
                kind, depth = Kind.HEADING, BOLD_LEVEL_DEPTH
            elif kind is Kind.PARAGRAPH and styled and is_bold_level(paragraph):
                code = name_level(paragraph.text).short or ""
                depth = families.get(family(code), 0) if code.upper() not in styled_codes else 0
                kind = Kind.HEADING if depth else kind
            text = paragraph.text
            if kind is not Kind.HEADING and (marker := LETTERED.match(text)):  # "a)<tab>Completes line training"
                kind, text = Kind.ITEM, text[marker.end() :]
            parts.append(out.block(kind, text, depth))
            for boxed in (Paragraph(e, document) for e in boxed_paragraphs(element)):  # "Key dates", a contact
                kind, depth = kind_of(boxed)
                parts.append(out.block(kind, boxed.text, depth))
        elif tag == "tbl" and (box := only_cell(DocxTable(element, document))) is not None:
            boxed = [Paragraph(e, box) for e in boxed_paragraphs(box._tc)]
            for paragraph in [*box.paragraphs, *boxed]:  # a callout: a box set around a note, its text not a table
                kind, depth = kind_of(paragraph)
                parts.append(out.block(kind, paragraph.text, depth))
        elif tag == "tbl":
            parts.append(table(DocxTable(element, document), out))
    return Document(path.name, "docx", out.text, parts)


def accept_changes(body) -> None:  # type: ignore[no-untyped-def]
    """The document as Word shows it with its tracked changes accepted: an insertion's runs kept in its place, a
    deletion (and a move's old place) gone, a deleted table row with it. A text box's second copy, the fallback for
    old readers, goes too."""
    for mark in list(body.iter(f"{{{W}}}del")):  # a deleted paragraph mark joins its paragraph to the next
        properties = mark.getparent()
        paragraph = (
            properties.getparent().getparent() if properties is not None and properties.tag == f"{{{W}}}rPr" else None
        )
        if paragraph is None or properties.getparent().tag != f"{{{W}}}pPr":
            continue
        following = paragraph.getnext()
        if following is None or following.tag != f"{{{W}}}p":
            continue
        at = 1 if len(following) and following[0].tag == f"{{{W}}}pPr" else 0
        for child in [c for c in paragraph if c.tag != f"{{{W}}}pPr"]:
            following.insert(at, child)
            at += 1
        paragraph.getparent().remove(paragraph)
    for element in list(body.iter(f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback")):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == f"{{{W}}}trPr":  # the row itself was deleted
            row = parent.getparent()
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
            continue
        parent.remove(element)
    for element in list(body.iter(f"{{{W}}}ins", f"{{{W}}}moveTo")):
        parent = element.getparent()
        if parent is None:
            continue
        at = parent.index(element)
        for child in list(element):  # a mark in a run's properties has none: it only goes
            parent.insert(at, child)
            at += 1
        parent.remove(element)


def family(code: str) -> str:
    """The letters of a level's code ("CH" of "CH4"), or "" for a code of no letters and number."""
    m = re.fullmatch(r"([A-Za-z]{1,4})[- ]?\d{1,2}", code)
    return m.group(1).upper() if m else ""


def is_contents(paragraph) -> bool:  # type: ignore[no-untyped-def]
    """A table of contents' heading or line (styles "TOC Heading", "TOC 1"...): the document's, not its text."""
    style = paragraph.style.name if paragraph.style is not None else ""
    return style.lower().startswith("toc")


def kind_of(paragraph) -> tuple[Kind, int]:  # type: ignore[no-untyped-def]
    style = paragraph.style.name if paragraph.style is not None else ""
    if style == "Title":
        return Kind.HEADING, 1
    heading = HEADING_STYLE.match(style)
    if heading:
        return Kind.HEADING, int(heading.group(1)) + 1  # below the title
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.lower().startswith("list") or numbered:
        return Kind.ITEM, 1
    return Kind.PARAGRAPH, 1


def is_bold_aside(paragraph) -> bool:  # type: ignore[no-untyped-def]
    """A bold paragraph naming what is no level ("Version history", "Notes"): where the last level's text ends."""
    text = paragraph.text.strip()
    runs = [r for r in paragraph.runs if r.text.strip()]
    return (
        bool(runs)
        and all(r.bold for r in runs)
        and len(text.split()) <= BOLD_LEVEL_WORDS
        and is_not_a_level(text)
        and not is_sub_heading(text)  # "Key responsibilities" names the list below it
    )


def is_bold_level(paragraph) -> bool:  # type: ignore[no-untyped-def]
    """A paragraph in bold that names a level by its code or number ("People Coordinator (P1)", "Level 2:
    Analyst"): a heading typed by hand. A seniority word alone is too common in bold ("Staff Handbook")."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    text = paragraph.text.strip()
    return (
        bool(runs)
        and all(r.bold for r in runs)
        and len(text.split()) <= BOLD_LEVEL_WORDS
        and not text.endswith((".", ":", ";"))
        and name_level(text).strength >= 2
    )


def only_cell(table):  # type: ignore[no-untyped-def]
    """The one cell of a table of one cell, or None."""
    cells = {cell._tc: cell for row in table.rows for cell in row.cells}
    return next(iter(cells.values())) if len(cells) == 1 and not table.cell(0, 0).tables else None


def table(table, out: TextBuilder):  # type: ignore[no-untyped-def]
    from docx.text.paragraph import Paragraph

    rows = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:  # a merged cell repeats; its text counts once; a text box in it is its text too
            boxed = [text for e in boxed_paragraphs(cell._tc) if (text := Paragraph(e, cell).text.strip())]
            cells.append("" if id(cell._tc) in seen else "\n".join([cell.text, *boxed]).strip())
            seen.add(id(cell._tc))
        rows.append(cells)
    return out.table(rows)


def boxed_paragraphs(element):  # type: ignore[no-untyped-def]
    """The paragraphs of the text boxes anchored in an element (a box inside a box once, with its outer box's)."""
    boxes = element.iter(f"{{{W}}}txbxContent")
    for inner in (b for b in boxes if not any(a.tag == f"{{{W}}}txbxContent" for a in b.iterancestors())):
        yield from inner.iter(f"{{{W}}}p")
