"""Other work: what tells a text about some other job from a text about a ladder's work.

A nurse's review can resemble a support ladder about as much as a support agent's does; what sets it
apart is that it resembles a nurse's work more. The background is a list of occupations across the
ISCO-08 major groups, a few task lines each (index/data/occupations.json), which ingest embeds into the
index. The occupations nearest a ladder's own work are left out of its background, so that a nursing
ladder is not told apart from nursing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from index import read_data
from index.match import top_mean

if TYPE_CHECKING:
    from index.store import LadderIndex

OWN_WORK = 5  # the occupations nearest a ladder, which are its own work and not a background for it
LINES_AT_ONCE = 128  # task lines compared with every passage in one product: bounds the product's size


def task_lines() -> tuple[list[str], np.ndarray]:
    """Every occupation's task lines, and the occupation each belongs to (its place in the data file)."""
    occupations = read_data("occupations.json")["occupations"]
    lines = [(n, task) for n, o in enumerate(occupations) for task in o["tasks"]]
    return [task for _, task in lines], np.array([n for n, _ in lines], dtype=np.int32)


def occupation_names() -> list[str]:
    """The occupations' names, in the data file's order (a task line's owner is a place in it)."""
    return [o["occupation"] for o in read_data("occupations.json")["occupations"]]


class OtherWork:
    """The background of each ladder, and how closely a text's sentences come to it."""

    def __init__(
        self, vectors: np.ndarray, owners: np.ndarray, nearness: dict[str, np.ndarray], own_work: int = OWN_WORK
    ) -> None:
        """`vectors`: the task lines' (one row each); `owners`: each line's occupation; `nearness`: per
        ladder, how near each line comes to the ladder's passages; `own_work`: how many occupations nearest
        a ladder are left out of its background."""
        self.vectors = vectors
        self.owners = owners
        count = int(owners.max()) + 1 if len(owners) else 0
        names = occupation_names()
        self.names = names if len(names) >= count else None  # None: the index's lines come from another list
        self.background: dict[str, np.ndarray] = {}
        for doc, near in nearness.items():
            # An occupation's nearness to the ladder: the mean of its lines' nearness.
            per_occupation = np.bincount(owners, weights=near, minlength=count) / np.maximum(
                np.bincount(owners, minlength=count), 1
            )
            own = np.argsort(-per_occupation)[:own_work]
            self.background[doc] = ~np.isin(owners, own)

    @classmethod
    def of(
        cls, index: LadderIndex, ladders: dict[str, np.ndarray], segment_weight: float, own_work: int = OWN_WORK
    ) -> OtherWork:
        """The index's task lines, each ladder's (`ladders`: its passages' positions) background among them."""
        # A passage of a word or two ("Coaching") comes moderately near many occupations: it says little of which.
        worded = {
            doc: np.array([p for p in ps if len(index.passages[p].text.split()) > 2], int)
            for doc, ps in ladders.items()
        }
        ladders = {doc: worded[doc] if len(worded[doc]) else positions for doc, positions in ladders.items()}
        docs = [doc for doc, positions in ladders.items() if len(positions)]
        if not docs:
            return cls(index.other_work, index.other_work_owners, {}, own_work)
        everyone = np.concatenate([ladders[doc] for doc in docs])
        starts = np.cumsum([0, *(len(ladders[doc]) for doc in docs[:-1])])
        candidates = index.dense.candidates(everyone)
        near = np.vstack(
            [
                np.maximum.reduceat(candidates.similarities(lines, segment_weight), starts, axis=1)
                for lines in np.array_split(index.other_work, max(1, len(index.other_work) // LINES_AT_ONCE))
            ]
        )
        nearness = {doc: near[:, n] for n, doc in enumerate(docs)}
        return cls(index.other_work, index.other_work_owners, nearness, own_work)

    def similarities(self, sentences: np.ndarray) -> np.ndarray:
        """[sentence, task line] cosines of a text's sentence vectors."""
        if not len(self.vectors):
            return np.zeros((len(sentences), 0), np.float32)
        return sentences @ self.vectors.T

    def closest(self, similarities: np.ndarray, doc: str) -> str | None:
        """The occupation in `doc`'s background that the text resembles most, as `resemblance` measures it."""
        lines = self.background.get(doc)
        if lines is None or not lines.any() or not len(similarities) or self.names is None:
            return None
        occupations = np.unique(self.owners[lines])
        likeness = [top_mean(similarities[:, self.owners == o].max(axis=1)) for o in occupations]
        return self.names[occupations[int(np.argmax(likeness))]]

    def named(self, titles: list[str], doc: str) -> str | None:
        """The occupation of `doc`'s background that a text's own title is ("I am a plumber", "I work as a
        qualified electrician"): the writer says what work they do."""
        lines = self.background.get(doc)
        if lines is None or self.names is None:
            return None
        said = [" " + re.sub(r"^(?:an?|the|our)\s+", "", " ".join(t.lower().split())) for t in titles]
        for o in np.unique(self.owners[lines]):
            name = self.names[o].lower()
            if any(title.endswith(" " + name) for title in said):
                return self.names[o]
        return None

    def resemblance(self, similarities: np.ndarray, doc: str) -> float | None:
        """How close the text's five sentences nearest other work come to it, on average, as
        `match.resemblance` measures them against a ladder; None with no background."""
        lines = self.background.get(doc)
        if lines is None or not lines.any() or not len(similarities):
            return None
        return top_mean(similarities[:, lines].max(axis=1))
