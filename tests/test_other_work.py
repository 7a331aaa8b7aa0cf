"""Other work's background: which occupations a ladder leaves out, and how close a text comes to the rest."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from index.dense import ExactIndex, Segments
from index.other_work import OtherWork, occupation_names, task_lines


def unit(*rows: list[float]) -> np.ndarray:
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


# Three occupations of two lines each, along three axes.
LINES = unit([1, 0, 0], [1, 0.1, 0], [0, 1, 0], [0.1, 1, 0], [0, 0, 1], [0, 0.1, 1])
OWNERS = np.array([0, 0, 1, 1, 2, 2], np.int32)


def test_a_ladder_leaves_its_nearest_occupations_out_of_its_background() -> None:
    near = np.array([0.9, 0.8, 0.1, 0.2, 0.3, 0.3])  # occupation 0 is the ladder's own work
    other = OtherWork(LINES, OWNERS, {"a.md": near}, own_work=1)
    assert other.background["a.md"].tolist() == [False, False, True, True, True, True]


def test_resemblance_is_the_mean_of_the_closest_sentences_to_the_background() -> None:
    near = np.array([0.9, 0.8, 0.1, 0.2, 0.3, 0.3])
    other = OtherWork(LINES, OWNERS, {"a.md": near}, own_work=1)
    sentences = unit([1, 0, 0], [0, 1, 0])  # the ladder's own work, then occupation 1's
    similarities = other.similarities(sentences)
    assert similarities.shape == (2, 6)
    # The first sentence is near only lines left out; the second is occupation 1's first line.
    expected = (similarities[0, 2:].max() + 1.0) / 2
    assert other.resemblance(similarities, "a.md") == np.float32(expected).item()
    assert other.resemblance(similarities, "unknown.md") is None


def test_each_ladder_leaves_out_the_occupation_nearest_its_own_passages() -> None:
    """`of` measures every ladder's passages against every line in one product: ladders listed in any order. A
    passage of a word or two ("Coaching") says little of which occupations are the ladder's own."""
    vectors = unit([0, 0, 1], [1, 0, 0], [0.9, 0.1, 0], [0, 1, 0.2], [1, 0.1, 0.1])
    texts = ["Plans the rota", "Answers the tickets", "Writes the report", "Runs the weekly standup", "Coaching"]
    dense = ExactIndex(vectors, Segments(vectors, np.arange(len(vectors) + 1)))
    passages = [SimpleNamespace(text=text) for text in texts]
    index = SimpleNamespace(dense=dense, passages=passages, other_work=LINES, other_work_owners=OWNERS)
    ladders = {"b.md": np.array([3, 4]), "a.md": np.array([1, 2]), "c.md": np.array([0]), "empty.md": np.array([], int)}
    other = OtherWork.of(index, ladders, segment_weight=0.5, own_work=1)  # type: ignore[arg-type]
    assert other.background["a.md"].tolist() == [False, False, True, True, True, True]
    assert other.background["b.md"].tolist() == [True, True, False, False, True, True]
    assert other.background["c.md"].tolist() == [True, True, True, True, False, False]
    assert "empty.md" not in other.background


def test_a_refused_text_is_told_the_occupation_it_resembles_most() -> None:
    near = np.array([0.9, 0.8, 0.1, 0.2, 0.3, 0.3])
    other = OtherWork(LINES, OWNERS, {"a.md": near}, own_work=1)
    other.names = ["own work", "baker", "nurse"]
    sentences = unit([0, 0.2, 1], [0.1, 0, 1], [1, 0, 0])  # two sentences of a nurse's, one of the ladder's
    assert other.closest(other.similarities(sentences), "a.md") == "nurse"
    assert other.closest(other.similarities(sentences), "unknown.md") is None
    assert len(occupation_names()) == len(set(task_lines()[1].tolist()))


def test_no_background_is_no_resemblance() -> None:
    other = OtherWork(np.zeros((0, 3), np.float32), np.zeros(0, np.int32), {"a.md": np.zeros(0)})
    similarities = other.similarities(unit([1, 0, 0]))
    assert similarities.shape == (1, 0)
    assert other.resemblance(similarities, "a.md") is None


def test_the_shipped_occupations_are_many_and_varied() -> None:
    lines, owners = task_lines()
    assert len(set(owners.tolist())) >= 200 and len(lines) == len(owners)
    assert len(set(lines)) == len(lines)  # no line twice


def test_a_text_s_own_title_names_an_occupation_of_the_background() -> None:
    """ "I am a plumber" says which work the writer does, as "a qualified plumber" does; the ladder's own work
    ("senior registered nurse" on a ladder whose own work is nursing), another noun ("bakery owner") and another
    ladder's index say none."""
    near = np.array([0.9, 0.8, 0.1, 0.2, 0.3, 0.3])
    other = OtherWork(LINES, OWNERS, {"a.md": near}, own_work=1)
    other.names = ["registered nurse", "Baker", "Plumber"]
    assert other.named(["a plumber"], "a.md") == "Plumber"
    assert other.named(["qualified Plumber"], "a.md") == "Plumber"
    assert other.named(["senior registered nurse"], "a.md") is None  # its own work
    assert other.named(["bakery owner", "data plumbers"], "a.md") is None
    assert other.named(["a plumber"], "unknown.md") is None
