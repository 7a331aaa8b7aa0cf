"""The index artifact: FAISS vectors, passages as JSON lines, and a manifest.

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
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from ingest.embed import file_sha256
from ingest.parse import make_level
from ingest.passages import Level, Passage, segment_spans

FORMAT_VERSION = 1
VECTORS_FILE = "index.faiss"
PASSAGES_FILE = "passages.jsonl"
MANIFEST_FILE = "manifest.json"
SEGMENTS_FILE = "segments.npy"
DATA_FILES = (VECTORS_FILE, PASSAGES_FILE, SEGMENTS_FILE)
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
    index_type: str = "flat"
    files: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT_VERSION

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        known = {f for f in cls.__dataclass_fields__}
        missing = {"model", "model_sha256", "dim", "count", "corpus", "built_at"} - data.keys()
        if missing:
            raise IndexLoadError(f"manifest lacks {', '.join(sorted(missing))}")
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(slots=True)
class LadderIndex:
    """Passages and their vectors, searchable by inner product."""

    manifest: Manifest
    passages: tuple[Passage, ...]
    vectors: faiss.Index
    segment_vectors: np.ndarray  # one row per segment (ingest.passages.segment_spans), passages in order
    path: Path | None = None
    levels: tuple[Level, ...] = ()
    spans: tuple[tuple[tuple[int, int], ...], ...] = ()  # segments of each passage
    segment_starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))

    def __post_init__(self) -> None:
        self.spans = tuple(tuple(segment_spans(p.text)) for p in self.passages)
        self.segment_starts = np.concatenate([[0], np.cumsum([len(s) for s in self.spans])]).astype(np.int64)
        if not self.levels:
            seen: dict[tuple[str, int], Level] = {}
            for p in self.passages:
                if p.level:
                    seen.setdefault((p.level.doc, p.level.number), p.level)
            self.levels = tuple(sorted(seen.values(), key=lambda lv: (lv.doc, lv.number)))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, positions) for one normalised query, within `allowed` positions."""
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.empty(0, np.float32), np.empty(0, np.int64)
            k = min(k, len(allowed))
            if isinstance(self.vectors, faiss.IndexIVF):
                if len(allowed) <= FLAT_LIMIT:  # few enough to score every one exactly
                    scores = self.vectors.reconstruct_batch(allowed) @ query[0]
                    top = best_first(scores, k)
                    return scores[top], allowed[top]
                # The filter admits a fraction of each list: visit proportionally more lists.
                widen = -(-self.vectors.ntotal // len(allowed))
                nprobe = min(self.vectors.nlist, self.vectors.nprobe * widen)
                params = faiss.SearchParametersIVF(sel=faiss.IDSelectorBatch(allowed), nprobe=nprobe)
            else:
                params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))
        k = min(k, self.vectors.ntotal)
        scores, ids = self.vectors.search(query, k, params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]


def best_first(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` highest scores, highest first; equal scores in position order.

    Beyond `k` entries only the best `k` are sorted (a large index scores every passage).
    """
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable")
    top = np.sort(np.argpartition(-scores, k - 1)[:k])
    return top[np.argsort(-scores[top], kind="stable")]


FLAT_LIMIT = 20_000  # exact search is under ~3 ms up to here; 100k flat took 15 ms (`make bench-scale`)
IVF_TRAINING_PER_LIST = 64  # k-means trains on up to this many vectors per list


def index_type_for(count: int, flat_limit: int = FLAT_LIMIT) -> str:
    """Exact (flat) search while it is fast enough; an inverted file (IVF) beyond."""
    return "flat" if count <= flat_limit else "ivf"


def ivf_lists(count: int) -> int:
    """About 4 * sqrt(n) lists, with at least 39 training vectors each (faiss's minimum)."""
    return max(1, min(int(4 * count**0.5), count // 39))


def ivf_probes(lists: int) -> int:
    """Lists visited per query: 16, or 1/128 of them when there are more.

    `make bench-scale`: recall@10 1.0 at 100k passages (1,264 lists, 16 probes)
    and 0.9985 at 1M (4,000 lists, 31 probes), both against exact search.
    """
    return min(lists, max(16, round(lists / 128)))


def build_vectors(vectors: np.ndarray, index_type: str | None = None) -> faiss.Index:
    """Inner product on normalised vectors: flat (exact) or IVF, by corpus size unless named.

    IVF: k-means lists over the vectors (trained on a seeded sample), searched
    exactly within the lists nearest the query. Passages cluster by topic, so
    a query's neighbours share a few lists; `make bench-scale` measured it
    against HNSW before choosing it (README, "Scale").
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index_type = index_type or index_type_for(len(vectors))
    dim = vectors.shape[1]
    if index_type == "ivf":
        lists = ivf_lists(len(vectors))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        sample = min(len(vectors), IVF_TRAINING_PER_LIST * lists)
        rows = np.random.default_rng(0).choice(len(vectors), sample, replace=False)
        index.train(vectors[np.sort(rows)])
        index.nprobe = ivf_probes(lists)
        index.add(vectors)
        index.make_direct_map()  # passages' vectors by position, for re-scoring candidates
        return index
    if index_type != "flat":
        raise ValueError(f"unknown index type {index_type!r}")
    index = faiss.IndexFlatIP(dim)
    index.add(vectors)
    return index


def faiss_index_type(index: faiss.Index) -> str:
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def new_manifest(*, model: str, model_sha256: str, dim: int, count: int, corpus: dict[str, str]) -> Manifest:
    built_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return Manifest(model=model, model_sha256=model_sha256, dim=dim, count=count, corpus=corpus, built_at=built_at)


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
    vectors: faiss.Index,
    segment_vectors: np.ndarray,
    extras: Callable[[Path], None] | None = None,
) -> Path:
    """Write a complete new generation beside `target`, then point `target` at it.

    `extras` writes more files into the new generation (the exported encoder);
    every file is checksummed in the manifest.
    """
    target = Path(target)
    parent = target.parent
    with ingest_lock(target):
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
        try:
            faiss.write_index(vectors, str(build / VECTORS_FILE))
            with open(build / PASSAGES_FILE, "w", encoding="utf-8") as f:
                for p in passages:
                    f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
            np.save(build / SEGMENTS_FILE, np.ascontiguousarray(segment_vectors, dtype=np.float32))
            if extras is not None:
                extras(build)
            names = sorted(str(p.relative_to(build)) for p in build.rglob("*") if p.is_file())
            manifest = _replace_files(manifest, {name: file_sha256(build / name) for name in names})
            manifest = Manifest(**{**asdict(manifest), "index_type": faiss_index_type(vectors)})
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


def _replace_files(manifest: Manifest, files: dict[str, str]) -> Manifest:
    data = asdict(manifest)
    data["files"] = files
    return Manifest(**data)


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
    passages = _read_passages(directory / PASSAGES_FILE)
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
    index = LadderIndex(
        manifest=manifest, passages=passages, vectors=vectors, segment_vectors=segment_vectors, path=directory
    )
    if segment_vectors.ndim != 2 or segment_vectors.shape != (int(index.segment_starts[-1]), manifest.dim):
        raise IndexLoadError(f"index file {directory / SEGMENTS_FILE} does not match the passages; {FIX}")
    return index


def _read_passages(path: Path) -> tuple[Passage, ...]:
    levels: dict[tuple[str, int], Level] = {}
    passages = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                data = json.loads(line)
                level = data["level"]
                if level and (level["doc"], level["number"]) not in levels:
                    levels[(level["doc"], level["number"])] = make_level(
                        level["number"], level["title"], level["short"], level["doc"]
                    )
                passages.append(Passage.from_dict(data, levels))
    except (ValueError, KeyError, TypeError) as e:
        raise IndexLoadError(f"index file {path} is damaged ({e}); {FIX}") from e
    return tuple(passages)
