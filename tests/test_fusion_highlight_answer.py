"""Small pure functions: score normalisation, highlights, the /ask sentence and calibration."""

from __future__ import annotations

import numpy as np
import pytest

from index.answer import Calibration, answer_sentence, fit_calibration
from index.fusion import maxnorm, minmax, weighted_fusion
from index.highlight import highlight, mark, matching_words
from ingest.passages import Passage, Source, segment_spans, sentence_spans

STOP = frozenset({"the", "a", "of"})


def test_minmax_and_maxnorm() -> None:
    scores = np.array([0.2, 0.4, 0.6])
    assert minmax(scores).tolist() == pytest.approx([0.0, 0.5, 1.0])
    assert maxnorm(scores).tolist() == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert minmax(np.array([3.0, 3.0])).tolist() == [0.0, 0.0]
    assert maxnorm(np.zeros(2)).tolist() == [0.0, 0.0]


def test_weighted_fusion_mixes() -> None:
    fused = weighted_fusion(np.array([1.0, 0.5]), np.array([0.0, 4.0]), 0.5, "max")
    assert fused.tolist() == pytest.approx([0.5, 0.75])


def test_mark_escapes_everything_but_the_marks() -> None:
    """Text from the index is escaped; only our own <mark> is markup."""
    text = "Use <script>alert(1)</script> & PRDs"
    out = mark(text, [(text.index("PRDs"), len(text))])
    assert out == "Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>PRDs</mark>"


def test_neighbouring_words_merge_into_one_mark() -> None:
    text = "Create product requirement documents (PRDs) now."
    spans = matching_words(text, ["product", "requir", "document", "prds"], STOP)
    assert [text[a:b] for a, b in spans] == ["product requirement documents", "PRDs"]


def test_semantic_hit_marks_its_best_segment() -> None:
    """No shared words: the segment closest in meaning is marked instead."""
    text = "Assist and learn. You work under a senior PM."
    assert highlight(text, ["budget"], STOP, (18, 45)) == "Assist and learn. <mark>You work under a senior PM.</mark>"


def test_sentences_and_segments() -> None:
    text = 'A successful PM acts as the "CEO of the product." The path is long, hard, and worth it.'
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        'A successful PM acts as the "CEO of the product."',
        "The path is long, hard, and worth it.",
    ]
    list_text = "Skills: execution skills, stakeholder management abilities, and prioritization frameworks."
    segments = [list_text[a:b] for a, b in segment_spans(list_text)]
    assert list_text in segments[0] or segments[0] == list_text
    assert "stakeholder management abilities" in segments


def test_answer_is_the_sentence_holding_the_best_segment() -> None:
    text = "The CPO is the top product role. The CPO reports to the CEO, and sets direction."
    passage = Passage("x", None, "overview", None, text, Source("g.txt", 0, len(text)))
    assert answer_sentence(passage, (33, 58)) == "The CPO reports to the CEO, and sets direction."
    assert answer_sentence(passage, None) == "The CPO is the top product role."


def test_calibration_separates_and_is_monotonic() -> None:
    calibration = fit_calibration([0.5, 0.6, 0.7, 0.45], [0.1, 0.2, 0.05, 0.25])
    assert calibration.confidence(0.6) > 0.9
    assert calibration.confidence(0.1) < 0.1
    assert calibration.confidence(0.3) < calibration.confidence(0.4)


def test_shipped_calibration_loads() -> None:
    calibration = Calibration.default()
    assert 0 < calibration.threshold < 1
    assert calibration.confidence(0.9) > calibration.confidence(0.1)
