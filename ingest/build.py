"""A corpus folder read into ladders: every guide file's levels and passages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from core.model import LevelProfile, Passage
from ingest.formats import SUFFIXES
from ingest.guide import Guide, GuideError, read_guide


@dataclass(frozen=True, slots=True)
class Corpus:
    guides: tuple[Guide, ...]
    hashes: dict[str, str]  # file name -> sha256 of the file

    @property
    def passages(self) -> list[Passage]:
        return [p for g in self.guides for p in g.passages]

    @property
    def profiles(self) -> list[LevelProfile]:
        return [level for g in self.guides for level in g.levels]


def guide_files(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    if corpus.is_file():
        return [corpus]
    if not corpus.is_dir():
        raise GuideError(f"corpus folder {corpus} does not exist (check LADDER_CORPUS)")
    files = sorted(
        p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise GuideError(f"corpus folder {corpus} holds no guide ({', '.join(SUFFIXES)})")
    return files


def read_corpus(corpus: Path) -> Corpus:
    guides, hashes = [], {}
    for path in guide_files(corpus):
        guides.append(read_guide(path))
        hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return Corpus(guides=tuple(guides), hashes=hashes)
