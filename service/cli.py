"""The `ladder` command: ingest, search, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

from index.search import SearchFilter
from index.store import IndexLoadError
from ingest.embed import ModelError
from ingest.parse import GuideError
from service.settings import Settings, SettingsError, load_settings

EXIT_USAGE = 2
EXIT_FAILED = 1


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.build import ingest
    from service.engine import load_encoder

    spec, encoder = load_encoder(settings)
    summary = ingest(settings.corpus, settings.index_dir, spec, encoder, progress=sys.stderr.isatty())
    print(summary.line())
    return 0


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    from service.engine import Engine, load_encoder, open_index

    spec, encoder = load_encoder(settings)
    return Engine(index=open_index(settings, spec), encoder=encoder)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from service.engine import UnknownFilterError, result_dict

    engine = _engine(settings)
    where = SearchFilter.of(args.level, args.section, [args.doc] if args.doc else None)
    try:
        hits = engine.search(args.query, args.k, where)
    except UnknownFilterError as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(
            json.dumps({"query": args.query, "results": [result_dict(h) for h in hits]}, indent=2, ensure_ascii=False)
        )
        return 0
    for hit in hits:
        p = hit.passage
        where_from = f"L{p.level.number} {p.level.short}" if p.level else "intro"
        label = p.heading or p.section
        print(f"{hit.rank}. [{where_from}] {label} ({hit.score:.3f})\n   {p.text}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from index.store import read_manifest
    from ingest.embed import ModelSpec
    from service.app import create_app

    # Fail before binding the port when the index cannot serve.
    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    manifest = read_manifest(settings.index_dir)
    if manifest.model != spec.name:
        raise IndexLoadError(
            f"index at {settings.index_dir} was built with {manifest.model!r}, not the configured "
            f"{spec.name!r}; run `ladder ingest` to rebuild it"
        )
    failures: list[BaseException] = []

    def on_fatal(error: BaseException) -> None:
        failures.append(error)
        server.should_exit = True

    host = args.host or settings.host
    port = args.port or settings.port
    config = uvicorn.Config(create_app(settings, on_fatal=on_fatal), host=host, port=port, log_level="info")
    server = uvicorn.Server(config)
    server.run()
    return EXIT_FAILED if failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ladder", description="Semantic search over career-ladder guides.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("ingest", help="parse the corpus, embed it and write the index")

    search = sub.add_parser("search", help="search the guides")
    search.add_argument("query")
    search.add_argument("--k", type=int, default=5, choices=range(1, 51), metavar="N", help="results (1-50)")
    search.add_argument("--level", type=int, action="append", help="keep to a level number (repeatable)")
    search.add_argument("--section", action="append", choices=["intro", "overview", "role", "responsibility", "skills"])
    search.add_argument("--doc", help="keep to one guide file")
    search.add_argument("--json", action="store_true", help="print JSON")

    serve = sub.add_parser("serve", help="serve the HTTP API and search page")
    serve.add_argument("--host", help="default LADDER_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default LADDER_PORT or 8000")
    return parser


COMMANDS = {"ingest": cmd_ingest, "search": cmd_search, "serve": cmd_serve}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        settings = load_settings()
        return COMMANDS[args.command](args, settings)
    except SettingsError as e:
        print(f"ladder: configuration: {e}", file=sys.stderr)
        return EXIT_USAGE
    except (GuideError, IndexLoadError, ModelError) as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
