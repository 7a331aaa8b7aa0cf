"""Readers, one per file format, each producing the one document model (`ingest.document.Document`).

Each reader imports its library only when a file needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.document import Document

HEADING_RATIO = 1.2  # text set this much larger than the body's is a heading (a PDF's lines, an HTML page's classes)


class UnreadableError(ValueError):
    """A file its reader cannot read: damaged, encrypted, or with no text; the message says which."""


def _reader(module: str) -> Callable[[Path], Document]:
    def read(path: Path) -> Document:
        from importlib import import_module

        return import_module(f"ingest.formats.{module}").read(path)

    return read


READERS: dict[str, Callable[[Path], Document]] = {
    ".txt": _reader("text"),
    ".md": _reader("markdown"),
    ".markdown": _reader("markdown"),
    ".html": _reader("html"),
    ".htm": _reader("html"),
    ".docx": _reader("docx"),
    ".pdf": _reader("pdf"),
    ".csv": _reader("sheets"),
    ".xlsx": _reader("sheets"),
}
SUFFIXES = tuple(READERS)


def read_document(path: Path) -> Document:
    """The file as a document; raises UnreadableError (or OSError) when it cannot be read."""
    return READERS[path.suffix.lower()](path)


def read_text_file(path: Path) -> tuple[str, list[str]]:
    """A text file's exact text (newlines untouched, so offsets hold), and a note when it is not UTF-8: Excel's
    "Unicode text" is UTF-16 with a byte-order mark, and its CSV on a Western European Windows is Windows-1252."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decoded(data, "utf-16"), ["read as UTF-16 text"]
    try:
        return _decoded(data, "utf-8-sig"), []
    except UnicodeDecodeError as e:
        try:
            return _decoded(data, "cp1252"), ["not UTF-8: read as Windows-1252 (Excel's ANSI); save it as UTF-8"]
        except UnicodeDecodeError:
            raise UnreadableError(f"not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8") from e


def _decoded(data: bytes, encoding: str) -> str:
    import io

    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="").read()
