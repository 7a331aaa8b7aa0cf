"""The index artifact: FAISS vectors, passages as JSON lines, the ladders, their texts, and a manifest.

The folder at `LADDER_INDEX_DIR` is a symbolic link to one immutable
generation folder beside it. `save_index` writes a new generation in full,
then swaps the link with an atomic rename, so a reader sees either the old
index or the new one, never a mixture, and an interrupted ingest leaves the
old one serving.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from core.encoder import file_sha256
from core.model import Ladder, Level, LevelProfile, Passage, segment_spans
from index.dense import BuiltVectors, DenseIndex, Segments, dense_index

FORMAT_VERSION = 3
VECTORS_FILE = "index.faiss"
PASSAGES_FILE = "passages.jsonl"
LADDERS_FILE = "ladders.json"
SOURCES_DIR = "sources"  # the text ingest extracted from each guide (passages' offsets point into it)
MANIFEST_FILE = "manifest.json"
SEGMENTS_FILE = "segments.npy"
DATA_FILES = (VECTORS_FILE, PASSAGES_FILE, LADDERS_FILE, SEGMENTS_FILE)
FIX = "run `ladder ingest` (or `make ingest`) to rebuild it"


class IndexLoadError(RuntimeError):
    """The index folder is missing, damaged, or built for another model."""


@dataclass(frozen=True, slots=True)
class Manifest:
    model: str
    model_sha256: str
    dim: int
    count: int
    corpus: dict[str, str]
    built_at: str
    dense: dict = field(default_factory=lambda: {"kind": "flat"})  # kind, and an inverted file's probes and recall
    files: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT_VERSION

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        known = {f for f in cls.__dataclass_fields__}
        missing = {"model", "model_sha256", "dim", "count", "corpus", "built_at"} - data.keys()
        if missing:
            raise IndexLoadError(f"manifest lacks {', '.join(sorted(missing))}")
        return cls(**{k: v for k, v in data.items() if k in known})


def new_manifest(*, model: str, model_sha256: str, dim: int, count: int, corpus: dict[str, str]) -> Manifest:
    built_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return Manifest(model=model, model_sha256=model_sha256, dim=dim, count=count, corpus=corpus, built_at=built_at)


@dataclass(slots=True)
class LadderIndex:
    """Passages, their levels, and their vectors, searchable by inner product."""

    manifest: Manifest
    passages: tuple[Passage, ...]
    ladders: tuple[Ladder, ...]
    vectors: faiss.Index
    segment_vectors: np.ndarray  # one row per segment (`segment_spans`), passages in order
    path: Path | None = None
    spans: tuple[tuple[tuple[int, int], ...], ...] = ()  # each passage's segments
    segments: Segments = field(init=False)
    dense: DenseIndex = field(init=False)
    records: tuple[dict, ...] = field(init=False)  # each passage as the API shows it, built once

    def __post_init__(self) -> None:
        self.records = tuple(p.to_dict() for p in self.passages)
        self.spans = tuple(tuple(segment_spans(p.text)) for p in self.passages)
        starts = np.concatenate([[0], np.cumsum([len(s) for s in self.spans])]).astype(np.int64)
        self.segments = Segments(self.segment_vectors, starts)
        self.dense = dense_index(self.vectors, self.segments)

    @property
    def profiles(self) -> tuple[LevelProfile, ...]:
        return tuple(level for ladder in self.ladders for level in ladder.levels)

    @property
    def levels(self) -> tuple[Level, ...]:
        return tuple(p.level for p in self.profiles)


@contextlib.contextmanager
def ingest_lock(target: Path) -> Iterator[None]:
    """One writer at a time for an index folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def save_index(
    target: Path,
    manifest: Manifest,
    passages: Sequence[Passage],
    ladders: Sequence[Ladder],
    texts: Sequence[str],
    built: BuiltVectors,
    segment_vectors: np.ndarray,
    extras: Callable[[Path], None] | None = None,
) -> Path:
    """Write a complete new generation beside `target`, then point `target` at it.

    `texts` are the ladders' extracted texts, in order. `extras` writes more
    files into the new generation (the exported encoder); every file is
    checksummed in the manifest.
    """
    target = Path(target)
    with ingest_lock(target):
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            faiss.write_index(built.index, str(build / VECTORS_FILE))
            with open(build / PASSAGES_FILE, "w", encoding="utf-8") as f:
                for p in passages:
                    f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
            (build / SOURCES_DIR).mkdir()
            records = []
            for n, (ladder, text) in enumerate(zip(ladders, texts, strict=True)):
                (build / SOURCES_DIR / f"{n}.txt").write_text(text, "utf-8", newline="")
                records.append({**ladder.to_dict(), "source": f"{SOURCES_DIR}/{n}.txt"})
            document = json.dumps({"ladders": records}, indent=2, ensure_ascii=False) + "\n"
            (build / LADDERS_FILE).write_text(document, "utf-8")
            np.save(build / SEGMENTS_FILE, np.ascontiguousarray(segment_vectors, dtype=np.float32))
            if extras is not None:
                extras(build)
            names = sorted(str(p.relative_to(build)) for p in build.rglob("*") if p.is_file())
            dense = {"kind": built.kind}
            if built.nprobe is not None:
                dense |= {"nprobe": built.nprobe, "recall_at_10": built.recall_at_10}
            manifest = replace(manifest, dense=dense, files={name: file_sha256(build / name) for name in names})
            with open(build / MANIFEST_FILE, "w", encoding="utf-8") as f:
                json.dump(asdict(manifest), f, indent=2, ensure_ascii=False)
                f.write("\n")
            for name in (*names, MANIFEST_FILE):
                _fsync(build / name)
            os.chmod(build, 0o755)
            _fsync(build)
            previous = _current_generation(target)
            _swap_link(target, build)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        _remove_stale_generations(target, keep={build.name, previous})
    return build


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _current_generation(target: Path) -> str | None:
    return os.readlink(target) if target.is_symlink() else None


def _swap_link(target: Path, generation: Path) -> None:
    if target.exists() and not target.is_symlink():
        # An index folder from before generations (or made by hand): keep it as one.
        os.replace(target, generation.parent / f".{target.name}-legacy-{os.getpid()}")
    link = target.parent / f".{target.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(generation.name, link)
    os.replace(link, target)
    _fsync(target.parent)


def _remove_stale_generations(target: Path, keep: set[str | None]) -> None:
    """Old generations go; the current and the previous one stay for readers still on them."""
    for path in target.parent.glob(f".{target.name}-*"):
        if path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def read_manifest(directory: Path) -> Manifest:
    directory = Path(directory)
    if not directory.exists():
        raise IndexLoadError(f"no index at {directory}; {FIX}")
    path = directory / MANIFEST_FILE
    if not path.is_file():
        raise IndexLoadError(f"index at {directory} has no {MANIFEST_FILE}; {FIX}")
    try:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return Manifest.from_dict(data)
    except (ValueError, TypeError, IndexLoadError) as e:
        raise IndexLoadError(f"index manifest {path} is damaged ({e}); {FIX}") from e


def load_index(directory: Path, *, model: str | None = None, model_sha256: str | None = None) -> LadderIndex:
    """Load and validate an index; refuse one that is damaged or built for another model."""
    # Resolve the link once, so a concurrent ingest cannot swap files under us.
    directory = Path(directory).resolve()
    manifest = read_manifest(directory)
    if manifest.format != FORMAT_VERSION:
        raise IndexLoadError(f"index at {directory} has format {manifest.format}, expected {FORMAT_VERSION}; {FIX}")
    if model is not None and manifest.model != model:
        raise IndexLoadError(
            f"index at {directory} was built with model {manifest.model!r}, "
            f"but the configured model is {model!r}; {FIX}"
        )
    if model_sha256 is not None and manifest.model_sha256 != model_sha256:
        raise IndexLoadError(f"index at {directory} was built with other model weights; {FIX}")
    for name in sorted({*DATA_FILES, *manifest.files}):
        path = directory / name
        if not path.is_file():
            raise IndexLoadError(f"index at {directory} is missing {name}; {FIX}")
        expected = manifest.files.get(name)
        if expected and file_sha256(path) != expected:
            raise IndexLoadError(f"index file {path} is damaged (checksum mismatch); {FIX}")
    try:
        vectors = faiss.read_index(str(directory / VECTORS_FILE))
    except RuntimeError as e:
        raise IndexLoadError(f"index file {directory / VECTORS_FILE} is damaged ({e}); {FIX}") from e
    if isinstance(vectors, faiss.IndexIVF) and manifest.dense.get("nprobe"):
        vectors.nprobe = int(manifest.dense["nprobe"])
    ladders = _read_ladders(directory / LADDERS_FILE)
    levels = {(p.level.doc, p.level.number): p.level for ladder in ladders for p in ladder.levels}
    passages = _read_passages(directory / PASSAGES_FILE, levels)
    try:
        segment_vectors = np.load(directory / SEGMENTS_FILE, allow_pickle=False)
    except (ValueError, OSError) as e:
        raise IndexLoadError(f"index file {directory / SEGMENTS_FILE} is damaged ({e}); {FIX}") from e
    if vectors.ntotal != manifest.count or len(passages) != manifest.count:
        raise IndexLoadError(
            f"index at {directory} holds {vectors.ntotal} vectors and {len(passages)} passages, "
            f"but its manifest says {manifest.count}; {FIX}"
        )
    if vectors.d != manifest.dim:
        raise IndexLoadError(f"index at {directory} has dimension {vectors.d}, manifest says {manifest.dim}; {FIX}")
    segment_count = sum(len(segment_spans(p.text)) for p in passages)
    if segment_vectors.ndim != 2 or segment_vectors.shape != (segment_count, manifest.dim):
        raise IndexLoadError(f"index file {directory / SEGMENTS_FILE} does not match the passages; {FIX}")
    return LadderIndex(manifest, passages, ladders, vectors, segment_vectors, path=directory)


def _read_ladders(path: Path) -> tuple[Ladder, ...]:
    try:
        data = json.loads(path.read_text("utf-8"))
        return tuple(Ladder.from_dict(ladder) for ladder in data["ladders"])
    except (ValueError, KeyError, TypeError) as e:
        raise IndexLoadError(f"index file {path} is damaged ({e}); {FIX}") from e


def _read_passages(path: Path, levels: dict[tuple[str, int], Level]) -> tuple[Passage, ...]:
    try:
        with open(path, encoding="utf-8") as f:
            return tuple(Passage.from_dict(json.loads(line), levels) for line in f)
    except (ValueError, KeyError, TypeError) as e:
        raise IndexLoadError(f"index file {path} is damaged ({e}); {FIX}") from e
