"""`make image-test`: the image run as a platform team would run it, read-only, and checked.

1. Start to /readyz: how long (the target is 2 s), and the HEALTHCHECK's verdict.
2. A search, and the same answers as the local index (`make serve`) on every labelled question.
3. The user is not root, and the root file system cannot be written.
4. A corpus mounted over the baked one is ingested at start, with one log line saying so.
5. SIGTERM stops it gracefully (exit code 0).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Container:
    def __init__(self, engine: list[str], run_flags: list[str], image: str, extra: list[str] | None = None) -> None:
        self.engine = engine
        self.port = free_port()
        command = [*engine, "run", "-d", "--read-only", *run_flags, "-e", f"LADDER_PORT={self.port}"]
        command += [*(extra or []), image]
        self.started = time.perf_counter()
        self.id = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120) -> float:
        while time.perf_counter() - self.started < timeout:
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"not ready in {timeout} s:\n{self.logs()}")

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.loads(response.read())

    def exec(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.engine, "exec", self.id, *command], capture_output=True, text=True)

    def logs(self) -> str:
        result = subprocess.run([*self.engine, "logs", self.id], capture_output=True, text=True)
        return result.stdout + result.stderr

    def stop(self) -> int:
        subprocess.run([*self.engine, "stop", "-t", "20", self.id], capture_output=True, check=True)
        code = subprocess.run(
            [*self.engine, "inspect", "-f", "{{.State.ExitCode}}", self.id], capture_output=True, text=True
        )
        subprocess.run([*self.engine, "rm", "-f", self.id], capture_output=True)
        return int(code.stdout.strip() or -1)


def same_answers(container: Container) -> tuple[float, float, int]:
    """Hit@1 of the container and of the local index on the labelled questions, and how many top 5s differ."""
    sys.path.insert(0, str(ROOT))
    from index.evaluate import read_questions, target_id
    from service.engine import load_engine
    from service.settings import load_settings

    engine = load_engine(load_settings())
    questions = read_questions(QUESTIONS)
    hits_here = hits_there = differ = 0
    for label in questions:
        want = target_id(label, engine.index.passages)
        here = [h.passage.id for h in engine.search(label.question, 5)]
        query = urllib.parse.urlencode({"q": label.question, "k": 5})
        there = [r["id"] for r in container.get(f"/search?{query}")["results"]]
        hits_here += bool(here) and here[0] == want
        hits_there += bool(there) and there[0] == want
        differ += here != there
    engine.queries.close()
    return hits_here / len(questions), hits_there / len(questions), differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="podman")
    parser.add_argument("--run-flags", default="")
    parser.add_argument("--image", default="localhost/ladder:latest")
    args = parser.parse_args()
    engine, flags = shlex.split(args.engine), shlex.split(args.run_flags)
    failures: list[str] = []

    def check(ok: bool, what: str) -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    container = Container(engine, flags, args.image)
    try:
        ready = container.wait_ready()
        check(ready <= 2.0, f"ready {ready:.2f} s after `run` (target 2 s)")
        hits = container.get("/search?q=who+writes+the+PRDs&k=1")["results"]
        check(hits[0]["level"]["short"] == "APM", f"a search: 'who writes the PRDs' -> {hits[0]['level']['short']}")
        here, there, differ = same_answers(container)
        check(
            here == there and differ == 0,
            f"same answers as the local index: hit@1 {there:.3f} vs {here:.3f}, {differ} of the top 5s differ",
        )
        user = container.exec("python3", "-c", "import os; print(os.getuid())").stdout.strip()
        check(user not in ("", "0"), f"runs as user {user}, not root")
        write = container.exec("python3", "-c", "open('/app/written', 'w')")
        check(write.returncode != 0 and "Read-only file system" in write.stderr, "the root file system is read-only")
        health = subprocess.run([*engine, "healthcheck", "run", container.id], capture_output=True, text=True)
        if engine[0].endswith("podman"):
            check(health.returncode == 0, "HEALTHCHECK on /readyz passes")
        torch = container.exec("python3", "-c", "import torch")
        check(torch.returncode != 0 and "No module named 'torch'" in torch.stderr, "the service runs without torch")
        logs = container.logs()
        check("ingesting" not in logs, "the baked index is served (no ingest at start)")
    finally:
        code = container.stop()
    check(code == 0, f"SIGTERM: stopped gracefully, exit code {code}")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        shutil.copy(ROOT / "corpus" / "pm-career-path.txt", corpus)
        shutil.copy(ROOT / "tests" / "data" / "ladders" / "developer-wiki.md", corpus)
        corpus.chmod(0o755)
        mounted = Container(engine, flags, args.image, ["-v", f"{corpus}:/app/corpus:ro"])
        try:
            ready = mounted.wait_ready()
            ladders = [ladder["doc"] for ladder in mounted.get("/levels")["ladders"]]
            check(ladders == ["developer-wiki.md", "pm-career-path.txt"], f"a mounted corpus is served: {ladders}")
            lines = [line for line in mounted.logs().splitlines() if "ingesting it into" in line]
            check(len(lines) == 1, f"one log line says so ({ready:.1f} s to ready): {lines[0] if lines else None}")
        finally:
            mounted.stop()
    print("image-test:", "passed" if not failures else f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
