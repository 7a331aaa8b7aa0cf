"""One document model for every format a ladder comes in: its text, and the blocks and tables in it.

A reader turns a file into a `Document`: the text ingest extracted (for
.txt and plain Markdown, the file's own text) and, in order, its headings
(with their depth), paragraphs, list items and tables. Every block's and
cell's text is `document.text[start:end]`. Everything after reading (the
level detector, the passage builder) works on this model only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

# "Specification Writing: Create detailed PRDs...": a few capitalised words (connectives allowed), a colon.
_LABEL_WORD = r"[A-Z0-9][\w’'&/.\-]*"
_CONNECTIVE = r"(?:of|and|&|for|to|the|with|in|on|a|an)"
LABEL = re.compile(rf"^(?P<label>{_LABEL_WORD}(?:\s+(?:{_LABEL_WORD}|{_CONNECTIVE})){{0,5}})\s*:[ \t]*", re.DOTALL)


def split_label(text: str) -> tuple[str, int] | None:
    """The label of a `Label: body` text and where its body starts, or None."""
    match = LABEL.match(text)
    return (match.group("label").strip(), match.end()) if match else None


class Kind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    text: str
    start: int
    end: int
    depth: int = 1  # a heading's level (1 is the top), an item's list nesting
    link: bool = False  # nothing but a link: navigation (a table of contents, a list of pages)
    label: str | None = None  # of a `Label: body` paragraph or item
    body_start: int = -1  # where its body starts (an offset into the document's text)

    @property
    def body(self) -> tuple[str, int]:
        """The text after the label (all of it when there is none), and where it starts."""
        if self.label is None:
            return self.text, self.start
        return self.text[self.body_start - self.start :], self.body_start


def labelled(kind: Kind, text: str, start: int, end: int, depth: int = 1, link: bool = False) -> Block:
    """A block of plain text, its label split off when it has one."""
    found = split_label(text) if kind is not Kind.HEADING else None
    if found is None:
        return Block(kind, text, start, end, depth, link)
    return Block(kind, text, start, end, depth, link, found[0], start + found[1])


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[Cell | None, ...], ...]  # None: an empty cell
    name: str | None = None  # a sheet's name


Part = Block | Table


@dataclass
class Document:
    name: str  # the file name
    format: str  # "markdown", "text", "html", "docx", "pdf", "csv", "xlsx"
    text: str
    parts: list[Part]
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A reader's nothing (None) and a table with no cell in it (an HTML page's empty <table>) are no parts.
        self.parts = [p for p in self.parts if p is not None and (isinstance(p, Block) or any(any(r) for r in p.rows))]


class TextBuilder:
    """The extracted text of a format with no text of its own: pieces laid out one after another."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._length = 0

    def add(self, text: str, separator: str = "\n\n") -> tuple[int, int]:
        """Append `text` (after `separator` unless it is the first piece); its (start, end)."""
        if self._pieces:
            self._pieces.append(separator)
            self._length += len(separator)
        start = self._length
        self._pieces.append(text)
        self._length += len(text)
        return start, self._length

    def block(self, kind: Kind, text: str, depth: int = 1, link: bool = False) -> Block | None:
        text = " ".join(text.split())
        if not text:
            return None
        start, end = self.add(text)
        return labelled(kind, text, start, end, depth, link)

    def table(self, rows: Iterable[Iterable[str]], name: str | None = None) -> Table:
        """A table laid out a row a line, its cells separated by tabs."""
        built = []
        for i, row in enumerate(rows):
            cells: list[Cell | None] = []
            for j, value in enumerate(row):
                value = "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())
                if not value:
                    cells.append(None)
                    continue
                start, end = self.add(value, "\n" if j == 0 and i > 0 else "\t" if j else "\n\n")
                cells.append(Cell(value, start, end))
            built.append(tuple(cells))
        return Table(tuple(built), name)

    @property
    def text(self) -> str:
        return "".join(self._pieces)
