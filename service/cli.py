"""The `ladder` command: ingest, search, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.model import Mode, Section
from service.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from core.encoder import SentenceTransformerEncoder
    from index.answer import Answer
    from service.engine import Engine

EXIT_USAGE = 2
EXIT_FAILED = 1


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    summary = ingest(settings, settings.index_dir)
    print("\n".join(summary.lines()))
    return 0


def ingest(settings: Settings, target: Path, export_from: Path | None = None):  # type: ignore[no-untyped-def]
    """The corpus into an index at `target`, embedded with sentence-transformers, or, where torch is not
    installed (the service's image), with the ONNX export of the same model in `export_from`."""
    from core.encoder import CONFIG, ENCODER_DIR, ModelError, ModelSpec, OnnxEncoder, SentenceTransformerEncoder
    from index.build import build_index
    from ingest.build import read_corpus

    corpus = read_corpus(settings.corpus)  # a guide that cannot be read stops the ingest before the model loads
    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    export = export_from or target / ENCODER_DIR
    try:
        encoder = SentenceTransformerEncoder(spec)
    except ImportError:
        if not export.is_dir():
            raise
        made_from = json.loads((export / CONFIG).read_text("utf-8")).get("weights_sha256")
        if made_from != spec.verify():
            raise ModelError(
                f"torch is not installed, and the model export in {export} was made from other weights than "
                f"{spec.name}'s: install the ingest extra (pip install '.[ingest]') to embed with this model"
            ) from None
        encoder = OnnxEncoder(export, threads=len(os.sched_getaffinity(0)))  # type: ignore[assignment]
    return build_index(corpus, target, spec, encoder, progress=sys.stderr.isatty(), export_from=export)


def index_to_serve(settings: Settings, ingest_into: Path | None) -> Settings:
    """The settings to serve with: when the corpus is no longer the one the index was built from and
    `ingest_into` is given, the corpus is ingested there first (a container's mounted corpus); without it,
    the old index is served with a warning."""
    from core.encoder import ENCODER_DIR
    from index.store import IndexLoadError, read_manifest
    from ingest.build import corpus_hashes
    from ingest.guide import GuideError

    try:
        built = read_manifest(settings.index_dir).corpus
        now = corpus_hashes(settings.corpus)
    except (OSError, IndexLoadError, GuideError):  # no index or corpus yet: loading the index says what to do
        if ingest_into is None:
            return settings
        raise
    if now == built:
        return settings
    changed = sorted(set(now) ^ set(built) | {name for name in now if built.get(name, now[name]) != now[name]})
    if ingest_into is None:
        logging.getLogger("ladder").warning(
            "the guides in %s have changed since the index at %s was built (%s): serving the old index; "
            "run `ladder ingest` (or `make serve`) to take the change in",
            settings.corpus,
            settings.index_dir,
            ", ".join(changed),
        )
        return settings
    logging.getLogger("ladder").info(
        "corpus %s is not the one the index at %s was built from (%s): ingesting it into %s",
        settings.corpus,
        settings.index_dir,
        ", ".join(changed),
        ingest_into,
    )
    ingest(settings, ingest_into, export_from=settings.index_dir / ENCODER_DIR)
    return settings.model_copy(update={"index_dir": ingest_into})


FORMATS = {
    "text": "plain text",
    "markdown": "Markdown",
    "html": "HTML",
    "docx": "Word document",
    "pdf": "PDF",
    "csv": "CSV",
    "xlsx": "Excel workbook",
}


def cmd_inspect(args: argparse.Namespace, settings: Settings) -> int:
    """A dry run of ingest for one file: what it reads as, level by level, and what it left out."""
    from collections import Counter

    from ingest.guide import read_guide
    from ingest.passages import years_stated

    guide = read_guide(Path(args.file))
    if args.json:
        print_json(
            {
                "doc": guide.doc,
                "format": guide.format,
                "title": guide.title,
                "levels": [
                    {
                        **profile.to_dict(),
                        "passages": dict(Counter(p.section.value for p in guide.passages if p.level == profile.level)),
                    }
                    for profile in guide.levels
                ],
                "intro": sum(p.level is None for p in guide.passages),
                "warnings": list(guide.warnings),
            }
        )
        return 0
    print(f"{guide.doc}: {FORMATS[guide.format]}, {len(guide.levels)} levels, {len(guide.passages)} passages")
    if guide.title:
        print(f"  title: {guide.title}")
    intro = sum(p.level is None for p in guide.passages)
    if intro:
        print(f"  introduction: {intro} passage{'s' if intro > 1 else ''}")
    for profile in guide.levels:
        level = profile.level
        sections = Counter(p.section.value for p in guide.passages if p.level == level)
        counts = ", ".join(f"{name} {n}" for name, n in sections.items())
        stated = years_stated([p for p in guide.passages if p.level == level])
        # As written: an open "7+ years" is read as ending where the next level starts, which --json shows.
        years = f"; {stated[0]:g}{f'-{stated[1]:g}' if stated[1] is not None else '+'} years" if stated else ""
        print(f"  level {level.number}: {level.title} ({level.short}): {counts}{years}")
    for warning in guide.warnings:
        print(f"  warning: {warning}")
    return 0


def unusable_text(text: str, what: str) -> bool:
    """Whether a query or question is empty or too long (the API answers 422), said on stderr."""
    from service.schemas import MAX_QUERY, readable

    try:
        readable(text)
        problem = f"is over {MAX_QUERY} characters" if len(text) > MAX_QUERY else ""
    except ValueError:
        problem = "is empty"
    if problem:
        print(f"ladder: the {what} {problem}", file=sys.stderr)
    return bool(problem)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from index.search import SearchFilter
    from service.engine import UnknownFilterError, load_engine, result_dicts

    if unusable_text(args.query, "query"):
        return EXIT_USAGE
    engine = load_engine(settings)
    where = SearchFilter.of(args.level, args.section, [args.doc] if args.doc else None, args.category)
    try:
        hits = engine.search(args.query, args.k, where, Mode(args.mode))
    except UnknownFilterError as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json({"query": args.query, "results": result_dicts(hits, engine.index)})
        return 0 if hits else EXIT_FAILED
    if not hits:
        print("no results")
        return EXIT_FAILED
    several = len(engine.index.ladders) > 1
    for hit in hits:
        print_hit(hit, several)
    return 0


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def print_hit(hit, several: bool = False) -> None:  # type: ignore[no-untyped-def]
    """A result on two lines; with `several` ladders in the index, which one it is from."""
    p = hit.passage
    where_from = f"L{p.level.number} {p.level.short}" if p.level else "intro"
    if several:
        where_from = f"{p.source.doc} {where_from}"
    print(f"{hit.rank}. [{where_from}] {p.heading or p.section} ({hit.score:.3f})\n   {shown(p.text)}")


def shown(text: str) -> str:
    """A table row's cells, which the guide's text separates with tabs, as a reader sees them."""
    return text.replace("\t", " | ")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from index.search import SearchFilter
    from service.engine import UnknownFilterError, ask_dict, load_engine

    if unusable_text(args.question, "question"):
        return EXIT_USAGE
    engine = load_engine(settings)
    where = SearchFilter.of(docs=[args.doc] if args.doc else None)
    try:
        engine.check_filter(where)
    except UnknownFilterError as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    decision, hits = engine.ask(args.question, args.k, where)
    found = decision.answer
    if args.json:
        print_json(ask_dict(args.question, decision, hits, engine.index))
        return 0 if found or decision.by_ladder else EXIT_FAILED
    if decision.by_ladder:
        print("it depends on the ladder:")
        for each in decision.by_ladder:
            print(f"{shown(each.text)}\n  ({answered_where(each, engine)}; confidence {each.confidence:.2f})")
        return 0
    if found is None:
        why = (
            "not covered: the guides talk about this but do not answer it"
            if decision.reason == "not_covered"
            else ("not covered: the guides are not about that")
        )
        print(why)
        return EXIT_FAILED
    print(f"{shown(found.text)}\n  ({answered_where(found, engine)}; confidence {found.confidence:.2f})")
    return 0


def answered_where(found: Answer, engine: Engine) -> str:
    """ "Level 2, Account Manager (AM)", with its guide's name when the index has several."""
    level = found.passage.level
    where_from = f"Level {level.number}, {level.title} ({level.short})" if level else "Introduction"
    return f"{found.passage.source.doc}, {where_from}" if len(engine.index.ladders) > 1 else where_from


def read_text_argument(file: str, requirement: str) -> str | None:
    """A posting or self-description from a file or `-` (standard input); None, said on stderr, when unusable."""
    from ingest.formats import UnreadableError, read_document
    from service.schemas import MAX_POSTING, has_words

    path = Path(file)
    try:
        if file == "-":
            text = sys.stdin.read()
        elif path.suffix.lower() in (".docx", ".pdf", ".html", ".htm") and path.is_file():  # an advert as Word, PDF
            text = read_document(path).text
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, UnreadableError) as e:
        print(f"ladder: cannot read {file}: {e}", file=sys.stderr)
        return None
    except UnicodeDecodeError:
        print(f"ladder: cannot read {file}: give a .docx, .pdf, .html or UTF-8 text file", file=sys.stderr)
        return None
    try:
        usable = bool(has_words(text)) and len(text) <= MAX_POSTING
    except ValueError:  # as the API's 422
        usable = False
    if not usable:
        print(f"ladder: {requirement} and at most {MAX_POSTING:,} characters", file=sys.stderr)
        return None
    return text


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    from service.engine import UnknownFilterError, load_engine, match_dict

    text = read_text_argument(args.file, "a job description must have words")
    if text is None:
        return EXIT_USAGE
    engine = load_engine(settings)
    try:
        result = engine.match(text, args.k, args.doc)
    except UnknownFilterError as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(match_dict(result))
        return 0 if result.posting >= 0.5 else EXIT_FAILED
    matches = result.levels
    if result.posting < 0.5:
        print(match_dict(result)["reason"])
        return EXIT_FAILED
    if len(engine.index.ladders) > 1 and matches:
        print(matches[0].level.doc)
    width = max((len(m.level.short) for m in matches), default=0)
    for m in matches:
        bar = "#" * round(m.confidence * 30)
        print(f"L{m.level.number} {m.level.short:<{width}} {m.confidence:6.1%} {bar}")
        for e in m.evidence if m is matches[0] else []:
            print(f"    {e.passage.heading or e.passage.section}: {shown(e.passage.text)}")
            print(f"      <- {e.sentence.text!r}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict

    from index.evaluate import GUIDE, ask_cases, ask_report, match_report, read_postings, read_questions, run_eval
    from service.engine import load_engine

    guide = settings.corpus / GUIDE
    if not guide.is_file():
        print(
            f"ladder: eval measures the labelled sets written for {GUIDE}, which {settings.corpus} lacks",
            file=sys.stderr,
        )
        return EXIT_USAGE
    engine = load_engine(settings)
    encoder = ingest_encoder(settings) if args.ladders or args.trials or len(engine.index.ladders) > 1 else None
    if len(engine.index.ladders) > 1:  # the sets are the guide's: measured on it alone, whatever else corpus/ holds
        engine.queries.close()
        engine = ingested_engine(settings, encoder, [guide], settings.index_dir.parent / "eval-guide")
    data = Path(args.questions).parent
    questions = read_questions(Path(args.questions))
    postings = read_postings(Path(args.postings))
    report = run_eval(engine.searcher, questions)
    # Questions written after the fusion was tuned: "fresh" (read since), "blind" (never read case by case).
    later_sets = {
        name: run_eval(engine.searcher, read_questions(data / folder / "questions.jsonl"))
        for name, folder in (("fresh", "fresh"), ("blind", "blind"))
        if (data / folder / "questions.jsonl").is_file()
    }
    cases = ask_cases(data, engine.index.passages)
    decisions = [engine.ask(case.question)[0] for case in cases]
    model = engine.answerer.model
    if args.tune:
        from index.evaluate import fit_ask_model

        model = fit_ask_model(cases, decisions, model)
    asking = ask_report(cases, decisions, model)
    matching = match_report(engine.matcher, postings)
    from index.evaluate import posting_cases, posting_shapes, posting_table

    kinds = posting_cases(data, postings)
    shapes = posting_shapes(engine.matcher, kinds)
    match_model = engine.matcher.model
    if args.tune:
        from dataclasses import replace

        from index.evaluate import fit_posting_model

        weights, bias = fit_posting_model(kinds, shapes)
        match_model = replace(match_model, posting_weights=tuple(weights), posting_bias=bias)
    is_posting, posting_rows = posting_table(kinds, shapes, match_model)
    figures = {
        "search": report.to_dict(),
        "search_later": {name: later.modes for name, later in later_sets.items()},
        # The blind set's cases stay unread: its figures only.
        "ask": {**asdict(asking), "confident_wrong": [w for w in asking.confident_wrong if w["split"] != "test"]},
        "match": asdict(matching),
        "posting": posting_rows,
    }
    from index.evaluate import form_table, trials_table
    from index.evaluate_levels import (
        about_figures,
        about_table,
        as_dicts,
        growth_figures,
        growth_table,
        mapping_table,
        of_the_guide,
        read_growth,
    )

    growth_cases = read_growth(data / "growth.jsonl")
    growing = growth_figures(engine.growth, engine.index, growth_cases, None)
    figures["growth"] = as_dicts(growing)
    unrelated = read_growth(data / "growth-unrelated.jsonl")
    own = of_the_guide(growth_cases, [ladder.doc for ladder in engine.index.ladders])
    about = about_figures(engine.growth, own, unrelated)
    figures["growth_about"] = as_dicts(about)
    ladders = mappings = ladder_growth = ladder_forms = ladder_about = None
    if args.ladders:
        ladders, mappings, ladder_growth, ladder_forms, ladder_about = eval_ladders(
            settings, encoder, Path(args.ladders), growth_cases, unrelated, args.tune
        )
        figures["ladders"] = [asdict(f) for f in ladders]
        figures["compare"] = as_dicts(mappings)
        figures["ladder_growth"] = as_dicts(ladder_growth)
        figures["ladder_forms"] = [asdict(f) for f in ladder_forms]
        figures["ladder_growth_about"] = as_dicts(ladder_about)
    elif args.tune:
        print("/growth constants: not fitted; they are fitted on the fixture ladders' growth cases too (--ladders)")
    trials = eval_trials(settings, encoder, data) if args.trials else None
    if trials is not None:
        figures["trials"] = {name: asdict(f) for name, f in trials.items()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print_json(figures)
    else:
        print(f"{len(questions)} labelled questions ({args.questions})\n")
        print(report.table())
        for miss in report.misses:
            print(f"  miss (rank {miss['rank']}): {miss['question']!r} -> {miss['got']}, want {miss['want']}")
        for name, later in later_sets.items():
            hybrid = later.modes["hybrid"]
            print(
                f"hybrid on {later.questions} {name} questions: hit@1 {hybrid['hit@1']:.3f}, "
                f"MRR {hybrid['mrr']:.3f}, level@1 {hybrid['level@1']:.3f}"
            )
        print(f"\n/ask on {len(cases)} labelled questions (the model is fitted on the fit split)\n")
        print(asking.table())
        for wrong in asking.confident_wrong:
            if wrong["split"] != "test":  # the blind set is reported, not read case by case
                print(f"  confident and wrong: {wrong}")
        print(f"\n{len(postings)} labelled job postings ({args.postings}), each also with its title stripped\n")
        print(matching.table())
        for miss in matching.misses:
            print(f"  miss: {miss}")
        print("\nis it a posting for the ladder at all (/match's best is null when not)\n")
        print(is_posting)
        if ladders is not None:
            from index.evaluate import ladders_table

            print(
                f"\nladders of other shapes and formats ({args.ladders}), each searched on its own, no configuration\n"
            )
            print(ladders_table(ladders))
            for f in ladders:
                for miss in f.misses:
                    print(f"  miss ({f.doc}): {miss}")
                for name in f.postings_refused:
                    print(f"  taken for another job's posting ({f.doc}): {name}")
        if mappings is not None:
            print(f"\n/compare: ladder pairs mapped level by level ({args.ladders}/compare.json)\n")
            print(mapping_table(mappings))
            print_misses(mappings)
        print(f"\n/growth on {len(growth_cases)} self-descriptions (data/growth.jsonl)\n")
        print(growth_table(growing))
        print_misses(growing)
        print("\n/growth on texts about the guide's work and about other work (data/growth-unrelated.jsonl)\n")
        print(about_table(about))
        print_misses(about, fit_only=True)
        if ladder_growth is not None:
            print(f"\n/growth on the fixture ladders ({args.ladders}/growth*.jsonl)\n")
            print(growth_table(ladder_growth))
            print_misses(ladder_growth, fit_only=True)
            print(f"\n/growth, no doc given, on all the ladders at once ({args.ladders}/growth*.jsonl, the guide's)\n")
            print(about_table(ladder_about))
            print_misses(ladder_about, fit_only=True)
        if ladder_forms is not None:
            print(f"\n/ask on questions of a form about the fixture ladders ({args.ladders}/question_forms*.jsonl)\n")
            print(form_table(ladder_forms))
            print_misses(ladder_forms, fit_only=True)
        if trials:
            print("\n/ask on new users' trials: their own ladders and the questions they wrote before anything ran\n")
            print(trials_table(trials))
        print(f"\nfigures written to {args.out}")
    if args.tune:
        print_tuning(engine, questions, postings, model)
        from index.match import POSTING_FEATURES

        fitted = dict(zip(POSTING_FEATURES, match_model.posting_weights, strict=True))
        print(f"/match posting model (index/data/match.json 'posting'): {fitted}, bias {match_model.posting_bias}")
    return 0


def level_line(level: dict | None) -> str:
    return f"L{level['number']} {level['short']} ({level['title']})" if level else "-"


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    from index.compare import LadderError
    from service.engine import UnknownFilterError, load_engine

    try:
        body = load_engine(settings).compare(args.source, args.target, args.level)
    except (UnknownFilterError, LadderError) as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(body)
        return 0
    print(f"{body['from']} -> {body['to']}")
    for row in body["levels"]:
        print(f"  {level_line(row['level']):<50} -> {level_line(row['equivalent']):<45} {row['confidence']:6.1%}")
        for pair in row["evidence"][:2]:
            print(f"      {pair['from']['text'][:60]!r} ~ {pair['to']['text'][:60]!r} ({pair['score']:.2f})")
    return 0


def cmd_next(args: argparse.Namespace, settings: Settings) -> int:
    from index.compare import LadderError
    from service.engine import UnknownFilterError, load_engine

    try:
        body = load_engine(settings).next_level(args.doc, args.level)
    except (UnknownFilterError, LadderError) as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(body)
        return 0
    if body["next"] is None:
        print(f"{level_line(body['level'])} is the top of {args.doc}: there is no next level")
        return 0
    print(f"{level_line(body['level'])} -> {level_line(body['next'])}")
    label = lambda r: r["heading"] or r["section"]  # noqa: E731
    for r in body["new"]:
        print(f"  new      {label(r)}: {r['text']}")
    for pair in body["carried"]:  # the next level's item, and below it the item it carries on from
        lower = pair["from"]
        print(f"  carried  {label(pair['to'])}: {pair['to']['text']}\n           from {label(lower)}: {lower['text']}")
    for r in body["dropped"]:  # no longer listed, which need not mean no longer done
        print(f"  unlisted {label(r)}: {r['text']}")
    return 0


def cmd_growth(args: argparse.Namespace, settings: Settings) -> int:
    from index.compare import LadderError
    from index.growth import UnplacedTextError
    from service.engine import UnknownFilterError, load_engine

    text = read_text_argument(args.file, "the text must have words")
    if text is None:
        return EXIT_USAGE
    try:
        body = load_engine(settings).grow(text, args.doc, args.k)
    except (UnknownFilterError, LadderError, UnplacedTextError) as e:
        print(f"ladder: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(body)
        return 0
    current = body["current"]
    level = current["level"]
    print(f"reads as {level_line(level)} in {level['doc']}, {current['confidence']:.0%} confident")
    if body["next"] is None:
        print("that is the top of the ladder: there is no next level")
        return 0
    print(f"next: {level_line(body['next'])}\n\nnot shown yet, furthest first:")
    for r in body["gaps"]:
        print(f"  - {r['heading'] or r['section']}: {r['text']}")
    if body["shown"]:
        print("\nalready shown:")
        for r in body["shown"]:
            print(f"  + {r['heading'] or r['section']}: {r['text']}")
            print(f"      <- {r['closest']['text']!r}")
    return 0


def print_misses(figures, *, fit_only: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Each split's misses; with `fit_only`, the held-out set is reported, not read."""
    for f in figures:
        for miss in f.misses if f.split == "fit" or not fit_only else ():
            print(f"  miss ({f.split}): {miss}")


def ingest_encoder(settings: Settings) -> SentenceTransformerEncoder:
    """The configured model as ingest runs it, loaded once for every index an eval builds."""
    from core.encoder import ModelSpec, SentenceTransformerEncoder

    return SentenceTransformerEncoder(ModelSpec.resolve(settings.model, settings.model_sha256))


def ingested_engine(settings: Settings, encoder: SentenceTransformerEncoder, files: list[Path], work: Path) -> Engine:
    """An engine over `files` alone, ingested afresh into `work` (its corpus/ and index/), the served index's
    export of the same weights reused."""
    import shutil

    from core.encoder import ENCODER_DIR
    from index.build import build_index
    from service.engine import load_engine

    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for path in files:
        shutil.copy(path, corpus / path.name)
    summary = build_index(corpus, work / "index", encoder.spec, encoder, export_from=settings.index_dir / ENCODER_DIR)
    print(f"{work.name}: {summary.lines()[-1]}", file=sys.stderr)
    return load_engine(settings.model_copy(update={"index_dir": work / "index", "corpus": corpus}))


def eval_ladders(
    settings: Settings,
    encoder: SentenceTransformerEncoder,
    folder: Path,
    guide_cases: list[dict],
    unrelated: list[dict],
    tune: bool = False,
) -> tuple[list, list, list, list, list]:  # type: ignore[type-arg]
    """The fixture ladders and the configured guides, ingested together: search figures, mappings, growth,
    question forms, and whether /growth places texts about the ladders' work (the fixture ladders', and
    `guide_cases`, the guide's own) and refuses `unrelated` ones. With `tune`, it also prints the /growth
    constants fitted on the fit halves of those."""
    from index.evaluate import GUIDE
    from index.evaluate_levels import (
        about_figures,
        fit_about_floor,
        fit_contrast_floor,
        fit_growth,
        of_the_guide,
        read_growth,
    )

    expected = json.loads((folder / "levels.json").read_text("utf-8"))
    guides = [settings.corpus / GUIDE]
    files = [*(folder / name for name in expected), *guides]
    engine = ingested_engine(settings, encoder, files, settings.index_dir.parent / "eval-ladders")
    own = of_the_guide(guide_cases, [path.name for path in guides])
    ladder_cases = read_growth(folder / "growth.jsonl")
    short = read_growth(folder / "growth-short.jsonl")
    try:
        if tune:
            bar = fit_growth(engine.growth, engine.index, [(own, None), (ladder_cases, None)])
            print(f"/growth 'shown' bar fitted on the fit halves (index/data/growth.json): {bar}")
            floor = fit_about_floor(engine.growth, [(own, None), (ladder_cases, None), (short, None)])
            print(f"/growth 'about_floor' fitted on the fit halves (index/data/growth.json): {floor:.2f}")
            contrast = fit_contrast_floor(engine.growth, [(own, None), (ladder_cases, None), (short, None)])
            fitted = "none (no other work in the index)" if contrast is None else f"{contrast:.2f}"
            print(f"/growth 'contrast_floor' fitted on the fit halves (index/data/growth.json): {fitted}")
        texts = [*own, *ladder_cases, *read_growth(folder / "growth-heldout.jsonl"), *short]
        return (*ladder_eval_figures(engine, folder), about_figures(engine.growth, texts, unrelated))
    finally:
        engine.queries.close()


def eval_trials(settings: Settings, encoder: SentenceTransformerEncoder, data: Path) -> dict:  # type: ignore[type-arg]
    """Each new user's trial (index.evaluate.TRIALS) ingested on its own and asked the questions its user wrote."""
    from index.evaluate import TRIALS, trial_cases, trial_figures, trial_files

    figures = {}
    for name, within_doc in TRIALS.items():
        folder = data / name
        if not (folder / "questions.jsonl").is_file():  # a --questions set of its own has no trials beside it
            continue
        engine = ingested_engine(
            settings, encoder, trial_files(folder), settings.index_dir.parent / "eval-trials" / name
        )
        try:
            figures[name] = trial_figures(engine, trial_cases(folder / "questions.jsonl", within_doc))
        finally:
            engine.queries.close()
    return figures


def ladder_eval_figures(engine, folder: Path) -> tuple[list, list, list, list]:  # type: ignore[no-untyped-def,type-arg]
    """Search figures per fixture ladder, the ladder-pair mappings, growth plans and /ask's question forms, on
    an engine that holds them all."""
    from index.evaluate import form_figures, ladder_figures, read_jsonl, read_ladder_postings, read_questions
    from index.evaluate_levels import growth_figures, mapping_figures, read_growth

    expected = json.loads((folder / "levels.json").read_text("utf-8"))
    questions = read_questions(folder / "questions.jsonl")
    held_out = read_questions(folder / "questions-heldout.jsonl")
    postings = read_ladder_postings(folder / "postings")
    figures = ladder_figures(engine.searcher, engine.matcher, questions, held_out, postings, expected)
    pairs = json.loads((folder / "compare.json").read_text("utf-8"))
    growth_cases = [*read_growth(folder / "growth.jsonl"), *read_growth(folder / "growth-heldout.jsonl")]
    growing = growth_figures(engine.growth, engine.index, growth_cases, None)
    form_cases = [case for path in sorted(folder.glob("question_forms*.jsonl")) for case in read_jsonl(path)]
    forms = form_figures(lambda question: engine.ask(question)[0], form_cases)
    return figures, mapping_figures(engine.comparer, pairs), growing, forms


def print_tuning(engine, questions, postings, model) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import asdict

    from index.answer import FEATURES
    from index.evaluate import fit_matcher, tune

    ranked = tune(engine.searcher, questions)
    print("\nbest fusion parameters (index/data/fusion.json):")
    for metrics, params in ranked[:5]:
        print(f"  {metrics}  {asdict(params)}")
    fitted = {
        "weights": dict(zip(FEATURES, model.weights, strict=True)),
        "bias": model.bias,
        "domain": {"weight": model.domain_weight, "bias": model.domain_bias},
        "threshold": model.threshold,
    }
    print(f"\n/ask model fitted on the fit split (index/data/ask.json): {json.dumps(fitted)}")
    weights, cross_validated = fit_matcher(engine.matcher, postings)
    print(f"\nmatch weights (index/data/match.json): {weights}")
    print(f"leave-one-posting-out exact accuracy with refitted weights: {cross_validated}")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from concurrent.futures import ThreadPoolExecutor

    settings = index_to_serve(settings, args.ingest_into)
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

    from service.server import server_options

    host = args.host or settings.host
    port = args.port or settings.port
    limits = server_options(settings.request_timeout)
    tune_process()
    if args.workers > 1:
        # Each worker process builds its own app from the environment; uvicorn restarts one that dies.
        os.environ.update({"LADDER_HOST": host, "LADDER_PORT": str(port), "LADDER_INDEX_DIR": str(settings.index_dir)})
        uvicorn.run(
            "service.cli:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=args.workers,
            access_log=False,
            **limits,
        )
        return 0
    # uvicorn's access log is off: it costs a formatted line per request on the event loop.
    config = uvicorn.Config(
        create_app(settings, on_fatal=on_fatal, on_swap=freeze_loaded_objects, preload=preload),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        **limits,
    )
    server = uvicorn.Server(config)
    server.run()
    return EXIT_FAILED if failures else 0


def worker_app() -> FastAPI:
    """A worker process's app (`ladder serve --workers N`), its process tuned as `ladder serve` tunes its own."""
    from service.app import create_app
    from service.server import bound_requests

    settings = load_settings()
    bound_requests(settings.request_timeout)
    tune_process()
    one_blas_thread()
    return create_app(settings, on_swap=freeze_loaded_objects)


def preload_engine(settings: Settings) -> tuple[Engine, float]:
    """`prepare_engine`, imported on the loading thread, not the one importing the web stack."""
    from service.engine import prepare_engine

    return prepare_engine(settings)


# How long a thread may hold the GIL while another waits for it: the encoder threads need it for a
# moment around each (GIL-free) onnxruntime call, and Python's default of 5 ms would add that to it.
GIL_SWITCH_INTERVAL = 0.0005


def tune_process() -> None:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    limit_malloc_arenas()


def one_blas_thread() -> None:
    """A query's products are small, and a second BLAS thread waits for a core the encoder holds; with one, the
    sums run in one order, so the answers are the same on a machine of any number of cores."""
    import faiss  # noqa: F401  (threadpoolctl limits the libraries loaded: numpy's OpenBLAS and FAISS's own)
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def limit_malloc_arenas() -> None:
    """Two malloc arenas instead of eight a core: memory a burst of /match threads takes can be given back."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name and sys.platform.startswith("linux"):
        m_arena_max = -8
        ctypes.CDLL(name).mallopt(m_arena_max, 2)


def freeze_loaded_objects() -> None:
    """Move the loaded index out of the cyclic collector's way (a full collection walks every object).

    Called after each swap: on a reload, the previous index is collected first.
    """
    import gc

    if gc.get_freeze_count():  # not the first load, which has no garbage worth the collection's time
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def known_failures() -> tuple[type[Exception], ...]:
    """Errors `ladder` reports in one line, not a traceback (imported when needed: they bring numpy and faiss)."""
    from core.encoder import ModelError
    from index.store import IndexLoadError
    from ingest.guide import GuideError

    return (GuideError, IndexLoadError, ModelError)


def within(low: int, high: int) -> Callable[[str], int]:
    """An argument's type: a whole number from `low` to `high` ("--k 0" is told the range, not 50 choices)."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not in {low}-{high}")
        return value

    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ladder", description="Semantic search over career-ladder guides.")
    parser.add_argument("--debug", action="store_true", help="show a failure's traceback")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("ingest", help="parse the corpus, embed it and write the index")

    inspect = sub.add_parser("inspect", help="show how a guide file reads as a ladder, without ingesting it")
    inspect.add_argument("file")
    inspect.add_argument("--json", action="store_true", help="print JSON")

    search = sub.add_parser("search", help="search the guides")
    search.add_argument("query")
    search.add_argument("--k", type=within(1, 50), default=5, metavar="N", help="results (1-50)")
    search.add_argument(
        "--level", action="append", help="keep to a level: its number, short name or title (repeatable)"
    )
    search.add_argument("--section", action="append", choices=[s.value for s in Section])
    search.add_argument("--doc", help="keep to one guide file")
    search.add_argument("--category", action="append", help="keep to one of the ladder's own groupings (repeatable)")
    search.add_argument("--mode", type=str, choices=[m.value for m in Mode], default=Mode.HYBRID.value)
    search.add_argument("--json", action="store_true", help="print JSON")

    ask = sub.add_parser("ask", help="answer a question with one sentence of the guides")
    ask.add_argument("question")
    ask.add_argument("--k", type=within(1, 50), default=3, metavar="N", help="supporting results")
    ask.add_argument("--doc", help="keep to one guide file")
    ask.add_argument("--json", action="store_true", help="print JSON")

    match = sub.add_parser("match", help="match a job description to a level")
    match.add_argument("file", help="a text file with the posting, or - for standard input")
    match.add_argument("--k", type=within(0, 10), default=3, metavar="N", help="evidence per level")
    match.add_argument("--doc", help="the guide to match against")
    match.add_argument("--json", action="store_true", help="print JSON")

    compare = sub.add_parser("compare", help="map one ladder's levels onto another's, in order")
    compare.add_argument("source", metavar="FROM", help="the guide file to map")
    compare.add_argument("target", metavar="TO", help="the guide file to map it onto")
    compare.add_argument("--level", help="one level of FROM: its number or a name")
    compare.add_argument("--json", action="store_true", help="print JSON")

    nxt = sub.add_parser("next", help="what changes from a level to the next one")
    nxt.add_argument("doc", help="the guide file")
    nxt.add_argument("level", help="the level: its number, short name or title")
    nxt.add_argument("--json", action="store_true", help="print JSON")

    growth = sub.add_parser("growth", help="where a description of your work reads, and what the next level asks")
    growth.add_argument("file", help="a text file describing what you do today, or - for standard input")
    growth.add_argument("--doc", help="the ladder (default: the one the text reads closest to)")
    growth.add_argument("--k", type=within(1, 50), metavar="N", help="at most N gaps")
    growth.add_argument("--json", action="store_true", help="print JSON")

    evaluate = sub.add_parser("eval", help="measure retrieval quality on the labelled questions")
    evaluate.add_argument("--questions", default="tests/data/questions.jsonl")
    evaluate.add_argument("--postings", default="tests/data/postings", help="folder of labelled job postings")
    evaluate.add_argument("--ladders", default="tests/data/ladders", help="fixture ladders to measure ('' for none)")
    evaluate.add_argument(
        "--trials", default=True, action=argparse.BooleanOptionalAction, help="also ask new users' trials"
    )
    evaluate.add_argument("--out", default="var/eval.json", help="where to write the figures as JSON")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.add_argument("--tune", action="store_true", help="also search fusion parameters and refit /ask and /match")

    serve = sub.add_parser("serve", help="serve the HTTP API and search page")
    serve.add_argument("--host", help="default LADDER_HOST or 127.0.0.1")
    serve.add_argument("--port", type=within(1, 65535), help="default LADDER_PORT or 8000")
    serve.add_argument(
        "--ingest-into",
        type=Path,
        metavar="DIR",
        help="when the corpus differs from the index's, ingest it into DIR first and serve that",
    )
    serve.add_argument(
        "--workers",
        type=within(1, 16),
        default=1,
        metavar="N",
        help="processes (default 1; see docs/operations.md)",
    )
    return parser


COMMANDS = {
    "ingest": cmd_ingest,
    "inspect": cmd_inspect,
    "search": cmd_search,
    "ask": cmd_ask,
    "match": cmd_match,
    "compare": cmd_compare,
    "next": cmd_next,
    "growth": cmd_growth,
    "eval": cmd_eval,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("doc", "source", "target"):  # a guide named by its path, as a shell completes it
        if isinstance(given := getattr(args, name, None), str) and ("/" in given or os.sep in given):
            setattr(args, name, Path(given).name)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "faiss.loader"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if args.command != "ingest":  # an ingest's own products (a large index's training) use every core
        one_blas_thread()
    try:
        settings = load_settings()
        code = COMMANDS[args.command](args, settings)
        sys.stdout.flush()  # a pipe closed by now breaks here, not at exit
        return code
    except SettingsError as e:
        print(f"ladder: configuration: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `ladder search roadmap | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return EXIT_FAILED
    except Exception as e:
        if args.debug:
            raise
        if isinstance(e, known_failures()):
            print(f"ladder: {e}", file=sys.stderr)
        elif isinstance(e, OSError):
            print(f"ladder: {describe_os_error(e)}", file=sys.stderr)
        else:
            print(f"ladder: {type(e).__name__}: {e} (run again with --debug for the details)", file=sys.stderr)
        return EXIT_FAILED


def describe_os_error(error: OSError) -> str:
    """What went wrong with a file or folder, and what to do, in one line."""
    import errno

    where = f" {error.filename}" if error.filename else ""
    advice = {
        errno.ENOSPC: "the disk is full: free some space and run it again",
        errno.EDQUOT: "the disk quota is used up: free some space and run it again",
        errno.EROFS: "the file system is read-only: point LADDER_INDEX_DIR at a writable folder",
        errno.EACCES: "permission denied: make the folder writable for this user, or choose another",
        errno.EPERM: "not permitted: make the folder writable for this user, or choose another",
        errno.ENOENT: "no such file or folder: check LADDER_CORPUS and LADDER_INDEX_DIR",
    }.get(error.errno or 0, error.strerror or str(error))
    return f"cannot use{where}: {advice}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
