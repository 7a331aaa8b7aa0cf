"""Readers, one per file format, each producing the one document model (`ingest.document.Document`).

Each reader imports its library only when a file needs it.
"""

from __future__ import annotations

import codecs
import io
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
    "Unicode text" is UTF-16, and its CSV on a Western European Windows is Windows-1252 (a UTF-8 file with a
    Windows-1252 character pasted in keeps its UTF-8). Text that would read as Windows-1252 but is no Western
    writing (Korean in EUC-KR) is refused."""
    data = path.read_bytes()
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return _decoded(data, encoding), [f"read as {encoding.upper()} text"]
    if len(data) >= 8 and data.count(0) * 3 > len(data):  # UTF-16 without its byte-order mark: a NUL a character
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return _decoded(data, encoding), ["read as UTF-16 text (no byte-order mark)"]
        except UnicodeDecodeError as e:
            raise UnreadableError("looks like UTF-16 text but is not; save it as UTF-8") from e
    try:
        return _decoded(data, "utf-8-sig"), []
    except UnicodeDecodeError as e:
        wrong = e
    refused = UnreadableError(f"not UTF-8 text ({wrong.reason} at byte {wrong.start}); save it as UTF-8")
    try:
        text = _decoded(data, "utf-8-sig", errors=WINDOWS_1252)
    except UnicodeDecodeError:
        raise refused from wrong
    letters = [c for c in text if c.isalpha()]
    if sum(not c.isascii() for c in letters) * 4 > len(letters):  # mojibake, not a Western text
        raise refused from wrong
    return text, ["not UTF-8: read as Windows-1252 (Excel's ANSI) where it is not; save it as UTF-8"]


def _windows_1252(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8, read as Windows-1252 (a byte undefined there is still an error)."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252"), error.end


WINDOWS_1252 = "ladder-windows-1252"
codecs.register_error(WINDOWS_1252, _windows_1252)


def _decoded(data: bytes, encoding: str, errors: str = "strict") -> str:
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors, newline="").read()
