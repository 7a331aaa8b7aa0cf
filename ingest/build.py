"""A corpus folder read into ladders: every guide file's levels and passages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from core.model import LevelProfile, Passage
from ingest.formats import SUFFIXES
from ingest.guide import SIDECAR, Guide, GuideError, read_guide


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
    inside = corpus.resolve()
    files = []
    for path in sorted(corpus.iterdir()):
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in SUFFIXES:
            continue  # hidden entries (a Kubernetes ConfigMap's ..data), Office's lock of an open file, other files
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:
            raise GuideError(f"{path.name!r}: the file name is not valid UTF-8; rename it") from None
        if path.is_symlink() and inside not in path.resolve().parents:
            # A link may point within the corpus (ConfigMaps mount files so), never elsewhere on the machine.
            raise GuideError(f"{path.name}: a link to {path.resolve()}, outside the corpus folder; copy the file in")
        if path.is_file():
            files.append(path)
    if not files:
        raise GuideError(f"corpus folder {corpus} holds no guide ({', '.join(SUFFIXES)})")
    return files


def corpus_hashes(corpus: Path) -> dict[str, str]:
    """Each guide file's sha256, as an index's manifest records them: has the corpus changed since?"""
    return {path.name: guide_hash(path) for path in guide_files(corpus)}


def guide_hash(path: Path) -> str:
    """The sha256 of a guide file and of its sidecar, when it has one (a new alias changes the index too)."""
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.name + SIDECAR)
    if sidecar.is_file():
        digest.update(b"\0" + sidecar.read_bytes())
    return digest.hexdigest()


def read_corpus(corpus: Path) -> Corpus:
    guides, hashes = [], {}
    owners: dict[str, str] = {}  # passage id -> the guide it came from
    for path in guide_files(corpus):
        guide = read_guide(path)
        for passage in guide.passages:
            other = owners.setdefault(passage.id, guide.doc)
            if other != guide.doc:
                raise GuideError(f"{other} and {guide.doc} give the same passage id {passage.id!r}; rename one")
        guides.append(guide)
        hashes[path.name] = guide_hash(path)
    return Corpus(guides=tuple(guides), hashes=hashes)
