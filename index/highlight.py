"""Highlights: the words or the sentence of a passage that answer the query, in <mark>."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from index.text import stemmer

_WORD = re.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)?")


@lru_cache(maxsize=65536)
def word_stems(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, lower-case word, stem) of each word; passages repeat, so this is cached."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0).lower().replace("’", "'").split("'")[0]
        out.append((m.start(), m.end(), word, stemmer().stemWord(word)))
    return tuple(out)


def matching_words(text: str, query_stems: Iterable[str], stopwords: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the words whose stems the query has; neighbours merge into one span."""
    wanted = set(query_stems)
    if not wanted:
        return []
    spans: list[tuple[int, int]] = []
    for start, end, word, stem in word_stems(text):
        if word in stopwords or stem not in wanted:
            continue
        if spans and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def mark(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text HTML-escaped, with each span wrapped in <mark></mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue  # overlapping spans: the first one wins
        out.append(html.escape(text[pos:start], quote=False))
        out.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def highlight(
    text: str, query_stems: Iterable[str], stopwords: frozenset[str], best_segment: tuple[int, int] | None
) -> str:
    """The query's words where the passage shares them; else the segment closest in meaning."""
    spans = matching_words(text, query_stems, stopwords)
    if not spans and best_segment is not None:
        spans = [best_segment]
    return mark(text, spans)
