"""`make bench-scale`: the dense index at 10k, 100k and every real text available, built from real text.

The corpora are the docstrings of the packages installed in `.venv` (every
machine that runs ladder has them): each paragraph of five words or more,
deduplicated, embedded with the served encoder (cached in var/bench-scale/
after the first run). 1,000 paragraphs are held out as queries, so no query
is in the index. For each size: the build (an inverted file above 20,000
passages, its probes chosen by the build), its size on disk, search latency,
and recall@10 against exact search, without a filter and with one that admits
a tenth of the passages. Last, how long a load takes to choose each ladder's background of other work
(index/other_work.py) when the passages are split into 20 ladders.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.encoder import ENCODER_DIR, FLOAT_MODEL  # noqa: E402
from index import read_data  # noqa: E402
from index.dense import FLAT_LIMIT, FaissIndex, Segments, build_vectors  # noqa: E402
from index.other_work import OtherWork  # noqa: E402
from index.store import LadderIndex, load_index  # noqa: E402
from service.engine import load_engine  # noqa: E402
from service.settings import load_settings  # noqa: E402

CACHE = ROOT / "var" / "bench-scale"
QUERIES = 1_000
MAX_CHARS = 400  # about a passage's length
LADDERS = 20  # the passages are split into this many ladders to time the choice of their backgrounds


def docstring_paragraphs() -> list[str]:
    """Every distinct docstring paragraph of five words or more in the installed packages, in a fixed order."""
    cached = CACHE / "texts.json"
    if cached.exists():
        return json.loads(cached.read_text("utf-8"))
    texts: set[str] = set()
    for path in sorted(Path(sysconfig.get_paths()["purelib"]).rglob("*.py")):
        try:
            tree = ast.parse(path.read_text("utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                for paragraph in re.split(r"\n\s*\n", ast.get_docstring(node) or ""):
                    text = " ".join(paragraph.split())
                    if len(text.split()) >= 5 and len(text) <= MAX_CHARS and not text.startswith((">>>", "..", ":")):
                        texts.add(text)
    ordered = sorted(texts)
    np.random.default_rng(0).shuffle(ordered)  # type: ignore[arg-type]
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(ordered), "utf-8")
    return ordered


def embeddings(texts: list[str]) -> np.ndarray:
    """The texts embedded by the served encoder (the ONNX export of the index in LADDER_INDEX_DIR)."""
    engine = load_engine(load_settings())
    model = engine.index.manifest.files.get(f"{ENCODER_DIR}/{FLOAT_MODEL}", "torch")
    key = hashlib.sha256(("\n".join(texts) + model).encode()).hexdigest()[:16]
    cached = CACHE / f"vectors-{key}.npy"
    if cached.exists():
        engine.queries.close()
        return np.load(cached)
    started = time.perf_counter()
    chunks = []
    for start in range(0, len(texts), 4096):
        chunks.append(engine.queries.lone.encode(texts[start : start + 4096]))
        print(f"  embedded {start + len(chunks[-1]):,} of {len(texts):,}", end="\r", flush=True)
    engine.queries.close()
    vectors = np.vstack(chunks)
    print(f"  embedded {len(texts):,} texts in {time.perf_counter() - started:.0f} s")
    np.save(cached, vectors)
    return vectors


def background_s(dense: FaissIndex, texts: list[str], served: LadderIndex) -> float:
    """Seconds to choose every ladder's background of other work among the served index's task lines."""
    passages = [SimpleNamespace(text=text) for text in texts]
    index = SimpleNamespace(
        dense=dense, passages=passages, other_work=served.other_work, other_work_owners=served.other_work_owners
    )
    ladders = {str(n): part for n, part in enumerate(np.array_split(np.arange(len(texts)), LADDERS))}
    started = time.perf_counter()
    OtherWork.of(cast(LadderIndex, index), ladders, read_data("fusion.json")["segment_weight"])
    return time.perf_counter() - started


def measure(vectors: np.ndarray, texts: list[str], queries: np.ndarray, served: LadderIndex) -> dict:
    started = time.perf_counter()
    built = build_vectors(vectors)
    build_s = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".faiss") as f:
        faiss.write_index(built.index, f.name)
        size_mb = Path(f.name).stat().st_size / 2**20
    dense = FaissIndex(built.index, None)  # type: ignore[arg-type]  # nearest() needs no segments
    tenth = np.flatnonzero(np.arange(len(vectors)) % 10 == 0)
    row = {
        "passages": len(vectors),
        "kind": built.kind,
        "build_s": round(build_s, 2),
        "index_mb": round(size_mb, 1),
        "nprobe": built.nprobe,
        "lists": built.index.nlist if built.kind == "ivf" else None,
        "build_recall_at_10": built.recall_at_10,
    }
    for name, allowed in (("", None), ("filtered_", tenth)):
        pool = np.arange(len(vectors)) if allowed is None else allowed
        _, truth = faiss.knn(queries, vectors[pool], 10, metric=faiss.METRIC_INNER_PRODUCT)
        latencies, found = [], 0
        for q, expected in zip(queries, truth, strict=True):
            t = time.perf_counter()
            ids = dense.query(q).nearest(10, allowed)
            latencies.append((time.perf_counter() - t) * 1000)
            found += len(set(ids.tolist()) & set(pool[expected].tolist()))
        row[f"{name}p50_ms"] = round(statistics.median(latencies), 3)
        row[f"{name}p99_ms"] = round(float(np.percentile(latencies, 99)), 3)
        row[f"{name}recall_at_10"] = round(found / (10 * len(queries)), 4)
    one_segment_each = Segments(vectors, np.arange(len(vectors) + 1))  # the bench's passages are one sentence
    row["background_s"] = round(background_s(FaissIndex(built.index, one_segment_each), texts, served), 2)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 0], help="0: every text")
    parser.add_argument("--out", default=str(ROOT / "bench" / "scale.json"))
    args = parser.parse_args()
    faiss.omp_set_num_threads(2)
    texts = docstring_paragraphs()
    vectors = embeddings(texts)
    queries, corpus = vectors[:QUERIES], vectors[QUERIES:]
    served = load_index(load_settings().index_dir)
    print(f"{len(corpus):,} docstring paragraphs of the installed packages, {QUERIES:,} more as queries")
    print(f"flat (exact) up to {FLAT_LIMIT:,} passages, an inverted file beyond\n")
    print(
        f"{'passages':>10}{'index':>7}{'probes':>12}{'build s':>9}{'MiB':>7}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'recall@10':>11}{'filtered':>10}{'p50 ms':>8}{'background s':>14}"
    )
    rows = []
    for n in args.sizes:
        size = n or len(corpus)
        r = measure(corpus[:size], texts[QUERIES : QUERIES + size], queries, served)
        rows.append(r)
        probes = f"{r['nprobe']}/{r['lists']:,}" if r["nprobe"] else "-"
        print(
            f"{r['passages']:>10,}{r['kind']:>7}{probes:>12}{r['build_s']:>9.1f}{r['index_mb']:>7.0f}"
            f"{r['p50_ms']:>8.3f}{r['p99_ms']:>8.3f}{r['recall_at_10']:>11.4f}"
            f"{r['filtered_recall_at_10']:>10.4f}{r['filtered_p50_ms']:>8.3f}{r['background_s']:>14.2f}",
            flush=True,
        )
    Path(args.out).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
