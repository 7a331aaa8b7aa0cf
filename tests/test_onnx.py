"""The served encoder (the ONNX export) against sentence-transformers, on the real corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from core.encoder import (
    CONFIG,
    ENCODER_DIR,
    FLOAT_MODEL,
    INT8_MODEL,
    PACK_TOKENS,
    TOKENIZER,
    ModelError,
    ModelSpec,
    OnnxEncoder,
    pooled,
)
from index.build import build_index
from index.store import load_index
from ingest.embed import embedding_text
from ingest.export import EXPORT_VERSION, reuse_export
from service.app import create_app
from service.engine import Engine, load_engine, query_encoder
from service.settings import Settings, load_settings
from tests.conftest import CORPUS, DATA, wait_ready


@pytest.fixture(scope="module")
def texts(index_dir: Path) -> list[str]:
    index = load_index(index_dir)
    return [embedding_text(p) for p in index.passages] + ["who writes the PRDs", "org design", "x"]


@pytest.fixture(scope="module")
def reference(real_encoder, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    return real_encoder.encode(texts)


def test_float_export_matches_torch(index_dir: Path, texts: list[str], reference: np.ndarray) -> None:
    """The default serving encoder: cosine >= 0.99 with sentence-transformers for every text."""
    vectors = OnnxEncoder(index_dir / ENCODER_DIR, threads=1).encode(texts)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.min() >= 0.99


def test_int8_export_stays_close(index_dir: Path, texts: list[str], reference: np.ndarray) -> None:
    """The optional int8 encoder (LADDER_ENCODER=onnx-int8): mean cosine >= 0.99, none below 0.97."""
    cosines = (OnnxEncoder(index_dir / ENCODER_DIR, threads=1, quantized=True).encode(texts) * reference).sum(axis=1)
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.97


def test_the_export_fuses_each_layer(index_dir: Path) -> None:
    """One Attention operator per transformer layer and no loose Softmax: the graph onnxruntime runs fastest."""
    import onnx

    graph = onnx.load(str(index_dir / ENCODER_DIR / FLOAT_MODEL), load_external_data=False).graph
    ops = [node.op_type for node in graph.node]
    assert ops.count("Attention") == 6 and ops.count("EmbedLayerNormalization") == 1
    assert "Softmax" not in ops
    assert len(ops) < 100


def test_only_an_export_of_the_same_weights_and_version_is_reused(tmp_path: Path) -> None:
    previous, sha = tmp_path / "previous", "ab" * 32
    previous.mkdir()
    for name in (FLOAT_MODEL, INT8_MODEL, TOKENIZER):
        (previous / name).write_bytes(name.encode())
    for i, (weights, version, reused) in enumerate(
        [
            (sha, EXPORT_VERSION, True),
            (sha, EXPORT_VERSION - 1, False),
            (sha, None, False),
            ("cd" * 32, EXPORT_VERSION, False),
        ]
    ):
        config = {"weights_sha256": weights} | ({"export": version} if version is not None else {})
        (previous / CONFIG).write_text(json.dumps(config))
        assert reuse_export(previous, tmp_path / f"new{i}", sha) is reused
        assert (tmp_path / f"new{i}" / FLOAT_MODEL).is_file() is reused


def test_batches_are_packed_without_padding(index_dir: Path, texts: list[str]) -> None:
    """Texts of every length share runs of up to PACK_TOKENS tokens, one row each, and encode as they do alone."""
    encoder = OnnxEncoder(index_dir / ENCODER_DIR, threads=1)
    assert encoder.packs
    session, shapes = encoder.session, []

    class Counted:
        def run(self, outputs: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
            shapes.append(feed["input_ids"].shape)
            return session.run(outputs, feed)

    encoder.session = Counted()  # type: ignore[assignment]
    together = encoder.encode(texts)
    encoder.session = session
    lengths = [len(encoder.tokenizer.encode(t).ids) for t in texts]
    assert {rows for rows, _ in shapes} == {1}
    assert sum(tokens for _, tokens in shapes) == sum(lengths)  # each token once: no padding
    assert max(tokens for _, tokens in shapes) <= PACK_TOKENS and 1 < len(shapes) < len(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_batches_keep_their_order(index_dir: Path, texts: list[str]) -> None:
    encoder = OnnxEncoder(index_dir / ENCODER_DIR, threads=1)
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts[:5]])
    assert np.allclose(together[:5], alone, atol=1e-5)


@pytest.mark.parametrize("quantized", [False, True], ids=["packed", "int8-padded"])
def test_token_states_match_torch_and_do_not_depend_on_their_neighbours(
    real_encoder, index_dir: Path, texts: list[str], quantized: bool
) -> None:  # type: ignore[no-untyped-def]
    """/growth's word-for-word alignment reads the last layer's token states: the same wordpieces as
    sentence-transformers, states close to torch's, and (float) the same states packed with other texts or
    alone. int8's activations are quantised per batch, so its states move a little with their neighbours."""
    encoder = OnnxEncoder(index_dir / ENCODER_DIR, threads=1, quantized=quantized)
    assert encoder.packs is not quantized  # the int8 graph is unfused: padded batches
    chosen = texts[:6] + texts[-3:]
    together, reference = encoder.token_states(chosen), real_encoder.token_states(chosen)
    for mine, theirs in zip(together, reference, strict=True):
        assert mine.pieces == theirs.pieces and mine.pieces[0] == "[CLS]"
        cosines = (mine.states * theirs.states).sum(1) / np.linalg.norm(mine.states, axis=1)
        cosines /= np.linalg.norm(theirs.states, axis=1)
        assert cosines.min() >= (0.9 if quantized else 0.999)
    if not quantized:
        for text, state in zip(chosen, together, strict=True):
            assert np.allclose(encoder.token_states([text])[0].states, state.states, atol=1e-4)


def test_a_text_is_the_mean_of_its_token_states_and_a_long_one_is_cut_alike(
    real_encoder, index_dir: Path, texts: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """/growth pools a text's vector from its token states instead of encoding it twice: the same vector as
    encode() gives, on every runtime, for a text of any length (cut at the model's 256 tokens alike)."""
    chosen = [texts[0], "who writes the PRDs", "x", "plan the roadmap " * 120]
    for encoder in (
        real_encoder,
        OnnxEncoder(index_dir / ENCODER_DIR, threads=1),
        OnnxEncoder(index_dir / ENCODER_DIR, threads=1, quantized=True),
    ):
        states = encoder.token_states(chosen)
        assert len(states[-1].pieces) == 256 and encoder.token_states([]) == []
        assert np.allclose(pooled(states), encoder.encode(chosen), atol=1e-5)


def test_an_export_without_token_states_serves_all_but_growth(index_dir: Path, tmp_path: Path) -> None:
    """An export of an older ladder has no token states: it still encodes, and asks for a new ingest only
    when /growth needs them (which answers 503 with that message)."""
    import onnx

    model = onnx.load(str(index_dir / ENCODER_DIR / INT8_MODEL))
    kept = [o for o in model.graph.output if o.name != "token_states"]
    del model.graph.output[:]
    model.graph.output.extend(kept)
    folder = tmp_path / ENCODER_DIR
    folder.mkdir()
    onnx.save(model, str(folder / INT8_MODEL))
    for name in (TOKENIZER, CONFIG):
        (folder / name).write_bytes((index_dir / ENCODER_DIR / name).read_bytes())
    encoder = OnnxEncoder(folder, threads=1, quantized=True)
    assert encoder.encode(["who writes the PRDs"]).shape == (1, 384)
    with pytest.raises(ModelError, match="no token states, which /growth needs: run `ladder ingest` again"):
        encoder.token_states(["who writes the PRDs"])


def test_the_service_serves_onnx_without_torch(settings: Settings) -> None:
    """A fresh process loads the engine on onnxruntime and never imports torch."""
    import subprocess

    code = (
        "import sys; from service.engine import load_engine; from service.settings import load_settings; "
        f"e = load_engine(load_settings(index_dir={str(settings.index_dir)!r})); "
        "print(type(e.queries.lone).__name__, 'torch' in sys.modules); e.queries.close(wait=True)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["OnnxEncoder", "False"]


def test_an_index_without_an_export_is_served_by_sentence_transformers(
    tmp_path: Path, spec: ModelSpec, real_encoder
) -> None:  # type: ignore[no-untyped-def]
    """An index built with no export (`export_encoder=False`, or an export that failed) still serves: its queries
    are encoded by sentence-transformers on torch, and find what the export's would."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pm-career-path.txt").write_text((CORPUS / "pm-career-path.txt").read_text("utf-8"), "utf-8")
    build_index(corpus, tmp_path / "index", spec, real_encoder, export_encoder=False)
    settings = load_settings(index_dir=tmp_path / "index", corpus=corpus)
    engine = load_engine(settings)
    try:
        assert type(engine.queries.lone).__name__ == "SentenceTransformerEncoder"
    finally:
        engine.queries.close(wait=True)
    first_growth_text = json.loads((DATA / "growth.jsonl").read_text("utf-8").splitlines()[0])["text"]
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        top = client.get("/search", params={"q": "who writes the PRDs"}).json()["results"][0]
        assert top["heading"] == "Specification Writing"
        assert (
            client.post("/ask", json={"question": "who writes the PRDs?"}).json()["answer"]["level"]["short"] == "APM"
        )
        posting = (DATA / "postings" / "cpo-fintech.txt").read_text("utf-8")
        assert client.post("/match", json={"text": posting}).json()["best"]["level"]["short"] == "CPO"
        assert client.post("/growth", json={"text": first_growth_text}).json()["current"]["level"]["short"] == "APM"


@pytest.mark.parametrize(("cores", "lone_threads"), [({0}, 1), ({0, 1}, 2), (set(range(16)), 4)])
def test_a_lone_query_gets_the_cores_this_process_may_use_up_to_four(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, cores: set[int], lone_threads: int
) -> None:
    """Lone queries get a session on every core (up to four); batches one of one thread per worker."""
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores)
    queries = query_encoder(settings, ModelSpec.resolve(None), "onnx", settings.index_dir / ENCODER_DIR)
    try:
        assert queries.lone.threads == lone_threads
        assert queries.batch.threads == 1
        assert (queries.batch is queries.lone) == (lone_threads == 1)
        assert len(queries._workers) == len(cores)
    finally:
        queries.close(wait=True)


def test_a_reload_of_the_same_export_keeps_the_query_encoder(settings: Settings, engine: Engine) -> None:
    """Same model, same export: the sessions, threads and cache carry over; another runtime gets its own."""
    again = load_engine(settings, engine)
    assert again.queries is engine.queries
    int8 = load_engine(load_settings(index_dir=settings.index_dir, encoder="onnx-int8"), engine)
    try:
        assert int8.queries is not engine.queries
    finally:
        int8.queries.close(wait=True)


def test_model_weights_are_checked_against_their_hash(tmp_path: Path) -> None:
    """A model folder whose weights do not match the pinned sha256 is refused."""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(ModelError, match="expected 0000"):
        ModelSpec(path=folder, name="mine", sha256="0" * 64).verify()
    assert len(ModelSpec(path=folder, name="mine").verify()) == 64  # no pin: hash recorded, not checked
    with pytest.raises(ModelError, match="does not exist"):
        ModelSpec(path=tmp_path / "absent", name="x").verify()


def test_a_damaged_export_is_refused_in_one_line(settings: Settings, tmp_path: Path) -> None:
    """The sessions load beside the index's checks, and a damaged model file is still the checksum's refusal."""
    import shutil

    from index.store import IndexLoadError

    copy = tmp_path / "index"
    shutil.copytree(settings.index_dir, copy)
    model = copy / ENCODER_DIR / FLOAT_MODEL
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    with pytest.raises(IndexLoadError, match="model.onnx is damaged"):
        load_engine(settings.model_copy(update={"index_dir": copy}))


def test_a_refused_index_leaves_no_encoder_threads_behind(settings: Settings, tmp_path: Path) -> None:
    """Its sessions were built while the index was checked: a refusal closes the encoder they made."""
    import shutil
    import threading

    from index.store import IndexLoadError
    from tests.conftest import wait_until

    copy = tmp_path / "index"
    shutil.copytree(settings.index_dir, copy)
    with (copy / "passages.jsonl").open("a") as damaged:
        damaged.write("\n")
    before = threading.active_count()
    with pytest.raises(IndexLoadError, match="passages.jsonl is damaged"):
        load_engine(settings.model_copy(update={"index_dir": copy}))
    wait_until(lambda: threading.active_count() <= before, 30, "the encoder's workers stopped")


def test_an_engine_that_fails_to_build_closes_its_encoder(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from tests.conftest import wait_until

    def fail(self: Engine) -> None:
        raise RuntimeError("cannot build")

    before = threading.active_count()
    monkeypatch.setattr(Engine, "__post_init__", fail)
    with pytest.raises(RuntimeError, match="cannot build"):
        load_engine(settings)
    wait_until(lambda: threading.active_count() <= before, 30, "the encoder's workers stopped")
