"""Plain text: a paragraph a line (or wrapped over several), headings as short lines, `- ` items."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.document import Block, Document, Kind, labelled
from ingest.formats import read_text_file

SEPARATOR = re.compile(r"^[\s\-–—*_=•·]*$")
ITEM = re.compile(r"^(?:[-*•▪‣]|\d{1,2}[.)])\s+")
ENDS_SENTENCE = (".", "?", "!", ":", '"', "”", ")", ";")
LABELLED = re.compile(r"^[A-Z][\w’' &/-]{0,40}:\s+[a-z0-9]")  # "Expected experience: 3+ years" is prose
TITLE_WITH_SHORT_NAME = re.compile(r"^[^.!?]{1,100}\([^()]{1,20}\)$")  # "Level 1: Associate Product Manager (APM)"


def read(path: Path) -> Document:
    text, notes = read_text_file(path)
    return Document(path.name, "text", text, blocks(text), notes)


def blocks(text: str) -> list[Block]:
    """Each line is a heading, an item or a paragraph; a long line with no sentence ending runs on into the next."""
    lines = []  # (start, end) of each line's content
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos + len(line) - len(line.lstrip())
        lines.append((start, pos + len(line.rstrip())))
        pos += len(line)
    out: list[Block] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        content = text[start:end]
        i += 1
        if SEPARATOR.match(content):
            continue
        item = ITEM.match(content)
        if item:
            start += item.end()
            kind = Kind.ITEM
        elif _reads_as_heading(content) and not _runs_on(text, lines, i - 1):
            out.append(Block(Kind.HEADING, content, start, end))  # a banner or a title, not prose
            continue
        else:
            kind = Kind.PARAGRAPH
        while _runs_on(text, lines, i - 1):
            end = lines[i][1]
            i += 1
        out.append(labelled(kind, text[start:end], start, end))
    return out


def _reads_as_heading(line: str) -> bool:
    if len(line) >= 120 or LABELLED.match(line):
        return False
    return not line.endswith(ENDS_SENTENCE) or bool(TITLE_WITH_SHORT_NAME.match(line))


def _runs_on(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A line wrapped in the middle of a sentence: long, no sentence ending, the next line lower case."""
    start, end = lines[i]
    if i + 1 >= len(lines) or end - start < 50 or text[start:end].endswith(ENDS_SENTENCE):
        return False
    following = text[lines[i + 1][0] : lines[i + 1][1]]
    return bool(following) and following[0].islower()
