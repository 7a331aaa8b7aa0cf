"""Highlights: the words or the sentence of a passage that answer the query, in <mark>."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.text import stem_word

_WORD = re.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)?")


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words, looked up by stem (stopwords are never matched)."""

    spans: tuple[tuple[int, int], ...]
    by_stem: dict[str, tuple[int, ...]]  # stem -> ordinals of its words
    joined: tuple[bool, ...]  # only blank text between word i - 1 and word i

    @classmethod
    def of(cls, text: str, stopwords: frozenset[str]) -> Words:
        spans, by_stem, joined = [], {}, []
        for m in _WORD.finditer(text):
            word = m.group(0).lower().replace("’", "'").split("'")[0]
            if word not in stopwords:
                by_stem.setdefault(stem_word(word), []).append(len(spans))
            joined.append(bool(spans) and not text[spans[-1][1] : m.start()].strip())
            spans.append((m.start(), m.end()))
        return cls(tuple(spans), {stem: tuple(ordinals) for stem, ordinals in by_stem.items()}, tuple(joined))


def phrase_words(words: Words, phrase: tuple[str, ...]) -> set[int]:
    """Ordinals of the words where the whole phrase stands, its stems one after another."""
    found: set[int] = set()
    for first in words.by_stem.get(phrase[0], ()):
        run = [first + k for k in range(len(phrase))]
        if all(i in words.by_stem.get(stem, ()) for i, stem in zip(run, phrase, strict=True)):
            found.update(run)
    return found


def matching_words(
    words: Words, query_stems: Iterable[str], phrases: Iterable[tuple[str, ...]] = ()
) -> list[tuple[int, int]]:
    """Spans of the words whose stems the query has, and of its phrases where they stand whole; neighbours
    merge into one span."""
    spans: list[tuple[int, int]] = []
    previous = -2
    ordinals = {i for stem in set(query_stems) for i in words.by_stem.get(stem, ())}
    for phrase in phrases:
        ordinals |= phrase_words(words, phrase)
    for i in sorted(ordinals):
        start, end = words.spans[i]
        if i == previous + 1 and words.joined[i]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous = i
    return spans


def mark(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text HTML-escaped, with each span wrapped in <mark></mark>."""
    escape = _escape if "&" in text or "<" in text or ">" in text else str
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue  # overlapping spans: the first one wins
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def highlight(
    text: str,
    words: Words,
    query_stems: Iterable[str],
    best_segment: tuple[int, int] | None,
    phrases: Iterable[tuple[str, ...]] = (),
) -> str:
    """The query's words (and its acronyms' meanings, whole) where the passage has them; else the segment
    closest in meaning."""
    spans = matching_words(words, query_stems, phrases)
    if not spans and best_segment is not None:
        spans = [best_segment]
    return mark(text, spans)
