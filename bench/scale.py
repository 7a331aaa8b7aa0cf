"""`make bench-scale`: index build throughput, size, search latency and recall@10 at 10k, 100k and 1M passages.

Random unit vectors are a worst case no real corpus looks like, so the large
corpora are built from real embeddings: the guide's passages, their sentences
and clauses, the labelled questions and the sentences of the labelled job
postings are embedded once with the serving encoder (about 1,000 texts), and
each synthetic passage is one of them plus Gaussian noise (cosine about 0.9
to its source), normalised. Queries are other real questions, perturbed the
same way. Recall@10 is measured against exact (flat) search on the same
vectors. Passages are not embedded one by one (1M encodes would take hours
here): "ingest throughput" is the index build from vectors.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.evaluate import read_postings, read_questions  # noqa: E402
from index.match import posting_sentences  # noqa: E402
from index.store import FLAT_LIMIT, build_vectors, index_type_for  # noqa: E402
from ingest.embed import embedding_text  # noqa: E402
from service.engine import load_engine  # noqa: E402
from service.settings import load_settings  # noqa: E402

NOISE = 0.025  # per dimension: |noise| is about 0.49, cosine to the source about 0.9


def real_embeddings() -> tuple[np.ndarray, np.ndarray]:
    engine = load_engine(load_settings())
    index = engine.index
    texts = [embedding_text(p) for p in index.passages]
    texts += [embedding_text(p, span) for p, spans in zip(index.passages, index.spans, strict=True) for span in spans]
    for posting in read_postings(ROOT / "tests" / "data" / "postings"):
        texts += [s.text for s in posting_sentences(posting.text)]
    questions = [q.question for q in read_questions(ROOT / "tests" / "data" / "questions.jsonl")]
    base = engine.encoder.encode(texts + questions[::2])
    queries = engine.encoder.encode(questions[1::2])
    return base, queries


def synthesize(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        chunk = base[rng.integers(0, len(base), stop - start)] + rng.normal(0, NOISE, (stop - start, base.shape[1]))
        out[start:stop] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def measure(n: int, base: np.ndarray, queries: np.ndarray, rng: np.random.Generator) -> dict:
    vectors = synthesize(base, n, rng)
    q = synthesize(queries, 200, rng)
    kind = index_type_for(n)
    started = time.perf_counter()
    index = build_vectors(vectors, kind)
    build_s = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".faiss") as f:
        faiss.write_index(index, f.name)
        size_mb = Path(f.name).stat().st_size / 2**20
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(q, 10)
    latencies, recall = search(index, q, truth)
    sweep = {}
    if kind == "ivf":  # what each number of probed lists buys at this size (the shipped one is in the row)
        shipped = index.nprobe
        for nprobe in sorted({8, 16, 32, 64, shipped}):
            index.nprobe = nprobe
            lat, rec = search(index, q, truth)
            sweep[nprobe] = {"p50_ms": round(statistics.median(lat), 3), "recall_at_10": round(rec, 4)}
        index.nprobe = shipped
    return {
        "passages": n,
        "index_type": kind,
        "build_s": round(build_s, 2),
        "build_passages_per_s": round(n / build_s),
        "index_mb": round(size_mb, 1),
        "search_p50_ms": round(statistics.median(latencies), 3),
        "search_p99_ms": round(float(np.percentile(latencies, 99)), 3),
        "recall_at_10": round(float(recall), 4),
        "lists": index.nlist if kind == "ivf" else None,
        "nprobe": index.nprobe if kind == "ivf" else None,
        "nprobe_sweep": sweep,
    }


def search(index: faiss.Index, queries: np.ndarray, truth: np.ndarray) -> tuple[list[float], float]:
    latencies, found = [], []
    for row in queries:
        t = time.perf_counter()
        _, ids = index.search(row.reshape(1, -1), 10)
        latencies.append((time.perf_counter() - t) * 1000)
        found.append(ids[0])
    recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)]))
    return latencies, recall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--out", default=str(ROOT / "bench" / "scale.json"))
    args = parser.parse_args()
    faiss.omp_set_num_threads(2)
    rng = np.random.default_rng(0)
    base, queries = real_embeddings()
    print(f"{len(base)} real embeddings as sources, {len(queries)} real questions as query sources")
    print(f"flat (exact) up to {FLAT_LIMIT:,} passages, IVF beyond\n")
    header = f"{'passages':>10}{'index':>7}{'build s':>9}{'passages/s':>12}{'MiB':>8}"
    print(header + f"{'p50 ms':>9}{'p99 ms':>9}{'recall@10':>11}")
    rows = []
    for n in args.sizes:
        r = measure(n, base, queries, rng)
        rows.append(r)
        print(
            f"{r['passages']:>10,}{r['index_type']:>7}{r['build_s']:>9.1f}{r['build_passages_per_s']:>12,}"
            f"{r['index_mb']:>8.0f}{r['search_p50_ms']:>9.3f}{r['search_p99_ms']:>9.3f}{r['recall_at_10']:>11.4f}",
            flush=True,
        )
        for nprobe, m in r["nprobe_sweep"].items():
            shipped = " (shipped)" if nprobe == r["nprobe"] else ""
            print(
                f"{'':>10}{'':>7}  {nprobe:>3} of {r['lists']:,} lists: p50 {m['p50_ms']:.3f} ms, "
                f"recall@10 {m['recall_at_10']:.4f}{shipped}"
            )
    Path(args.out).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
