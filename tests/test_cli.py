"""The `ladder` command, run in-process (and once as `python -m service`)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
from tests.conftest import ALL_CORES, CORPUS, DATA, ROOT, every_core


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


def test_search_says_when_nothing_matches(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzzz qqqq"]) == 1
    assert capsys.readouterr().out == "no results\n"
    assert main(["search", "strategy", "--level", "VP", "--k", "2"]) == 0
    assert capsys.readouterr().out.count("[L5 VP]") == 2


def test_search_unknown_level(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "strategy", "--level", "12"]) == 2
    assert "unknown level 12" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_writes_an_index(warm_ingest: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """`ladder ingest` prints a line per guide and a total, and leaves a loadable index."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "pm-career-path.txt", corpus)
    shutil.copy(DATA / "ladders" / "developer-wiki.md", corpus)
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("LADDER_CORPUS", str(corpus))
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0] == "developer-wiki.md (markdown): 5 levels, 46 passages"
    assert out[1] == "  warning: 'Other Pages' is not a level: skipped"
    assert out[2] == "pm-career-path.txt (text): 6 levels, 41 passages"
    assert "ingested 2 guide(s), 11 levels, 87 passages" in out[3] and len(out) == 4
    assert json.loads((tmp_path / "index" / "manifest.json").read_text())["count"] == 87


def test_ingest_refuses_a_bad_file_and_keeps_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A guide that cannot be read stops the ingest (before the model loads); the index in use is untouched."""
    from core.encoder import ModelSpec
    from tests.conftest import fake_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pm-career-path.txt").write_text((CORPUS / "pm-career-path.txt").read_text("utf-8"), "utf-8")
    index = fake_index(corpus, tmp_path / "index", ModelSpec.resolve(None))
    before = (index / "manifest.json").read_text()
    (corpus / "broken ladder.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (corpus / "empty-ladder.md").write_text("# Nothing\n\nNo levels at all.\n")
    monkeypatch.setenv("LADDER_INDEX_DIR", str(index))
    monkeypatch.setenv("LADDER_CORPUS", str(corpus))
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "broken ladder.xlsx: is not an Excel workbook it can open" in err and "save it again as .xlsx" in err
    assert len(err.strip().splitlines()) == 1  # one line, no traceback
    assert (index / "manifest.json").read_text() == before


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "developer-wiki.md",
            [
                "developer-wiki.md: Markdown, 5 levels, 46 passages",
                "  title: Developer Career Ladder",
                "  introduction: 2 passages",
                "  level 1: Developer 1 (D1): overview 2, skills 4, responsibility 3; 0-2 years",
            ],
        ),
        ("sales-competencies.csv", ["sales-competencies.csv: CSV, 5 levels, 50 passages"]),
    ],
)
def test_inspect_explains_a_file(name: str, lines: list[str], capsys) -> None:
    assert main(["inspect", str(DATA / "ladders" / name)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[: len(lines)] == lines
    if name == "developer-wiki.md":
        assert out[-1] == "  warning: 'Other Pages' is not a level: skipped"
    assert main(["inspect", str(DATA / "ladders" / name), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["levels"]) == 5


def test_inspect_prints_years_as_the_level_states_them(capsys) -> None:
    """ "A minimum of 12 years" is 12+, not the 12-17 that /match reads it as (which --json keeps)."""
    assert main(["inspect", str(DATA / "ladders" / "backend-engineer.md")]) == 0
    out = capsys.readouterr().out
    assert "level 1: Engineer I (Engineer I): overview 4; 0-2 years" in out
    assert "level 5: Principal Engineer (Principal Engineer): overview 4; 12+ years" in out
    assert main(["inspect", str(DATA / "ladders" / "backend-engineer.md"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["levels"][4]["years"] == [12.0, 17.0]


def test_inspect_counts_one_passage_in_the_singular(tmp_path: Path, capsys) -> None:
    ladder = tmp_path / "two.md"
    ladder.write_text(
        "# T\n\nIntro words here for the ladder.\n\n## Junior\n\nDoes junior things every single day at work.\n\n"
        "## Senior\n\nDoes senior things every single day at work.\n"
    )
    assert main(["inspect", str(ladder)]) == 0
    assert "  introduction: 1 passage\n" in capsys.readouterr().out


def test_inspect_says_what_it_looked_for(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Team notes\n\nWe met on Tuesday and agreed on the plan.\n")
    assert main(["inspect", str(notes)]) == 1
    err = capsys.readouterr().err
    assert "notes.md: no ladder found: looked for a run of sibling headings" in err


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


def test_python_dash_m_service(tmp_path: Path, index_dir: Path) -> None:
    """`python -m service` is the same CLI, from a folder that holds one named "index" too (an index folder
    shadowed the package: "cannot import name 'read_data' from 'index'", review 9)."""
    result = subprocess.run(
        [sys.executable, "-m", "service", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "ingest" in result.stdout and "serve" in result.stdout
    (tmp_path / "index").mkdir()
    env = {**os.environ, "LADDER_INDEX_DIR": str(index_dir), "LADDER_CORPUS": str(CORPUS)}
    result = subprocess.run(
        [sys.executable, "-m", "service", "search", "budget", "--k", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0 and "Budget Management" in result.stdout, result.stderr


def test_a_reader_that_stops_early_is_no_error() -> None:
    """`ladder inspect ... | head` printed "ladder: cannot use: Broken pipe"."""
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "inspect", str(CORPUS / "pm-career-path.txt")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()  # type: ignore[union-attr]  # before the CLI has written a line
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "Broken pipe" not in err and "Traceback" not in err, err


def test_ask_prints_the_answer(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "who writes the PRDs?"]) == 0
    out = capsys.readouterr().out
    assert "product requirement documents" in out and "APM" in out


def test_ask_says_what_the_guides_do_not_answer(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    """No answer: exit 1, and why."""
    assert main(["ask", "how do I bake bread?", "--json"]) == 1
    body = json.loads(capsys.readouterr().out)
    assert (body["answer"], body["reason"]) == (None, "unrelated")
    assert main(["ask", "what is the salary of a VP of product"]) == 1
    assert capsys.readouterr().out.startswith("not covered")


def test_ask_names_the_ladder_of_its_answer_when_there_are_several(
    multi_ladder_index: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, index_dir = multi_ladder_index
    monkeypatch.setenv("LADDER_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("LADDER_CORPUS", str(corpus))
    assert main(["ask", "who writes the PRDs?", "--doc", "pm-career-path.txt"]) == 0
    answer, where_from = capsys.readouterr().out.splitlines()
    assert "product requirement documents" in answer
    assert where_from.startswith("  (pm-career-path.txt, Level 1, Associate Product Manager (APM); confidence ")
    # of four ladders, with none named: each one's answer
    assert main(["ask", "when do I first manage people?"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "it depends on the ladder:"
    ladders = {line.split(",")[0].strip(" (") for line in lines[2::2]}
    assert {"pm-career-path.txt", "sales-competencies.csv"} <= ladders, lines
    assert main(["ask", "when do I first manage people?", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["answer"] is None and body["reason"] == "not_covered" and len(body["by_ladder"]) == len(ladders)


def test_match_and_next_say_whose_level_and_what_it_carries_on_from(
    multi_ladder_index: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new user's trial: `ladder match` in an index of two ladders did not say which ladder its levels were
    of, and `ladder next` printed "carried responsibility -> responsibility" for every unheaded item."""
    corpus, index_dir = multi_ladder_index
    monkeypatch.setenv("LADDER_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("LADDER_CORPUS", str(corpus))
    posting = "Senior Account Executive. You will close enterprise deals, run discovery and forecast your pipeline."
    monkeypatch.setattr("sys.stdin", io.StringIO(posting))
    assert main(["match", "-"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "sales-competencies.csv"
    assert main(["next", "pm-career-path.txt", "PM"]) == 0
    lines = capsys.readouterr().out.splitlines()
    carried = [i for i, line in enumerate(lines) if line.startswith("  carried  ")]
    assert carried and all(lines[i + 1].startswith("           from ") for i in carried)
    assert not any("responsibility -> responsibility" in line for line in lines)
    # what the next level does not restate is "unlisted", not said to be left behind
    assert any(line.startswith("  unlisted ") for line in lines)
    assert not any(line.startswith("  left ") for line in lines)


def test_a_table_row_prints_as_cells() -> None:
    from service.cli import shown

    assert shown("Senior Product Designer\t4-7 years\tDesign Manager") == (
        "Senior Product Designer | 4-7 years | Design Manager"
    )


def test_an_empty_or_overlong_question_is_a_usage_error(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    """As the API answers 422, the CLI exits 2 and says why, rather than "not covered"."""
    for blank in ("   ", "\x01\x02"):
        assert main(["ask", blank]) == 2
        assert "the question is empty" in capsys.readouterr().err
    assert main(["search", "x" * 1001]) == 2
    assert "over 1000 characters" in capsys.readouterr().err


def small_labelled_sets(folder: Path) -> Path:
    """A few cases of each labelled set, laid out as tests/data is: the CLI's plumbing, not its figures."""
    sets = ("questions", "question_forms", "not_covered", "unrelated")
    for name in (*(f"{sub}{s}" for sub in ("", "fresh/", "blind/") for s in sets), "growth", "growth-unrelated"):
        lines = (DATA / f"{name}.jsonl").read_text("utf-8").splitlines()
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.jsonl").write_text("\n".join([*lines[:4], *lines[-4:]]) + "\n", "utf-8")
    for sub, key in (
        ("postings", "levels"),
        ("ladders/postings", "postings"),
        ("other_postings", "postings"),
        ("fresh/other_postings", "postings"),
    ):
        labels = json.loads((DATA / sub / "labels.json").read_text("utf-8"))
        kept = dict(sorted(labels[key].items())[:: max(1, len(labels[key]) // 4)])
        (folder / sub).mkdir(parents=True)
        (folder / sub / "labels.json").write_text(json.dumps({key: kept}), "utf-8")
        for name in kept:
            (folder / sub / name).write_text((DATA / sub / name).read_text("utf-8"), "utf-8")
    return folder


def test_eval_prints_the_table_and_writes_json(env: None, tmp_path: Path, capsys) -> None:
    """`ladder eval` compares keyword, dense and hybrid and writes the figures as JSON (on a few cases of
    each set: the figures themselves are asserted in test_quality.py)."""
    data = small_labelled_sets(tmp_path / "data")
    out_file = tmp_path / "eval.json"
    command = ["eval", "--questions", str(data / "questions.jsonl"), "--postings", str(data / "postings")]
    assert main([*command, "--out", str(out_file), "--ladders", ""]) == 0
    out = capsys.readouterr().out
    for name in ("keyword", "dense", "hybrid", "hit@1", "hit@3", "mrr", "ndcg@5", "level@1", "/ask"):
        assert name in out
    figures = json.loads(out_file.read_text())
    assert set(figures["search"]["modes"]) == {"keyword", "dense", "hybrid"}
    assert {"exact", "within_one", "confusion", "reliability"} <= set(figures["match"])
    assert "confusion" in out and "reliability" in out
    assert "hybrid on 8 fresh questions" in out and "hybrid on 8 blind questions" in out
    assert {"refused", "unrelated_refused"} <= set(figures["growth_about"][0])


@pytest.mark.slow
def test_eval_measures_the_guide_alone_beside_other_ladders(
    warm_ingest: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """With a second PM ladder in corpus/ (as the README's /compare asks), `ladder eval` stopped on "label 'User
    Research' matches 2 passages": the labelled sets are the guide's, and are measured on an index of it alone.
    A corpus without the guide is told so."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "pm-career-path.txt", corpus)
    shutil.copy(DATA / "ladders" / "pm-competency-matrix.xlsx", corpus)
    monkeypatch.setenv("LADDER_CORPUS", str(corpus))
    monkeypatch.setenv("LADDER_INDEX_DIR", str(tmp_path / "var" / "index"))
    assert main(["ingest"]) == 0
    data = small_labelled_sets(tmp_path / "data")
    command = ["eval", "--questions", str(data / "questions.jsonl"), "--postings", str(data / "postings")]
    assert main([*command, "--out", str(tmp_path / "eval.json"), "--ladders", ""]) == 0
    assert "eval-guide: ingested 1 guide(s)" in capsys.readouterr().err
    (corpus / "pm-career-path.txt").unlink()
    assert main([*command, "--out", str(tmp_path / "eval.json"), "--ladders", ""]) == 2
    assert "written for pm-career-path.txt" in capsys.readouterr().err


def test_match_file_and_stdin(env: None, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ladder match FILE` and `ladder match -` rank the levels."""
    import io

    posting = DATA / "postings" / "cpo-saas.txt"
    assert main(["match", str(posting)]) == 0
    assert capsys.readouterr().out.startswith("L6 CPO")
    monkeypatch.setattr("sys.stdin", io.StringIO(posting.read_text()))
    assert main(["match", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["best"]["level"]["short"] == "CPO"


def test_match_reads_an_advert_kept_as_word_or_pdf(env: None, tmp_path: Path, capsys) -> None:
    """HR keeps adverts as .docx: `ladder match posting.docx` said "'utf-8' codec can't decode byte 0x85"."""
    from docx import Document

    advert = Document()
    for line in (DATA / "postings" / "cpo-saas.txt").read_text("utf-8").split("\n\n"):
        advert.add_paragraph(line)
    advert.save(tmp_path / "cpo.docx")
    assert main(["match", str(tmp_path / "cpo.docx")]) == 0
    assert capsys.readouterr().out.startswith("L6 CPO")
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    assert main(["match", str(tmp_path / "broken.pdf")]) == 2
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 manager".encode("latin-1"))
    assert main(["match", str(tmp_path / "latin.txt")]) == 2
    assert "UTF-8 text file" in capsys.readouterr().err


def test_a_guide_named_by_its_path_is_that_guide(env: None, capsys) -> None:
    """`--doc corpus/pm-career-path.txt`, as a shell completes it, was an unknown doc."""
    assert main(["search", "roadmap", "--k", "1", "--doc", "corpus/pm-career-path.txt"]) == 0
    assert "Roadmap" in capsys.readouterr().out
    assert main(["next", "./corpus/pm-career-path.txt", "PM"]) == 0


def test_match_refuses_an_empty_file(env: None, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert main(["match", str(empty)]) == 2
    assert "job description" in capsys.readouterr().err


def test_a_result_says_its_ladder_when_there_are_several(capsys: pytest.CaptureFixture[str]) -> None:
    """A new user with a design matrix beside the PM guide read "[intro]" and could not tell whose."""
    from types import SimpleNamespace

    from core.model import Level, Passage, Section, Source
    from service.cli import print_hit

    level = Level(2, "Designer", "D2", "design.xlsx")
    passage = Passage("d.1", level, Section.COMPETENCY, "Critique", "Runs critique.", Source("design.xlsx", 0, 14))
    hit = SimpleNamespace(rank=1, score=0.5, passage=passage)
    print_hit(hit)
    print_hit(hit, several=True)
    assert capsys.readouterr().out.splitlines()[::2] == [
        "1. [L2 D2] Critique (0.500)",
        "1. [design.xlsx L2 D2] Critique (0.500)",
    ]


def test_serving_an_index_the_corpus_has_moved_on_from(
    warm_ingest: None, index_dir: Path, tmp_path: Path, caplog
) -> None:
    """`ladder serve` served an index whose corpus had lost or gained a guide without a word (review 9); it
    now warns, and with --ingest-into ingests the corpus there first. An unchanged corpus is served as is."""
    import shutil

    from service.cli import index_to_serve
    from service.settings import load_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "pm-career-path.txt", corpus)
    settings = load_settings(index_dir=index_dir, corpus=corpus)
    with caplog.at_level("WARNING", logger="ladder"):
        assert index_to_serve(settings, None) is settings
    assert not caplog.records
    shutil.copy(DATA / "ladders" / "data-science.txt", corpus)
    with caplog.at_level("WARNING", logger="ladder"):
        assert index_to_serve(settings, None) is settings
    assert "the guides in " in caplog.text and "have changed since the index" in caplog.text
    assert "data-science.txt" in caplog.text
    served = index_to_serve(settings, tmp_path / "fresh")
    assert served.index_dir == tmp_path / "fresh" and (tmp_path / "fresh" / "manifest.json").is_file()


def test_an_out_of_range_number_is_told_its_range(capsys) -> None:
    """`--k 0` listed all fifty choices, and `--mode x` named an internal type (review 9)."""
    with pytest.raises(SystemExit) as exit_:
        main(["search", "x", "--k", "0"])
    assert exit_.value.code == 2 and "--k: 0 is not in 1-50" in capsys.readouterr().err
    # "--port 99999" had said it listened on 99999 and bound another port
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", "99999"])
    assert exit_.value.code == 2 and "--port: 99999 is not in 1-65535" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["search", "x", "--mode", "x"])
    assert "choose from 'hybrid', 'dense', 'keyword'" in capsys.readouterr().err


# A command replaced by one that prints the BLAS libraries' thread counts as `ladder` leaves them.
BLAS_THREADS = """
import json, sys
import numpy
from threadpoolctl import threadpool_info
import service.cli as cli
def report(args, settings):
    import faiss  # its own OpenBLAS, loaded as a command that searches loads it
    print(json.dumps(sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})))
    return 0
cli.COMMANDS[sys.argv[1]] = report
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize(("argv", "one"), [(["search", "who writes the PRDs"], True), (["ingest"], False)])
def test_commands_that_answer_keep_to_one_blas_thread(argv: list[str], one: bool) -> None:
    """A second BLAS thread waits for a core the encoder holds, and splits the sums by the cores it finds: every
    command but `ingest` keeps numpy's OpenBLAS to one thread (started here with two, on every core)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}
    with every_core():  # not the one core of a `make test` worker, which OpenBLAS would keep to
        done = subprocess.run(
            [sys.executable, "-c", BLAS_THREADS, *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
    assert json.loads(done.stdout) == [1 if one else min(2, len(ALL_CORES))]


def test_a_worker_process_is_tuned_as_ladder_serve_tunes_its_own(
    fake_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ladder serve --workers N` starts processes that build the app themselves: each takes the GIL switch
    interval and the one BLAS thread of `ladder serve`'s own process."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from service.cli import GIL_SWITCH_INTERVAL, worker_app

    monkeypatch.setenv("LADDER_INDEX_DIR", str(fake_index_dir))
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default, as a new process has it
    try:
        with threadpool_limits(2, user_api="blas"):
            app = worker_app()
            assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}
        assert sys.getswitchinterval() == pytest.approx(GIL_SWITCH_INTERVAL)
    finally:
        sys.setswitchinterval(interval)
    assert app.title
