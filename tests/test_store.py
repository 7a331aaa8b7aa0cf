"""The index artifact on disk: round trip, atomic swap, and refusal of bad indexes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from core.model import Ladder, segment_spans
from index.dense import build_vectors
from index.store import (
    LADDERS_FILE,
    MANIFEST_FILE,
    OTHER_WORK_FILE,
    PASSAGES_FILE,
    SEGMENTS_FILE,
    VECTORS_FILE,
    IndexLoadError,
    load_index,
    new_manifest,
    save_index,
)
from ingest.guide import read_guide
from tests.conftest import FIXTURE_GUIDE

MODEL = "test-model"


def unit_vectors(n: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def write_fixture_index(target: Path, seed: int = 0) -> list:
    guide = read_guide(FIXTURE_GUIDE)
    passages = list(guide.passages)
    vectors = unit_vectors(len(passages), seed=seed)
    segments = unit_vectors(sum(len(segment_spans(p.text)) for p in passages), seed=seed + 100)
    manifest = new_manifest(
        model=MODEL, model_sha256="0" * 64, dim=8, count=len(passages), corpus={"design-ladder.md": "x"}
    )
    ladder = Ladder(guide.doc, guide.format, guide.title, guide.levels, {}, guide.warnings)
    other_work = (unit_vectors(4, seed=seed + 200), np.array([0, 0, 1, 1], np.int32))
    save_index(target, manifest, passages, [ladder], [guide.text], build_vectors(vectors), segments, None, other_work)
    return passages


def test_save_load_round_trip(tmp_path: Path) -> None:
    """What is saved loads back the same: passages, levels, vectors and manifest."""
    target = tmp_path / "index"
    passages = write_fixture_index(target)
    loaded = load_index(target, model=MODEL)
    assert list(loaded.passages) == passages
    assert loaded.manifest.count == len(passages)
    assert loaded.manifest.files.keys() == {
        VECTORS_FILE,
        PASSAGES_FILE,
        LADDERS_FILE,
        SEGMENTS_FILE,
        OTHER_WORK_FILE,
        "sources/0.txt",
    }
    assert np.allclose(loaded.other_work, unit_vectors(4, seed=200))
    assert loaded.other_work_owners.tolist() == [0, 0, 1, 1]
    assert (target / "sources" / "0.txt").read_text("utf-8") == FIXTURE_GUIDE.read_text("utf-8")
    assert [lv.short for lv in loaded.levels] == ["PD", "SPD", "Head of Design"]
    assert "Senior Product Designer" in loaded.profiles[1].aliases  # the names people type are in the index
    assert loaded.vectors.ntotal == len(passages)


def test_files_are_plain_and_readable(tmp_path: Path) -> None:
    """Manifest is JSON, passages are JSON lines a person can read with jq."""
    target = tmp_path / "index"
    write_fixture_index(target)
    manifest = json.loads((target / MANIFEST_FILE).read_text())
    assert {"model", "dim", "count", "corpus", "built_at"} <= manifest.keys()
    lines = (target / PASSAGES_FILE).read_text().splitlines()
    assert json.loads(lines[0])["section"] == "intro"


def test_rebuild_swaps_atomically_and_cleans_up(tmp_path: Path) -> None:
    """A second save replaces the first through the link; old generations do not pile up."""
    target = tmp_path / "index"
    write_fixture_index(target, seed=1)
    first = os.readlink(target)
    for seed in range(2, 5):
        write_fixture_index(target, seed=seed)
    assert os.readlink(target) != first
    generations = [p for p in tmp_path.iterdir() if p.name.startswith(".index-")]
    assert len(generations) == 2  # the current one and the previous one


def test_failed_save_leaves_the_old_index(tmp_path: Path) -> None:
    """An ingest that dies while writing leaves the previous index serving."""
    target = tmp_path / "index"
    passages = write_fixture_index(target)
    before = load_index(target).manifest.built_at
    generations = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".index-"))

    class Exploding:
        index = kind = nprobe = recall_at_10 = "not a FAISS index"

    manifest = new_manifest(model=MODEL, model_sha256="0", dim=8, count=1, corpus={})
    with pytest.raises(TypeError):
        save_index(target, manifest, passages[:1], (), (), Exploding(), unit_vectors(1))  # type: ignore[arg-type]
    assert load_index(target).manifest.built_at == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".index-")) == generations


def test_a_plain_folder_is_replaced_by_a_generation(tmp_path: Path) -> None:
    """An index folder made before generations existed is swapped out cleanly."""
    target = tmp_path / "index"
    target.mkdir()
    (target / "stale.txt").write_text("old")
    write_fixture_index(target)
    assert target.is_symlink()
    assert load_index(target, model=MODEL).manifest.count > 0


def test_missing_index_says_run_ingest(tmp_path: Path) -> None:
    with pytest.raises(IndexLoadError, match="no index at .*ladder ingest"):
        load_index(tmp_path / "nowhere")


def test_mismatched_model_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "index"
    write_fixture_index(target)
    with pytest.raises(IndexLoadError, match="built with model 'test-model'.*ladder ingest"):
        load_index(target, model="another-model")


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        (MANIFEST_FILE, b"{not json", "manifest .* is damaged"),
        (MANIFEST_FILE, b"[]", "manifest .* is damaged"),
        (MANIFEST_FILE, None, "has no manifest.json"),
        (VECTORS_FILE, b"garbage", "damaged"),
        (VECTORS_FILE, None, "missing index.faiss"),
        (PASSAGES_FILE, b'{"id": 1}\n', "damaged"),
        (PASSAGES_FILE, None, "missing passages.jsonl"),
        (LADDERS_FILE, b"{}", "damaged"),
        (LADDERS_FILE, None, "missing ladders.json"),
        (SEGMENTS_FILE, b"\x93NUMPY garbage", "damaged"),
        (SEGMENTS_FILE, None, "missing segments.npy"),
        (OTHER_WORK_FILE, b"PK garbage", "damaged"),
        (OTHER_WORK_FILE, None, "missing other-work.npz"),
    ],
)
def test_damaged_index_is_refused(tmp_path: Path, name: str, damage: bytes | None, message: str) -> None:
    """A damaged, truncated or missing file names the problem and the fix."""
    target = tmp_path / "index"
    write_fixture_index(target)
    path = target / name
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage)
    with pytest.raises(IndexLoadError, match=message) as info:
        load_index(target, model=MODEL)
    assert "ladder ingest" in str(info.value)


def test_truncated_vectors_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "index"
    write_fixture_index(target)
    path = target / VECTORS_FILE
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexLoadError, match="damaged"):
        load_index(target, model=MODEL)


def test_count_mismatch_is_refused(tmp_path: Path) -> None:
    """Without checksums (a hand-edited manifest) the counts still must agree."""
    target = tmp_path / "index"
    write_fixture_index(target)
    manifest = json.loads((target / MANIFEST_FILE).read_text())
    manifest["files"] = {}
    manifest["count"] = 3
    (target / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(IndexLoadError, match="manifest says 3"):
        load_index(target, model=MODEL)


def without_checksums(target: Path) -> None:
    """A hand-edited manifest: its files' checksums gone, so only the loader's own checks stand."""
    manifest = json.loads((target / MANIFEST_FILE).read_text())
    manifest["files"] = {}
    (target / MANIFEST_FILE).write_text(json.dumps(manifest))


def test_segment_vectors_must_match_the_passages(tmp_path: Path) -> None:
    """Without checksums, a segments file of the wrong shape is still refused."""
    target = tmp_path / "index"
    write_fixture_index(target)
    without_checksums(target)
    np.save(target / SEGMENTS_FILE, unit_vectors(2))
    with pytest.raises(IndexLoadError, match="does not match the passages"):
        load_index(target, model=MODEL)


def test_other_work_must_match_the_model(tmp_path: Path) -> None:
    """Without checksums, other work's lines of another dimension, or without an owner each, are refused."""
    target = tmp_path / "index"
    write_fixture_index(target)
    without_checksums(target)
    for vectors, owners in [(unit_vectors(2, dim=4), np.zeros(2, np.int32)), (unit_vectors(2), np.zeros(3, np.int32))]:
        np.savez(target / OTHER_WORK_FILE, vectors=vectors, owners=owners)
        with pytest.raises(IndexLoadError, match="does not hold the other work"):
            load_index(target, model=MODEL)
