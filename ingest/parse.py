"""Guide text -> levels and passages.

Two surface formats share one reading: the plain-text guide (one paragraph a
line, stray `-` lines between them) and Markdown guides (`## Level N: Title
(SHORT)` headings, paragraphs and list items). Each format is first cut into
`Block`s that keep their character offsets; `read_blocks` then assigns every
block its level and section. Everything here is pure: text in, passages out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from core.model import Level, LevelProfile, Passage, Section, Source, slugify


class GuideError(ValueError):
    """A guide that cannot be read as a ladder; the message names the file."""


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "level" | "heading" | "paragraph"
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Guide:
    doc: str
    title: str | None
    levels: tuple[LevelProfile, ...]
    passages: tuple[Passage, ...]


LEVEL_RE = re.compile(
    r"^Level\s+(?P<number>\d+)\s*[:.\-–—]\s*(?P<title>.+?)\s*(?:\((?P<short>[^()]+)\))?\s*$",
    re.IGNORECASE,
)
# A label is a few capitalised words (connectives allowed) followed by a colon.
_LABEL_WORD = r"[A-Z0-9][\w’'&/.\-]*"
_CONNECTIVE = r"(?:of|and|&|for|to|the|with|in|on|a|an)"
LABEL_RE = re.compile(
    rf"^(?P<label>{_LABEL_WORD}(?:\s+(?:{_LABEL_WORD}|{_CONNECTIVE})){{0,5}})\s*:[ \t]*(?P<body>.*)$",
    re.DOTALL,
)
# Markdown bold labels: **Label:** body  or  **Label**: body
MD_LABEL_RE = re.compile(
    r"^(?:\*\*|__)(?P<label>[^*_:\n]{1,60}?)(?::(?:\*\*|__)|(?:\*\*|__)\s*:)[ \t]*(?P<body>.*)$",
    re.DOTALL,
)
ROLE_LABELS = {"primary role", "role"}
SKILLS_LABELS = {"skills developed", "skills"}
RESPONSIBILITY_LABELS = {"key responsibilities", "responsibilities"}
SEPARATOR_RE = re.compile(r"^[\s\-–—*_=•·]*$")


@cache
def _titles_data() -> dict:
    return json.loads(resources.files("ingest").joinpath("data/titles.json").read_text("utf-8"))


def short_name(title: str) -> str:
    """The conventional short name for a title the guide does not abbreviate."""
    known = _titles_data()["short_names"]
    for name in split_title(title):
        if name.lower() in known:
            return known[name.lower()]
    first = split_title(title)[0]
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", first) if w[0].isupper()) or first


def split_title(title: str) -> list[str]:
    """'VP of Product / Head of Product' -> ['VP of Product', 'Head of Product']."""
    return [part.strip() for part in re.split(r"\s+/\s+|\s+or\s+", title) if part.strip()]


def make_level(number: int, title: str, short: str | None, doc: str) -> LevelProfile:
    short = short or short_name(title)
    names = [*split_title(title), short, *_titles_data()["aliases"].get(short, [])]
    aliases = tuple(dict.fromkeys(n for n in names if n))
    return LevelProfile(Level(number=number, title=title, short=short, doc=doc), aliases)


def text_blocks(text: str) -> list[Block]:
    """The plain-text format: every non-empty line is a block of its own."""
    blocks = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos + (len(line) - len(line.lstrip()))
        content = line.strip()
        pos += len(line)
        if SEPARATOR_RE.match(content):
            continue
        end = start + len(content)
        if LEVEL_RE.match(content):
            kind = "level"
        elif not content.endswith((".", "?", "!", ":", '"', "”", ")")) and len(content) < 120:
            # A line with no closing punctuation is a banner or a title, not prose.
            kind = "heading"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, content, start, end))
    return blocks


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")


def markdown_blocks(text: str) -> list[Block]:
    """The Markdown format: headings, paragraphs and list items."""
    blocks: list[Block] = []
    para: list[tuple[int, int]] = []  # (start, end) of each line's content

    def flush() -> None:
        if para:
            start, end = para[0][0], para[-1][1]
            blocks.append(Block("paragraph", text[start:end], start, end))
            para.clear()

    pos = 0
    in_fence = False
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        stripped = line.strip()
        if _MD_FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not stripped or SEPARATOR_RE.match(stripped) or stripped.startswith("<!--"):
            flush()
            continue
        heading = _MD_HEADING.match(stripped)
        if heading:
            flush()
            content = heading.group(2)
            start = line_start + line.index(content) if content else line_start
            kind = "level" if LEVEL_RE.match(content) else "heading"
            blocks.append(Block(kind, content, start, start + len(content)))
            continue
        item = _MD_ITEM.match(line)
        if item:
            flush()
            start = line_start + item.end()
        elif stripped.startswith(">"):
            offset = line.index(">") + 1
            start = line_start + offset + (len(line[offset:]) - len(line[offset:].lstrip()))
        else:
            start = line_start + (len(line) - len(line.lstrip()))
        para.append((start, line_start + len(line.rstrip())))
    flush()
    return blocks


def _split_label(block: Block, markdown: bool) -> tuple[str, str, int] | None:
    """('Specification Writing', body, body_start) for a `Label: body` block."""
    match = (MD_LABEL_RE.match(block.text) if markdown else None) or LABEL_RE.match(block.text)
    if not match:
        return None
    label = match.group("label").strip().strip("*_").strip()
    body_start = block.start + match.start("body")
    body = match.group("body")
    trimmed = body.rstrip()
    return label, trimmed, body_start


def read_blocks(blocks: list[Block], doc: str, *, markdown: bool) -> Guide:
    """Assign every block its level and section, and make the passages."""
    levels: list[LevelProfile] = []
    passages: list[Passage] = []
    used_ids: set[str] = set()
    counters: dict[tuple[int | None, str], int] = {}
    title: str | None = None
    seen_paragraph = False
    level: Level | None = None
    in_responsibilities = False
    pending: str | None = None  # a Markdown heading such as "### Primary Role"
    stem = Path(doc).stem

    def add(section: str, heading: str | None, text: str, start: int) -> None:
        if not text.strip():
            return
        prefix = f"{stem}.l{level.number}" if level else stem
        counters[(level.number if level else None, section)] = n = (
            counters.get((level.number if level else None, section), 0) + 1
        )
        if heading:
            base = f"{prefix}.{section}.{slugify(heading)}"
        elif section in ("overview", "intro"):
            base = f"{prefix}.{section}.{n}"
        else:
            base = f"{prefix}.{section}"
        pid, i = base, 1
        while pid in used_ids:
            i += 1
            pid = f"{base}-{i}"
        used_ids.add(pid)
        source = Source(doc=doc, start=start, end=start + len(text))
        passages.append(Passage(pid, level, Section(section), heading, text, source))

    for block in blocks:
        if block.kind == "level":
            m = LEVEL_RE.match(block.text)
            assert m is not None
            profile = make_level(int(m["number"]), m["title"].strip(), m["short"], doc)
            levels.append(profile)
            level = profile.level
            in_responsibilities, pending = False, None
            continue
        if block.kind == "heading" and (level is None or markdown):
            if level is None:
                if not seen_paragraph:
                    title = block.text
                continue
            name = block.text.strip().rstrip(":").strip("*_ ").lower()
            in_responsibilities = name in RESPONSIBILITY_LABELS
            pending = "role" if name in ROLE_LABELS else "skills" if name in SKILLS_LABELS else None
            continue
        if level is None:
            seen_paragraph = True
            add("intro", None, block.text, block.start)
            continue
        labelled = _split_label(block, markdown)
        if labelled:
            label, body, body_start = labelled
            name = label.lower()
            if not body:
                in_responsibilities = name in RESPONSIBILITY_LABELS
                pending = None
                continue
            if name in ROLE_LABELS:
                add("role", None, body, body_start)
                continue
            if name in SKILLS_LABELS:
                add("skills", None, body, body_start)
                continue
            if in_responsibilities:
                add("responsibility", label, body, body_start)
                continue
        if pending:
            add(pending, None, block.text, block.start)
            pending = None
        else:
            add("overview", None, block.text, block.start)

    if not levels:
        raise GuideError(f"{doc}: no levels found (a level starts with a line like 'Level 1: Title')")
    return Guide(doc=doc, title=title, levels=tuple(levels), passages=tuple(passages))


def parse_guide(text: str, doc: str) -> Guide:
    """Read one guide; the format follows the file name (`.md` is Markdown)."""
    markdown = doc.lower().endswith((".md", ".markdown"))
    blocks = markdown_blocks(text) if markdown else text_blocks(text)
    return read_blocks(blocks, doc, markdown=markdown)


def read_guide_file(path: Path) -> tuple[str, Guide]:
    """The file's exact text (newlines untouched, so offsets hold) and its guide."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise GuideError(f"{path.name}: not UTF-8 text ({e.reason} at byte {e.start})") from e
    return text, parse_guide(text, path.name)
