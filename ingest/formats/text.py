"""Plain text: a paragraph a line (or wrapped over several), headings as short lines, `- ` items.

A heading underlined (or boxed) with a rule of `=` is above one underlined with `-`, which is above any other
heading; a text without such rules has headings of one depth. An e-mail's header lines ("From:", "Sent:",
"Subject:") at the top are not its text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.document import Block, Document, Kind, labelled
from ingest.formats import UnreadableError, read_text_file

SEPARATOR = re.compile(r"^[\s\-–—*_=•·~+#^]*$")
RULE = re.compile(r"^([=\-~*+#^])\1{2,}\s*$")  # "=====" under (or over) a heading
ITEM = re.compile(r"^(?:[-*•▪‣]|\d{1,2}[.)]|[a-z][.)])\s+")  # "- ", "1) ", "a. "
ENDS_SENTENCE = (".", "?", "!", ":", '"', "”", ")", ";")
# "Expected experience: 3+ years", "Salary: EUR 42.000 - 53.000": prose; "Level 1: Associate", "Role: Engineer"
# name a level
LABELLED = re.compile(
    r"^[A-Z][\w’' &/-]{0,40}:\s+[a-z0-9]"
    r"|^(?i:(?:typical |relevant )?experience|(?:salary|pay)(?: range| band)?|reports? to|reporting to|location"
    r"|notes?|bonus|(?:working )?hours|contract)\s*:\s+\S"
)
TITLE_WITH_SHORT_NAME = re.compile(r"^[^.!?]{1,100}\([^()]{1,20}\)$")  # "Level 1: Associate Product Manager (APM)"
MAIL_HEADER = re.compile(
    r"^(?:from|sent|to|cc|bcc|date|subject|van|verzonden|aan|onderwerp|von|gesendet|an|betreff|de|envoyé|à|objet)"
    r"\s*:",
    re.IGNORECASE,
)
FORWARDED = re.compile(r"^-{2,}\s*(?:forwarded message|original message)\s*-{2,}$", re.IGNORECASE)
RULE_DEPTHS = {"=": 1, "-": 2, "~": 3}  # reStructuredText's order; a heading under any other rule is below them
WRAPPED = 100  # a text whose lines are mostly this short or shorter is hard-wrapped
MOST_LINES = 0.9  # the share of a text's lines its wrap width is taken from (a URL is longer)


# A line of program code: a statement, an assignment, or a line ending in an open bracket or a comma.
CODE_LINE = re.compile(
    r"^\s*(?:def |class |import |from [\w.]+ import |return\b|elif\b|else:|try:|except\b|for .+ in .+:$|while .+:$"
    r"|if .+:$|@\w|#!)|[(\[{,]\s*$|^\s*[\w.\[\]]+\s*[-+*/]?=\s*\S|^\s*[)\]}]+[,;)]*\s*$"
)
CODE_SHARE = 0.4  # of a file's lines, code's: source code saved as .txt, not a ladder


def read(path: Path) -> Document:
    text, notes = read_text_file(path)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= 5 and sum(bool(CODE_LINE.search(line)) for line in lines) >= CODE_SHARE * len(lines):
        raise UnreadableError("reads as program code, not as a ladder's text")
    return Document(path.name, "text", text, blocks(text), notes)


def blocks(text: str) -> list[Block]:
    """Each line is a heading, an item or a paragraph; a line wrapped mid-sentence runs on into the next."""
    lines = []  # (start, end) of each line's content
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos + len(line) - len(line.lstrip())
        lines.append((start, pos + len(line.rstrip())))
        pos += len(line)
    contents = [text[start:end] for start, end in lines]
    ruled = rules(contents)
    plain = max(RULE_DEPTHS.values()) + 1 if ruled else 1  # a heading with no rule under it
    lengths = sorted(len(c) for c in contents if c)
    width = lengths[int(MOST_LINES * (len(lengths) - 1))] if lengths else 0
    # a text none of whose lines ends a sentence is an item a line, not prose wrapped at a width; its headings
    # are its short lines ("Engineer II" over "Designs and delivers features that span a whole service")
    prose = any(c.endswith(ENDS_SENTENCE) for c in contents)
    out: list[Block] = []
    i = mail_header(contents, [line[:1] in " \t" and bool(line.strip()) for line in text.splitlines()])
    while i < len(lines):
        start, end = lines[i]
        content = contents[i]
        i += 1
        if SEPARATOR.match(content) or RULE.match(content):
            continue
        item = ITEM.match(content)
        if i - 1 in ruled:
            out.append(Block(Kind.HEADING, content, start, end, ruled[i - 1]))
            continue
        if item and numbered_heading(contents, i - 1, item.end()):
            out.append(Block(Kind.HEADING, content, start, end, plain))  # "1. Accounts Assistant" over its text
            continue
        if item:
            start += item.end()
            kind = Kind.ITEM
        elif (
            _reads_as_heading(content)
            and (prose or (len(content) < width / 2 and capitalised(content)))  # "Engineer II", not "Mentors interns"
            and not _runs_on(contents, i - 1, width, prose)
        ):
            out.append(Block(Kind.HEADING, content, start, end, plain))  # a banner or a title, not prose
            continue
        else:
            kind = Kind.PARAGRAPH
        while _runs_on(contents, i - 1, width, prose):
            end = lines[i][1]
            i += 1
        out.append(labelled(kind, text[start:end], start, end))
    return out


def rules(contents: list[str]) -> dict[int, int]:
    """The lines underlined with a rule ("PM-1  Assistant Project Manager" over "-----"), or between two rules
    (a banner's lines), and their depths as headings."""
    out: dict[int, int] = {}

    def titled(k: int) -> bool:  # a heading's line: no list item, no sentence ("- Documents the metrics." is none)
        return bool(contents[k].strip()) and not ITEM.match(contents[k]) and _reads_as_heading(contents[k])

    for i, content in enumerate(contents):
        found = RULE.match(content)
        if not found or i == 0 or RULE.match(contents[i - 1]) or not titled(i - 1):
            continue
        # the lines since the rule above, when a rule boxes them in ("=====" / title / subtitle / "=====")
        above = next((k for k in range(i - 1, max(i - 4, -1), -1) if RULE.match(contents[k])), None)
        boxed = range(above + 1, i) if above is not None and all(titled(k) for k in range(above + 1, i)) else None
        for k in boxed or [i - 1]:
            out[k] = 1 if boxed else RULE_DEPTHS.get(found.group(1), max(RULE_DEPTHS.values()) + 1)
    return out


SMALL_WORDS = {"of", "and", "the", "to", "for", "in", "&", "a", "an", "/", "-", "–"}


def capitalised(line: str) -> bool:
    """A line of capitalised words, connectives aside: a title ("Senior Engineer"), not an item ("Mentors interns")."""
    said = line.split()
    return bool(said) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in SMALL_WORDS for w in said)


def numbered_heading(contents: list[str], i: int, marker_end: int) -> bool:
    """A numbered line that titles what follows ("1. Accounts Assistant" after a blank line, over lines that are
    no items): a few capitalised words, no sentence; not a numbered item of a list."""
    name = contents[i][marker_end:].strip()
    said = name.split()
    titled_line = 0 < len(said) <= 8 and capitalised(name)
    after_blank = i == 0 or not contents[i - 1].strip()
    before_text = i + 1 < len(contents) and bool(contents[i + 1].strip()) and not ITEM.match(contents[i + 1])
    return titled_line and not name.endswith(ENDS_SENTENCE) and after_blank and before_text and name[:1].isupper()


def mail_header(contents: list[str], indented: list[bool]) -> int:
    """Where the text starts after an e-mail's header lines ("From: ...", "Subject: ..."), two or more at the top,
    a forwarded message's too."""
    first = next((k for k, c in enumerate(contents) if c.strip()), 0)
    if first < len(contents) and FORWARDED.match(contents[first]):  # "---------- Forwarded message ---------"
        first += 1
    end, fields = first, 0
    while end < len(contents) and contents[end].strip():
        if MAIL_HEADER.match(contents[end]):
            fields += 1
        elif end == first or not indented[end]:  # a field wrapped onto an indented line goes on
            break
        end += 1
    return end if fields >= 2 else 0


def _reads_as_heading(line: str) -> bool:
    if len(line) >= 120 or LABELLED.match(line) or line.endswith(","):  # "Dear colleagues," is no heading
        return False
    return not line.endswith(ENDS_SENTENCE) or bool(TITLE_WITH_SHORT_NAME.match(line))


def _runs_on(contents: list[str], i: int, width: int, prose: bool = True) -> bool:
    """A line wrapped in the middle of a sentence: long, no sentence ending, the next line goes on in lower case;
    in a hard-wrapped text of `prose`, a line as full as the text's lines are goes on in any case, unless the next
    line starts an item, a labelled line or a heading's rule."""
    if i + 1 >= len(contents):
        return False
    line, following = contents[i], contents[i + 1]
    if len(line) < 50 or not following or RULE.match(following) or SEPARATOR.match(following):
        return False
    if ITEM.match(following):  # "a. can run a project ..." under its lead-in
        return False
    if following[0].islower():
        return not line.endswith(ENDS_SENTENCE) or line.endswith(":")
    full = prose and width <= WRAPPED and len(line) >= width - 20
    # a short line that reads as a heading ("Engineer II") starts the next level, not the rest of a sentence
    heading = _reads_as_heading(following) and len(following) < width / 2
    return full and not line.endswith(ENDS_SENTENCE) and not LABELLED.match(following) and not heading
