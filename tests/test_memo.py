"""The test runs' memory of the real model's vectors (tests/fakes.py MemoEncoder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.fakes import FakeEncoder, MemoEncoder


def test_saved_vectors_come_back_as_they_were_and_spare_the_encoder(tmp_path: Path) -> None:
    first = MemoEncoder(FakeEncoder())
    vectors = first.encode(["who writes the PRDs", "org design", "“quoted” ünïcode"])
    first.save(tmp_path / "kept" / "vectors.npz")
    inner = FakeEncoder()
    second = MemoEncoder(inner)
    second.load(tmp_path / "kept" / "vectors.npz")
    assert np.array_equal(second.encode(["org design", "“quoted” ünïcode", "who writes the PRDs"]), vectors[[1, 2, 0]])
    assert inner.calls == []
    second.encode(["a new text"])
    assert inner.calls == [["a new text"]]


def test_a_damaged_or_missing_file_is_encoded_again(tmp_path: Path) -> None:
    (tmp_path / "vectors.npz").write_bytes(b"PK\x03\x04 not an archive")
    for path in (tmp_path / "vectors.npz", tmp_path / "absent.npz"):
        memo = MemoEncoder(FakeEncoder())
        memo.load(path)
        assert memo.vectors == {}
