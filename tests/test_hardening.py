"""Hardening: bounded work, an index valid or refused, statuses as documented, ingest errors in one line,
the corpus boundary, the admin endpoint's limits."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.encoder import ModelSpec
from core.query_encoder import QueryEncoder
from index.store import IndexLoadError, load_index
from ingest.build import read_corpus
from ingest.guide import GuideError
from service.app import create_app
from service.cli import main
from service.engine import Engine, load_engine
from service.ops import Refusals
from service.settings import Settings, SettingsError, load_settings
from tests.conftest import CORPUS, DATA, GUIDE, fake_index, fake_loader, wait_ready, wait_until
from tests.fakes import FakeEncoder

TOKEN = "a-long-enough-admin-token"


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory, spec: ModelSpec) -> Path:
    return fake_index(CORPUS, tmp_path_factory.mktemp("hardening") / "index", spec)


@pytest.fixture
def own_index(tmp_path: Path, built_index: Path) -> Path:
    """A private copy of a fake-encoder index of the PM guide, to damage."""
    return Path(shutil.copytree(built_index.resolve(), tmp_path / "index"))


# ---------------------------------------------------------------- bounded work


def test_match_runs_on_its_own_threads_and_a_full_queue_is_refused(fake_settings) -> None:  # type: ignore[no-untyped-def]
    """With its one worker busy and its queue full, /match says 503 at once; the page and searches still answer."""
    gated = FakeEncoder()
    gated.gate = threading.Event()

    def load(settings, previous):  # type: ignore[no-untyped-def]
        return Engine(index=load_index(settings.index_dir), queries=QueryEncoder(FakeEncoder(), gated, workers=1)), 0.0

    settings = fake_settings.model_copy(update={"match_workers": 1})
    posting = {"text": "Senior Product Manager\n\nOwn the roadmap for payments. Mentor junior PMs."}
    with TestClient(create_app(settings, load=load)) as client, ThreadPoolExecutor(8) as pool:
        wait_ready(client)
        heavy = client.app.state.heavy
        running = [pool.submit(client.post, "/match", json=posting) for _ in range(heavy.capacity)]
        wait_until(lambda: heavy.active == heavy.capacity, 30, "the worker busy and its queue full")
        refused = client.post("/match", json=posting)
        assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
        assert "retry shortly" in refused.json()["detail"]
        assert client.get("/widget.js").status_code == 200
        assert client.get("/search", params={"q": "roadmap"}).status_code == 200
        gated.gate.set()
        assert [f.result(timeout=60).status_code for f in running] == [200] * heavy.capacity


def test_a_postings_sentences_are_capped() -> None:
    from index.match import MAX_SENTENCES, posting_sentences

    text = "\n".join(f"- Own the roadmap for area number {i}." for i in range(500))
    assert len(posting_sentences(text)) == 500 > MAX_SENTENCES


# ---------------------------------------------------------------- an index is valid or refused

MANIFEST_DAMAGE = [
    ("count", "41", "count: Input should be a valid integer"),
    ("count", -1, "count: Input should be greater than or equal to 0"),
    ("built_at", 12345, "built_at: Input should be a valid string"),
    ("built_at", "yesterday", "built_at: Value error"),
    ("built_at", "2026-01-01T00:00:00", "is not a time with its zone"),
    ("files", ["index.faiss"], "files: Input should be an object"),
    ("corpus", "pm-career-path.txt", "corpus: Input should be an object"),
    ("dim", 0, "dim: Input should be greater than 0"),
    ("dim", "384", "dim: Input should be a valid integer"),
    ("model", None, "model: Input should be a valid string"),
    ("dense", {"kind": "hnsw"}, "dense.kind: Input should be 'flat' or 'ivf'"),
]


@pytest.mark.parametrize(("field", "value", "message"), MANIFEST_DAMAGE)
def test_a_damaged_manifest_field_is_refused(own_index: Path, field: str, value: object, message: str) -> None:
    path = own_index / "manifest.json"
    data = json.loads(path.read_text())
    data[field] = value
    data["files"] = data["files"] if field == "files" else {}  # no checksums: the field's own check must catch it
    path.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match="manifest.*is damaged") as info:
        load_index(own_index)
    assert message in str(info.value) and "ladder ingest" in str(info.value)


def test_an_index_built_from_other_weights_than_the_pinned_ones_is_refused(own_index: Path) -> None:
    """The served encoder is the index's export, so its manifest's weights must be the pinned ones."""
    path = own_index / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "model_sha256": "f" * 64}))
    with pytest.raises(IndexLoadError, match="built with other model weights"):
        load_engine(Settings(index_dir=own_index))


PASSAGE_DAMAGE = [
    ("section", "hobbies", "section: Input should be 'intro'"),
    ("level", {"number": 9, "title": "X", "short": "X", "doc": "pm-career-path.txt"}, "level 9 of pm-career-path.txt"),
    ("level", "APM", "level: Input should be an object"),
    ("text", "", "text: String should have at least 1 character"),
    ("id", 7, "id: Input should be a valid string"),
    ("source", {"doc": "other.md", "start": 0, "end": 3}, "its source"),
    ("source", {"doc": "pm-career-path.txt", "start": "0", "end": 3}, "source.start"),
    ("extra", True, "extra: Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("field", "value", "message"), PASSAGE_DAMAGE)
def test_a_damaged_passage_field_is_refused(own_index: Path, field: str, value: object, message: str) -> None:
    manifest = own_index / "manifest.json"
    data = json.loads(manifest.read_text())
    data["files"] = {}
    manifest.write_text(json.dumps(data))
    path = own_index / "passages.jsonl"
    lines = path.read_text().splitlines()
    first = json.loads(lines[3])
    first[field] = value
    lines[3] = json.dumps(first)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(IndexLoadError, match="passages.jsonl is damaged") as info:
        load_index(own_index)
    assert message in str(info.value) and "line 4" in str(info.value)


def test_a_reload_of_a_bad_index_is_refused_and_the_old_one_serves(own_index: Path) -> None:
    settings = load_settings(index_dir=own_index, corpus=CORPUS, admin_token=TOKEN)
    with TestClient(create_app(settings, load=fake_loader())) as client:
        wait_ready(client)
        manifest = own_index / "manifest.json"
        data = json.loads(manifest.read_text())
        data["built_at"] = "yesterday"
        manifest.write_text(json.dumps(data))
        refused = client.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
        assert refused.status_code == 409
        assert refused.json()["detail"].startswith("reload failed, still serving the previous index: index manifest")
        assert client.get("/search", params={"q": "roadmap"}).status_code == 200
        assert client.get("/readyz").status_code == 200


def test_a_load_that_fails_in_any_way_is_a_refusal_not_a_hang(fake_settings) -> None:  # type: ignore[no-untyped-def]
    """Whatever a load raises, /readyz says why and the app does not wait forever."""
    failures: list[BaseException] = []

    def broken(settings, previous):  # type: ignore[no-untyped-def]
        raise KeyError("a field nobody checked")

    with TestClient(create_app(fake_settings, load=broken, on_fatal=failures.append)) as client:
        wait_until(lambda: client.get("/readyz").json()["detail"] != "loading", 30, "the failure reported")
        assert client.get("/readyz").json()["detail"] == "cannot load: KeyError: 'a field nobody checked'"
    assert len(failures) == 1


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/search?q=%20%09%0A", None),
        ("GET", "/search?q=%00%01", None),
        ("POST", "/search", {"query": "  \t "}),
        ("POST", "/ask", {"question": "\n\n"}),
        ("POST", "/match", {"text": "\u200b \x07 "}),
    ],
)
def test_blank_text_is_a_422_everywhere(fast_client: TestClient, method: str, path: str, body: dict | None) -> None:
    response = fast_client.request(method, path, json=body)
    assert response.status_code == 422
    assert "nothing in it but spaces or control characters" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "raw", "why"),
    [
        ("/search", b'{"query": "caf\xe9"}', "not UTF-8 text"),
        ("/match", b'{"text": "\xc3\x28"}', "not UTF-8 text"),
        ("/search", b"[" * 5000 + b"]" * 5000, "JSON nested too deeply"),
        ("/ask", b'{"question": "x", "k": ' + b"9" * 5000 + b"}", "a number too long to read"),
        ("/ask", b'{"question": ', "not valid JSON (it stops making sense at character 14)"),
    ],
)
def test_json_that_cannot_be_read_is_a_422(fast_client: TestClient, path: str, raw: bytes, why: str) -> None:
    """In the sender's terms: no parser's exception names ("RecursionError", "sys.set_int_max_str_digits")."""
    response = fast_client.post(path, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"] == f"body: {why}"


def test_a_chunked_body_over_the_limit_is_a_413(fast_client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"query": "'
        for _ in range(300):
            yield b"x" * 4096
        yield b'"}'

    response = fast_client.post("/search", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["detail"] == "request body over 1048576 bytes"


# ---------------------------------------------------------------- ingest: one line, and the corpus boundary


def test_a_full_disk_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import index.build

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "index"))

    monkeypatch.setattr(index.build, "save_index", full)
    monkeypatch.setattr(index.build, "embed_passages", lambda passages, encoder, progress: _zero_vectors(passages))
    monkeypatch.setattr("core.encoder.SentenceTransformerEncoder", lambda spec: FakeEncoder())
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("LADDER_CORPUS", str(CORPUS))
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"ladder: cannot use {tmp_path / 'index'}: the disk is full: free some space and run it again"]


def _zero_vectors(passages):  # type: ignore[no-untyped-def]
    import numpy as np

    from core.model import segment_spans
    from ingest.embed import Embedded

    count = sum(len(segment_spans(p.text)) for p in passages)
    return Embedded(np.ones((len(passages), 4), np.float32) / 2, np.ones((count, 4), np.float32) / 2)


def test_a_read_only_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import index.build

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", "/var/lib/ladder")

    monkeypatch.setattr(index.build, "save_index", read_only)
    monkeypatch.setattr(index.build, "embed_passages", lambda passages, encoder, progress: _zero_vectors(passages))
    monkeypatch.setattr("core.encoder.SentenceTransformerEncoder", lambda spec: FakeEncoder())
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("LADDER_CORPUS", str(CORPUS))
    assert main(["ingest"]) == 1
    assert capsys.readouterr().err == (
        "ladder: cannot use /var/lib/ladder: the file system is read-only: "
        "point LADDER_INDEX_DIR at a writable folder\n"
    )
    with pytest.raises(OSError):  # --debug shows the traceback instead
        main(["--debug", "ingest"])


def test_a_file_name_that_is_not_utf8_is_refused_by_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GUIDE, corpus)
    os.close(os.open(os.fsencode(corpus) + b"/caf\xe9.md", os.O_CREAT | os.O_WRONLY))
    with pytest.raises(GuideError, match="the file name is not valid UTF-8; rename it"):
        read_corpus(corpus)


def test_links_are_followed_only_inside_the_corpus(tmp_path: Path) -> None:
    """A ConfigMap mounts files as links into its own hidden folder: fine. A link to elsewhere: refused."""
    corpus = tmp_path / "corpus"
    (corpus / "..data").mkdir(parents=True)
    shutil.copy(GUIDE, corpus / "..data" / "pm-career-path.txt")
    (corpus / "pm-career-path.txt").symlink_to("..data/pm-career-path.txt")
    assert [g.doc for g in read_corpus(corpus).guides] == ["pm-career-path.txt"]
    outside = tmp_path / "secret.md"
    outside.write_text("# Level 1: Secret\n\nNot for the index.\n")
    (corpus / "secret.md").symlink_to(outside)
    with pytest.raises(GuideError, match="secret.md: a link to .*secret.md, outside the corpus folder"):
        read_corpus(corpus)


def test_guides_of_the_same_stem_keep_their_ids_apart(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GUIDE, corpus / "ladder.txt")
    shutil.copy(DATA / "guides" / "design-ladder.md", corpus / "ladder.md")
    passages = read_corpus(corpus).passages
    assert len({p.id for p in passages}) == len(passages)
    assert {p.id.split(".l")[0].split(".intro")[0] for p in passages} == {"ladder.txt", "ladder.md"}


# ---------------------------------------------------------------- the admin endpoint


def test_a_short_admin_token_is_refused() -> None:
    with pytest.raises(SettingsError, match="LADDER_ADMIN_TOKEN: String should have at least 16 characters"):
        load_settings(admin_token="short")


def test_wrong_tokens_are_rate_limited_and_never_logged(own_index: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="ladder.access")
    logging.getLogger("ladder.access").addHandler(caplog.handler)  # whether or not `ladder` set its own handler
    settings = load_settings(index_dir=own_index, corpus=CORPUS, admin_token=TOKEN)
    with TestClient(create_app(settings, load=fake_loader())) as client:
        wait_ready(client)
        for _ in range(5):
            assert (
                client.post("/admin/reload", headers={"Authorization": "Bearer guessing-the-token"}).status_code == 403
            )
        limited = client.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "guessing-the-token" not in caplog.text and TOKEN not in caplog.text
    assert {"event": "admin", "refused": "wrong token", "client": "testclient"} in [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "ladder.access"
    ]
    logging.getLogger("ladder.access").removeHandler(caplog.handler)


def test_refusals_forget_after_their_window() -> None:
    now = [0.0]
    refusals = Refusals(limit=2, window=60, clock=lambda: now[0])
    refusals.failed("a")
    refusals.failed("a")
    assert refusals.wait("a") == 60 and refusals.wait("b") == 0
    now[0] = 61
    assert refusals.wait("a") == 0


@pytest.mark.slow  # loads the model with torch
def test_an_engine_on_torch_that_fails_to_build_closes_its_encoder(
    own_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index without an ONNX export is served by torch: that encoder's worker stops too."""

    def fail(self: Engine) -> None:
        raise RuntimeError("cannot build")

    before = threading.active_count()
    monkeypatch.setattr(Engine, "__post_init__", fail)
    with pytest.raises(RuntimeError, match="cannot build"):
        load_engine(Settings(index_dir=own_index))
    wait_until(lambda: threading.active_count() <= before, 30, "the encoder's worker stopped")
