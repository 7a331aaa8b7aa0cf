"""The `ladder` command: ingest, search, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.model import Mode, Section
from service.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from service.engine import Engine

EXIT_USAGE = 2
EXIT_FAILED = 1


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from core.encoder import ModelSpec, SentenceTransformerEncoder
    from index.build import build_index

    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    encoder = SentenceTransformerEncoder(spec)
    summary = build_index(settings.corpus, settings.index_dir, spec, encoder, progress=sys.stderr.isatty())
    print(summary.line())
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from index.search import SearchFilter
    from service.engine import UnknownFilterError, load_engine, result_dict

    engine = load_engine(settings)
    where = SearchFilter.of(args.level, args.section, [args.doc] if args.doc else None)
    try:
        hits = engine.search(args.query, args.k, where, args.mode)
    except UnknownFilterError as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json({"query": args.query, "results": [result_dict(h) for h in hits]})
        return 0
    for hit in hits:
        print_hit(hit)
    return 0


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def print_hit(hit) -> None:  # type: ignore[no-untyped-def]
    p = hit.passage
    where_from = f"L{p.level.number} {p.level.short}" if p.level else "intro"
    print(f"{hit.rank}. [{where_from}] {p.heading or p.section} ({hit.score:.3f})\n   {p.text}")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from service.engine import answer_dict, load_engine, result_dict

    found, hits = load_engine(settings).ask(args.question, args.k)
    if args.json:
        print_json({"question": args.question, "answer": answer_dict(found), "results": [result_dict(h) for h in hits]})
        return 0
    if found is None:
        print("The guides do not answer that.")
        return 0
    level = found.passage.level
    where_from = f"Level {level.number}, {level.title} ({level.short})" if level else "Introduction"
    print(f"{found.text}\n  ({where_from}; confidence {found.confidence:.2f})")
    return 0


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from service.engine import UnknownFilterError, load_engine, match_dict
    from service.schemas import MAX_POSTING

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"ladder: cannot read {args.file}: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not text.strip() or len(text) > MAX_POSTING:
        print(f"ladder: a job description must have text and at most {MAX_POSTING:,} characters", file=sys.stderr)
        return EXIT_USAGE
    try:
        matches = load_engine(settings).match(text, args.k, args.doc)
    except UnknownFilterError as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(match_dict(matches))
        return 0
    for m in matches:
        bar = "#" * round(m.confidence * 30)
        print(f"L{m.level.number} {m.level.short:<10} {m.confidence:6.1%} {bar}")
        for e in m.evidence if m is matches[0] else []:
            print(f"    {e.passage.heading or e.passage.section}: {e.passage.text}")
            print(f"      <- {e.sentence.text!r}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict
    from pathlib import Path

    from index.evaluate import match_report, read_postings, read_questions, read_unrelated, run_eval
    from service.engine import load_engine

    engine = load_engine(settings)
    questions = read_questions(Path(args.questions))
    unrelated = read_unrelated(Path(args.unrelated))
    postings = read_postings(Path(args.postings))
    report = run_eval(engine.searcher, engine.calibration, questions, unrelated)
    matching = match_report(engine.matcher, postings)
    figures = {"search": report.to_dict(), "match": asdict(matching)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print_json(figures)
    else:
        print(f"{len(questions)} labelled questions, {len(unrelated)} unrelated ({args.questions})\n")
        print(report.table())
        for miss in report.misses:
            print(f"  miss (rank {miss['rank']}): {miss['question']!r} -> {miss['got']}, want {miss['want']}")
        print(f"\n{len(postings)} labelled job postings ({args.postings}), each also with its title stripped\n")
        print(matching.table())
        for miss in matching.misses:
            print(f"  miss: {miss}")
        print(f"\nfigures written to {args.out}")
    if args.tune:
        print_tuning(engine, questions, unrelated, postings)
    return 0


def print_tuning(engine, questions, unrelated, postings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import asdict

    from index.answer import fit_calibration
    from index.evaluate import tune

    ranked = tune(engine.searcher, questions)
    print("\nbest fusion parameters (index/data/fusion.json):")
    for metrics, params in ranked[:5]:
        print(f"  {metrics}  {asdict(params)}")

    def top(question: str) -> list[float]:  # the top hit's cosine; a query with no hit is declined anyway
        return [hit.dense for hit in engine.searcher.search(question, 1)]

    calibration = fit_calibration(
        [c for q in questions for c in top(q.question)], [c for q in unrelated for c in top(q)]
    )
    print(f"\n/ask calibration (index/data/ask.json): weight {calibration.weight}, bias {calibration.bias}")
    from index.evaluate import fit_matcher

    weights, cross_validated = fit_matcher(engine.matcher, postings)
    print(f"\nmatch weights (index/data/match.json): {weights}")
    print(f"leave-one-posting-out exact accuracy with refitted weights: {cross_validated}")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from concurrent.futures import ThreadPoolExecutor

    preload = None
    if args.workers == 1:  # load the index while the web stack imports; the app waits for it
        preload = ThreadPoolExecutor(1, thread_name_prefix="preload").submit(preload_engine, settings)

    from core.encoder import ModelSpec
    from index.store import IndexLoadError, read_manifest

    # Fail before binding the port when the index cannot serve.
    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    manifest = read_manifest(settings.index_dir)
    if manifest.model != spec.name:
        raise IndexLoadError(
            f"index at {settings.index_dir} was built with {manifest.model!r}, not the configured "
            f"{spec.name!r}; run `ladder ingest` to rebuild it"
        )
    import uvicorn

    from service.app import create_app

    failures: list[BaseException] = []

    def on_fatal(error: BaseException) -> None:
        failures.append(error)
        server.should_exit = True

    host = args.host or settings.host
    port = args.port or settings.port
    if args.workers > 1:
        # Each worker process builds its own app from the environment; uvicorn restarts one that dies.
        os.environ.update({"LADDER_HOST": host, "LADDER_PORT": str(port)})
        uvicorn.run(
            "service.app:create_app", factory=True, host=host, port=port, workers=args.workers, access_log=False
        )
        return 0
    # uvicorn's access log is off: it costs a formatted line per request on the event loop.
    tune_process()
    config = uvicorn.Config(
        create_app(settings, on_fatal=on_fatal, on_swap=freeze_loaded_objects, preload=preload),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
    )
    server = uvicorn.Server(config)
    server.run()
    return EXIT_FAILED if failures else 0


def preload_engine(settings: Settings) -> tuple[Engine, float]:
    """`prepare_engine`, imported on the loading thread, not the one importing the web stack."""
    from service.engine import prepare_engine

    return prepare_engine(settings)


# How long a thread may hold the GIL while another waits for it: the encoder threads need it for a
# moment around each (GIL-free) onnxruntime call, and Python's default of 5 ms would add that to it.
GIL_SWITCH_INTERVAL = 0.0005


def tune_process() -> None:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)


def freeze_loaded_objects() -> None:
    """Move the loaded index out of the cyclic collector's way (a full collection walks every object).

    Called after each swap: the previous index is collected first.
    """
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()


def known_failures() -> tuple[type[Exception], ...]:
    """Errors `ladder` reports in one line, not a traceback (imported when needed: they bring numpy and faiss)."""
    from core.encoder import ModelError
    from index.store import IndexLoadError
    from ingest.parse import GuideError

    return (GuideError, IndexLoadError, ModelError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ladder", description="Semantic search over career-ladder guides.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("ingest", help="parse the corpus, embed it and write the index")

    search = sub.add_parser("search", help="search the guides")
    search.add_argument("query")
    search.add_argument("--k", type=int, default=5, choices=range(1, 51), metavar="N", help="results (1-50)")
    search.add_argument("--level", type=int, action="append", help="keep to a level number (repeatable)")
    search.add_argument("--section", action="append", choices=[s.value for s in Section])
    search.add_argument("--doc", help="keep to one guide file")
    search.add_argument("--mode", type=Mode, choices=list(Mode), default=Mode.HYBRID)
    search.add_argument("--json", action="store_true", help="print JSON")

    ask = sub.add_parser("ask", help="answer a question with one sentence of the guides")
    ask.add_argument("question")
    ask.add_argument("--k", type=int, default=3, choices=range(1, 51), metavar="N", help="supporting results")
    ask.add_argument("--json", action="store_true", help="print JSON")

    match = sub.add_parser("match", help="match a job description to a level")
    match.add_argument("file", help="a text file with the posting, or - for standard input")
    match.add_argument("--k", type=int, default=3, choices=range(0, 11), metavar="N", help="evidence per level")
    match.add_argument("--doc", help="the guide to match against")
    match.add_argument("--json", action="store_true", help="print JSON")

    evaluate = sub.add_parser("eval", help="measure retrieval quality on the labelled questions")
    evaluate.add_argument("--questions", default="tests/data/questions.jsonl")
    evaluate.add_argument("--unrelated", default="tests/data/unrelated.jsonl")
    evaluate.add_argument("--postings", default="tests/data/postings", help="folder of labelled job postings")
    evaluate.add_argument("--out", default="var/eval.json", help="where to write the figures as JSON")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.add_argument("--tune", action="store_true", help="also search fusion parameters and fit /ask")

    serve = sub.add_parser("serve", help="serve the HTTP API and search page")
    serve.add_argument("--host", help="default LADDER_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default LADDER_PORT or 8000")
    serve.add_argument(
        "--workers", type=int, default=1, choices=range(1, 17), metavar="N", help="processes (default 1; see README)"
    )
    return parser


COMMANDS = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "ask": cmd_ask,
    "match": cmd_match,
    "eval": cmd_eval,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "faiss.loader"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        settings = load_settings()
        return COMMANDS[args.command](args, settings)
    except SettingsError as e:
        print(f"ladder: configuration: {e}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:
        if not isinstance(e, known_failures()):
            raise
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
