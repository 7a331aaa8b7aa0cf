"""Small pure functions: score normalisation, highlights, the /ask sentence and calibration."""

from __future__ import annotations

import re

import numpy as np
import pytest

from core.model import Level, LevelProfile, Passage, Section, Source, segment_spans, sentence_spans
from index.answer import FEATURES, AnswerModel, fit_logistic, table_cell
from index.fusion import (
    SECTIONS,
    FusionParams,
    Wording,
    level_context,
    maxnorm,
    minmax,
    per_level,
    priors,
    weighted_fusion,
    wording,
)
from index.highlight import Words, highlight, mark, matching_words
from index.text import LevelNames, Lexicon, Vocabulary, analyze_query

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
    spans = matching_words(Words.of(text, STOP), ["product", "requir", "document", "prds"])
    assert [text[a:b] for a, b in spans] == ["product requirement documents", "PRDs"]


def test_semantic_hit_marks_its_best_segment() -> None:
    """No shared words: the segment closest in meaning is marked instead."""
    text = "Assist and learn. You work under a senior PM."
    marked = highlight(text, Words.of(text, STOP), ["budget"], (18, 45))
    assert marked == "Assist and learn. <mark>You work under a senior PM.</mark>"


def test_sentences_and_segments() -> None:
    text = 'A successful PM acts as the "CEO of the product." The path is long, hard, and worth it.'
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        'A successful PM acts as the "CEO of the product."',
        "The path is long, hard, and worth it.",
    ]
    # an abbreviation's full stop ends no sentence (tests/data/pharma: "(e.g." was the answer)
    text = "Apprenticeship (e.g. Pharmatechnologe EFZ) or a diploma. Trains i.e. Operators. Next."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Apprenticeship (e.g. Pharmatechnologe EFZ) or a diploma.",
        "Trains i.e. Operators.",
        "Next.",
    ]
    list_text = "Skills: execution skills, stakeholder management abilities, and prioritization frameworks."
    segments = [list_text[a:b] for a, b in segment_spans(list_text)]
    assert list_text in segments[0] or segments[0] == list_text
    assert "stakeholder management abilities" in segments


def test_logistic_fit_separates_and_is_monotonic() -> None:
    features = np.array([[0.5], [0.6], [0.7], [0.45], [0.1], [0.2], [0.05], [0.25]])
    labels = np.array([1.0, 1, 1, 1, 0, 0, 0, 0])
    weights, bias = fit_logistic(features, labels)
    confidence = lambda x: 1 / (1 + np.exp(-(weights[0] * x + bias)))  # noqa: E731
    assert confidence(0.6) > 0.9 and confidence(0.1) < 0.1
    assert confidence(0.3) < confidence(0.4)


def test_a_declined_decision_is_null_whatever_the_model_says() -> None:
    """make eval counts a form the guide does not state as null, as /ask answers it, even at high confidence."""
    from index.answer import AnswerModel, Decision
    from index.evaluate import answers

    model = AnswerModel(weights=(10.0,), bias=0.0, domain_weight=1.0, domain_bias=0.0)
    sure = np.array([1.0])
    assert answers(model, Decision(None, None, sure, "a sentence"))
    assert not answers(model, Decision(None, "not_covered", sure, "a sentence", declined=True))


def test_the_shipped_answer_model_loads() -> None:
    model = AnswerModel.default()
    assert len(model.weights) == len(FEATURES) and 0 < model.threshold < 1
    assert model.in_domain(0.6) and not model.in_domain(0.05)


def test_level_context_counts_only_the_words_a_passage_lacks() -> None:
    """A candidate gets its level overview's score for each query word it does not have itself."""
    has = {"tier": np.array([False, True]), "target": np.array([True, True])}
    per_slot = {"tier": np.array([2.0, 0.0, 0.0]), "target": np.array([1.0, 1.0, 0.0])}
    out = level_context(["tier", "target"], has.__getitem__, per_slot.__getitem__, np.array([0, 1]))
    assert out.tolist() == [2.0, 0.0]  # the first lacks "tier", which its level's overview has; both have "target"


PARAMS = FusionParams(
    keyword_weight=0.5,
    level_boost=0.2,
    section_boost=0.5,
    phrase_weight=0.1,
    level_context_weight=0.0,
    segment_weight=0.5,
    normalization="max",
    relevance_floor=0.2,
    candidates=10,
)
LEXICON = Lexicon.from_dict(
    {"stopwords": ["the", "a", "do", "does", "what"], "intents": {"role": ["what does (?:an? )?{level} do"]}}
)
LEVELS = [
    LevelProfile(Level(1, "Associate Designer", "AD", "g.md"), ("Associate Designer", "AD")),
    LevelProfile(Level(2, "Senior Designer", "SD", "g.md"), ("Senior Designer", "SD")),
]
SLOTS = {("g.md", 1): 0, ("g.md", 2): 1}


def query(text: str):  # type: ignore[no-untyped-def]
    names = LevelNames.build(LEVELS, LEXICON)
    return analyze_query(text, LEXICON, Vocabulary.build([], LEXICON), names), names


def test_per_level_puts_weights_in_their_slots() -> None:
    assert per_level({("g.md", 2): 0.5, ("other.md", 1): 1.0}, SLOTS).tolist() == [0.0, 0.5, 0.0]


def test_wording_reads_the_levels_and_sections_a_query_asks_for() -> None:
    """'what does a senior designer do' names level 2 and asks for its role; bigrams come from its words."""
    q, names = query("what does a senior designer do")
    found = wording(q, names, SLOTS)
    assert found.levels.tolist() == [0.0, 1.0, 0.0]
    assert found.sections[SECTIONS.index(Section.ROLE)].tolist() == [0.0, 1.0, 0.0]
    assert found.sections[SECTIONS.index(Section.SKILLS)].sum() == 0
    plain, _ = query("portfolio reviews")
    assert wording(plain, names, SLOTS) == Wording(frozenset({("portfolio", "review")}), None, None)


@pytest.mark.parametrize(
    ("text", "prior"),
    [
        ("who mentors senior designers", False),  # the level that acts is the answer, not the one named
        ("which manager coaches an associate designer", False),
        ("who does a senior designer report to", True),  # the asker's own level
        ("who is the senior designer", True),
        ("who's the senior designer", True),
        ("who else does a senior designer work with", True),
        ("what does a senior designer do", True),
    ],
)
def test_a_level_named_as_what_the_answer_acts_on_gets_no_prior(text: str, prior: bool) -> None:
    q, names = query(text)
    assert q.levels  # the level is read either way
    assert (wording(q, names, SLOTS).levels is not None) is prior


def test_priors_add_the_level_section_and_phrase_bonuses() -> None:
    q, names = query("what does a senior designer do")
    found = wording(q, names, SLOTS)
    role = SECTIONS.index(Section.ROLE)
    skills = SECTIONS.index(Section.SKILLS)
    # candidates: level 2's role, level 2's skills, level 1's role, an intro passage (the last slot)
    bonus = priors(found, PARAMS, np.array([1, 1, 0, 2]), np.array([role, skills, role, 0]), np.zeros(4))
    assert bonus.tolist() == pytest.approx([0.2 + 0.5, 0.2, 0.0, 0.0])
    phrases = priors(
        Wording(frozenset({("a", "b"), ("b", "c")}), None, None),
        PARAMS,
        np.zeros(2, int),
        np.zeros(2, int),
        np.array([2.0, 1.0]),
    )
    assert phrases.tolist() == pytest.approx([0.1, 0.05])


def test_fusion_parameters_come_from_the_data_file() -> None:
    import json
    from importlib import resources

    data = json.loads(resources.files("index").joinpath("data/fusion.json").read_text("utf-8"))
    assert FusionParams.default() == FusionParams(**{k: v for k, v in data.items() if not k.startswith("_")})
    with pytest.raises(TypeError):
        FusionParams()  # type: ignore[call-arg]  # no defaults to drift from the file


def test_a_table_rows_cell_under_the_column_asked_for() -> None:
    """The support ladder states reporting lines only in a table ("Level, Typical experience, Reports to")."""
    reports = re.compile(r"\breports? to\b")
    level = Level(4, "Support Team Lead", None, "s.docx")
    row = Passage(
        "r",
        level,
        Section.OVERVIEW,
        "Typical experience, Reports to",
        "5+ years\tHead of Customer Support",
        Source("s.docx", 0, 34),
    )
    span = table_cell(row, reports)
    assert span is not None and row.text[span[0] : span[1]] == "Head of Customer Support"
    # A Markdown table's row: a new user's "who does a Senior Accountant report to?" was not covered
    text = "Senior Accountant | 4-7 years | Finance Manager"
    markdown = Passage(
        "m", level, Section.OVERVIEW, "Title, Typical experience, Reports to", text, Source("f.md", 0, 46)
    )
    span = table_cell(markdown, reports)
    assert span is not None and markdown.text[span[0] : span[1]] == "Finance Manager"
    for heading, text in [
        (None, "5+ years\tHead of Customer Support"),  # no headers
        ("Typical experience, Reports to", "5+ years"),  # a cell short
        ("Typical experience, Scope", "5+ years\tthe whole team"),  # no such column
    ]:
        other = Passage("r", level, Section.OVERVIEW, heading, text, Source("s.docx", 0, len(text)))
        assert table_cell(other, reports) is None
