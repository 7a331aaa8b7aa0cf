"""The `ladder` command, run in-process (and once as `python -m service`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
from service.settings import SettingsError, load_settings
from tests.conftest import CORPUS, DATA, ROOT


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, index_dir: Path) -> None:
    monkeypatch.setenv("LADDER_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("LADDER_CORPUS", str(CORPUS))


def test_search_json(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    """`ladder search --json` prints the results as data."""
    assert main(["search", "who writes the PRDs", "--k", "2", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert len(body["results"]) == 2
    assert body["results"][0]["heading"] == "Specification Writing"


def test_search_text_with_level(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "strategy", "--level", "5", "--k", "3"]) == 0
    out = capsys.readouterr().out
    assert out.count("[L5 VP]") == 3


def test_search_unknown_level(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "strategy", "--level", "12"]) == 2
    assert "unknown level 12" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_writes_an_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """`ladder ingest` prints a one-line summary and leaves a loadable index."""
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("LADDER_CORPUS", str(CORPUS))
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "1 guide(s), 6 levels, 41 passages" in out[0]
    assert json.loads((tmp_path / "index" / "manifest.json").read_text())["count"] == 41


@pytest.mark.slow
def test_ingest_refuses_a_guide_without_levels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty-ladder.md").write_text("# Nothing\n\nNo levels at all.\n")
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("LADDER_CORPUS", str(corpus))
    assert main(["ingest"]) == 1
    assert "empty-ladder.md" in capsys.readouterr().err
    assert not (tmp_path / "index").exists()


def test_serve_refuses_a_missing_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """`ladder serve` exits non-zero, naming the problem and the fix, before binding a port."""
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "none"))
    assert main(["serve", "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert "no index at" in err and "ladder ingest" in err


def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("LADDER_PORT", "eighty")
    assert main(["search", "x"]) == 2
    assert "LADDER_PORT" in capsys.readouterr().err


def test_settings_error_names_variable() -> None:
    with pytest.raises(SettingsError, match="LADDER_PORT"):
        load_settings(port=70000)


def test_cors_origins_are_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_CORS_ORIGINS", "http://a.example, http://b.example/")
    assert load_settings().cors_origins == ("http://a.example", "http://b.example")


def test_python_dash_m_service() -> None:
    """`python -m service` is the same CLI."""
    result = subprocess.run(
        [sys.executable, "-m", "service", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "ingest" in result.stdout and "serve" in result.stdout


def test_ask_prints_the_answer(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "who writes the PRDs?"]) == 0
    out = capsys.readouterr().out
    assert "product requirement documents" in out and "APM" in out


def test_ask_json_null_for_unrelated(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "how do I bake bread?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] is None


def test_eval_prints_the_table_and_writes_json(env: None, tmp_path: Path, capsys) -> None:
    """`ladder eval` compares keyword, dense and hybrid and writes the figures as JSON."""
    out_file = tmp_path / "eval.json"
    assert main(["eval", "--out", str(out_file)]) == 0
    out = capsys.readouterr().out
    for name in ("keyword", "dense", "hybrid", "hit@1", "hit@3", "mrr", "ndcg@5", "level@1", "/ask"):
        assert name in out
    figures = json.loads(out_file.read_text())
    assert set(figures["search"]["modes"]) == {"keyword", "dense", "hybrid"}
    assert {"exact", "within_one", "confusion", "reliability"} <= set(figures["match"])
    assert "confusion" in out and "reliability" in out


def test_match_file_and_stdin(env: None, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ladder match FILE` and `ladder match -` rank the levels."""
    import io

    posting = DATA / "postings" / "cpo-saas.txt"
    assert main(["match", str(posting)]) == 0
    assert capsys.readouterr().out.startswith("L6 CPO")
    monkeypatch.setattr("sys.stdin", io.StringIO(posting.read_text()))
    assert main(["match", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["best"]["level"]["short"] == "CPO"


def test_match_refuses_an_empty_file(env: None, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert main(["match", str(empty)]) == 2
    assert "job description" in capsys.readouterr().err
