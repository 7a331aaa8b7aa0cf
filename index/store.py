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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import faiss
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.encoder import file_sha256
from core.model import Ladder, Level, LevelProfile, Passage, Section, Source, segment_spans
from index.dense import BuiltVectors, DenseIndex, Segments, dense_index

FORMAT_VERSION = 7  # an index of an older format holds what older code read of its guides
VECTORS_FILE = "index.faiss"
PASSAGES_FILE = "passages.jsonl"
LADDERS_FILE = "ladders.json"
SOURCES_DIR = "sources"  # the text ingest extracted from each guide (passages' offsets point into it)
MANIFEST_FILE = "manifest.json"
SEGMENTS_FILE = "segments.npy"
OTHER_WORK_FILE = "other-work.npz"  # the task lines of other occupations (index/other_work.py) and their owners
DATA_FILES = (VECTORS_FILE, PASSAGES_FILE, LADDERS_FILE, SEGMENTS_FILE, OTHER_WORK_FILE)
FIX = "run `ladder ingest` (or `make ingest`) to rebuild it"


class IndexLoadError(RuntimeError):
    """The index folder is missing, damaged, or built for another model."""


class DenseInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    kind: Literal["flat", "ivf"] = "flat"
    nprobe: int | None = Field(None, gt=0)  # an inverted file's probes, as its build chose them
    recall_at_10: float | None = Field(None, ge=0, le=1)  # what its build measured with them


class Manifest(BaseModel):
    """What an index is and how it was built: read and checked before anything else of it is."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    model: str = Field(min_length=1)
    model_sha256: str
    dim: int = Field(gt=0)
    count: int = Field(ge=0)
    corpus: dict[str, str]  # guide file name -> sha256
    built_at: str
    dense: DenseInfo = DenseInfo()
    files: dict[str, str] = {}  # file in the index folder -> sha256
    format: int = FORMAT_VERSION

    @field_validator("built_at")
    @classmethod
    def _a_time(cls, value: str) -> str:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError("is not a time with its zone")
        return value


class LevelRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    number: int
    title: str
    short: str
    doc: str


class SourceRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    doc: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class PassageRecord(BaseModel):
    """A line of passages.jsonl."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str = Field(min_length=1)
    level: LevelRecord | None
    section: Annotated[Section, Field(strict=False)]
    category: str | None = None
    heading: str | None
    text: str = Field(min_length=1)
    source: SourceRecord


class ProfileRecord(LevelRecord):
    aliases: list[str]
    years: tuple[float, float] | None = Field(None, strict=False)


class LadderRecord(BaseModel):
    """An entry of ladders.json."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    doc: str
    format: str
    title: str | None
    levels: list[ProfileRecord]
    acronyms: dict[str, str]
    warnings: list[str]
    source: str


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
    other_work: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))  # one row per task line
    other_work_owners: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # each line's occupation
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
    other_work: tuple[np.ndarray, np.ndarray] | None = None,
) -> Path:
    """Write a complete new generation beside `target`, then point `target` at it.

    `texts` are the ladders' extracted texts, in order. `extras` writes more
    files into the new generation (the exported encoder); every file is
    checksummed in the manifest. `other_work`: the other occupations' task
    lines' vectors and owners (none: no background).
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
            lines, owners = other_work or (np.zeros((0, manifest.dim)), np.zeros(0))
            np.savez(
                build / OTHER_WORK_FILE,
                vectors=np.ascontiguousarray(lines, dtype=np.float32),
                owners=np.asarray(owners, dtype=np.int32),
            )
            if extras is not None:
                extras(build)
            names = sorted(str(p.relative_to(build)) for p in build.rglob("*") if p.is_file())
            dense = DenseInfo(kind=built.kind, nprobe=built.nprobe, recall_at_10=built.recall_at_10)
            files = {name: file_sha256(build / name) for name in names}
            manifest = manifest.model_copy(update={"dense": dense, "files": files})
            with open(build / MANIFEST_FILE, "w", encoding="utf-8") as f:
                f.write(manifest.model_dump_json(indent=2) + "\n")
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
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as e:
        raise IndexLoadError(f"index manifest {path} is damaged ({one_line(e)}); {FIX}") from e


def one_line(error: ValidationError) -> str:
    """A validation error's problems in one line: `count: Input should be a valid integer`."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'it'}: {e['msg']}" for e in error.errors(include_url=False)
    )


def load_index(directory: Path, *, model: str | None = None, model_sha256: str | None = None) -> LadderIndex:
    """Load and validate an index; refuse one that is damaged, inconsistent or built for another model.

    Every problem is an IndexLoadError with one line saying what and the fix; nothing half-loads.
    """
    directory = Path(directory)
    try:
        return _load(directory, model, model_sha256)
    except IndexLoadError:
        raise
    except Exception as e:  # whatever else a damaged file makes a library raise
        raise IndexLoadError(f"index at {directory} cannot be loaded ({type(e).__name__}: {e}); {FIX}") from e


def _load(directory: Path, model: str | None, model_sha256: str | None) -> LadderIndex:
    # Resolve the link once, so a concurrent ingest cannot swap files under us.
    directory = directory.resolve()
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
    if isinstance(vectors, faiss.IndexIVF) and manifest.dense.nprobe:
        vectors.nprobe = manifest.dense.nprobe
    ladders = _read_ladders(directory / LADDERS_FILE, manifest)
    levels = {(p.level.doc, p.level.number): p.level for ladder in ladders for p in ladder.levels}
    passages = _read_passages(directory / PASSAGES_FILE, levels, manifest)
    try:
        segment_vectors = np.load(directory / SEGMENTS_FILE, allow_pickle=False)
    except (ValueError, OSError) as e:
        raise IndexLoadError(f"index file {directory / SEGMENTS_FILE} is damaged ({e}); {FIX}") from e
    other_work, owners = _read_other_work(directory / OTHER_WORK_FILE, manifest)
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
    return LadderIndex(
        manifest,
        passages,
        ladders,
        vectors,
        segment_vectors,
        path=directory,
        other_work=other_work,
        other_work_owners=owners,
    )


def _read_other_work(path: Path, manifest: Manifest) -> tuple[np.ndarray, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as arrays:
            vectors, owners = arrays["vectors"], arrays["owners"]
    except (ValueError, OSError, KeyError) as e:
        raise IndexLoadError(f"index file {path} is damaged ({e}); {FIX}") from e
    if vectors.ndim != 2 or vectors.shape[1] != manifest.dim or owners.shape != (len(vectors),) or (owners < 0).any():
        raise IndexLoadError(f"index file {path} does not hold the other work's lines; {FIX}")
    return vectors, owners


def _read_ladders(path: Path, manifest: Manifest) -> tuple[Ladder, ...]:
    try:
        records = [LadderRecord.model_validate(entry) for entry in json.loads(path.read_bytes())["ladders"]]
    except ValidationError as e:
        raise IndexLoadError(f"index file {path} is damaged ({one_line(e)}); {FIX}") from e
    except (ValueError, KeyError, TypeError) as e:
        raise IndexLoadError(f"index file {path} is damaged ({type(e).__name__}: {e}); {FIX}") from e
    unknown = sorted({r.doc for r in records} - manifest.corpus.keys())
    if unknown:
        raise IndexLoadError(f"index file {path} names guides its manifest does not ({', '.join(unknown)}); {FIX}")
    return tuple(
        Ladder(
            doc=r.doc,
            format=r.format,
            title=r.title,
            levels=tuple(
                LevelProfile(Level(lv.number, lv.title, lv.short, lv.doc), tuple(lv.aliases), lv.years)
                for lv in r.levels
            ),
            acronyms=dict(r.acronyms),
            warnings=tuple(r.warnings),
        )
        for r in records
    )


def _read_passages(path: Path, levels: dict[tuple[str, int], Level], manifest: Manifest) -> tuple[Passage, ...]:
    passages = []
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                record = PassageRecord.model_validate_json(line)
            except ValidationError as e:
                raise IndexLoadError(f"index file {path} is damaged at line {number} ({one_line(e)}); {FIX}") from e
            level = None
            if record.level is not None:
                level = levels.get((record.level.doc, record.level.number))
                if level is None:
                    raise IndexLoadError(
                        f"index file {path} is damaged at line {number} (level {record.level.number} of "
                        f"{record.level.doc} is not in the index's ladders); {FIX}"
                    )
            if record.source.doc not in manifest.corpus or record.source.end < record.source.start:
                raise IndexLoadError(f"index file {path} is damaged at line {number} (its source); {FIX}")
            passages.append(
                Passage(
                    record.id,
                    level,
                    record.section,
                    record.heading,
                    record.text,
                    Source(record.source.doc, record.source.start, record.source.end),
                    record.category,
                )
            )
    return tuple(passages)
