"""`make fleet`: three `ladder serve` replicas on one index behind HAProxy (deploy/haproxy.cfg), under load.

With 16 connections searching distinct questions through HAProxy, three phases:

1. rolling reload: a new corpus is ingested into the shared index folder, then
   each replica is reloaded in turn (POST /admin/reload); at the end every
   replica must answer from the new index;
2. lost replica: one replica is killed (SIGKILL) and restarted; HAProxy's
   stats say when it went out of rotation and when it came back;
3. 1 replica against 3, side by side.

Failed requests (non-2xx and socket errors), p50, p99 and requests/s per phase
go to the screen and to bench/fleet.json.

Kubernetes gives each pod its own CPU cgroup, so a restarting replica gets its
share of the cores however many threads its busy siblings run. Where the
cgroup v1 cpu controller is writable (root on this machine), each replica,
the load (wrk and HAProxy) and the ingest get such a cgroup with equal shares;
elsewhere all processes share the cores thread by thread. fleet.json says which.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import free_port, parse_wrk, questions, start, wait_http

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LADDER = str(ROOT / ".venv" / "bin" / "ladder")
TOKEN = "fleet-admin-token-0123456789"
CONNECTIONS = 16
NEW_GUIDE = ROOT / "tests" / "data" / "ladders" / "pm-competency-matrix.xlsx"


CPU_CGROUPS = Path("/sys/fs/cgroup/cpu")


class Pods:
    """One CPU cgroup (equal shares) per named process group, as Kubernetes gives each pod; or none."""

    def __init__(self, names: list[str]) -> None:
        self.root = CPU_CGROUPS / f"ladder-fleet-{os.getpid()}"
        self.names = names
        self.enabled = False
        if not (CPU_CGROUPS / "cpu.shares").is_file():  # no cgroup v1 cpu controller here
            return
        try:
            self.root.mkdir()
            for name in names:
                (self.root / name).mkdir()
            self.enabled = True
        except OSError:
            self.remove()

    def join(self, name: str, process: subprocess.Popen) -> None:
        if not self.enabled:
            return
        try:
            (self.root / name / "cgroup.procs").write_text(str(process.pid))
        except OSError:
            process.kill()
            process.wait()
            raise

    def remove(self) -> None:
        """Called once every process has stopped (a cgroup with a process in it cannot be removed)."""
        for group in [*(self.root / name for name in self.names), self.root]:
            try:
                group.rmdir()
            except FileNotFoundError:
                pass
            except OSError as e:
                print(f"cannot remove the cgroup {group}: {e}", file=sys.stderr)


class Fleet:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.corpus = work / "corpus"
        self.corpus.mkdir()
        shutil.copy(ROOT / "corpus" / "pm-career-path.txt", self.corpus)
        self.index = work / "index"
        self.env = {"LADDER_CORPUS": str(self.corpus), "LADDER_INDEX_DIR": str(self.index), "LADDER_ADMIN_TOKEN": TOKEN}
        self.ports = [free_port() for _ in range(3)]
        self.replicas: list[subprocess.Popen | None] = [None, None, None]
        self.port = free_port()
        self.socket = work / "haproxy.sock"
        self.haproxy: subprocess.Popen | None = None
        self.pods = Pods(["r1", "r2", "r3", "load", "ingest"])

    def ingest(self) -> None:
        """`ladder ingest` as a pod of its own (a Job, on a cluster)."""
        command = [LADDER, "ingest"]
        ingest = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **self.env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.pods.join("ingest", ingest)
        out, _ = ingest.communicate()
        if ingest.returncode != 0:
            raise subprocess.CalledProcessError(ingest.returncode, command, out)

    def start_replica(self, i: int) -> None:
        command = [LADDER, "serve", "--port", str(self.ports[i])]
        self.replicas[i] = start(command, self.env, self.work / f"r{i + 1}.log")
        self.pods.join(f"r{i + 1}", self.replicas[i])

    def start(self) -> None:
        self.ingest()
        for i in range(3):
            self.start_replica(i)
        for port in self.ports:
            wait_http(f"http://127.0.0.1:{port}/readyz")
        env = {
            "LADDER_FLEET_PORT": str(self.port),
            "LADDER_FLEET_SOCKET": str(self.socket),
            **{f"LADDER_FLEET_R{i + 1}": str(p) for i, p in enumerate(self.ports)},
        }
        self.haproxy = start(["haproxy", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")], env, self.work / "ha.log")
        self.pods.join("load", self.haproxy)
        wait_http(f"http://127.0.0.1:{self.port}/readyz")
        self.wait_status(lambda s: all(v == "UP" for v in s.values()), 10)

    def admin(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(str(self.socket))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def status(self) -> dict[str, str]:
        """Each replica's state as HAProxy sees it (UP, DOWN, MAINT, ...)."""
        rows = [line.split(",") for line in self.admin("show stat").splitlines() if line.startswith("replicas,r")]
        return {row[1]: row[17].split()[0] for row in rows}

    def served(self) -> dict[str, int]:
        rows = [line.split(",") for line in self.admin("show stat").splitlines() if line.startswith("replicas,r")]
        return {row[1]: int(row[7]) for row in rows}  # stot: sessions each replica has taken

    def wait_status(self, condition, timeout: float) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if condition(self.status()):
                return time.perf_counter() - started
            time.sleep(0.05)
        raise RuntimeError(f"HAProxy did not reach the expected state in {timeout}s: {self.status()}")

    def reload(self, i: int) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.ports[i]}/admin/reload",
            method="POST",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200, response.status

    def passages(self, i: int) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ports[i]}/readyz", timeout=5) as response:
            return json.loads(response.read())["passages"]

    def stop(self) -> None:
        for process in [self.haproxy, *self.replicas]:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wrk_command(url: str, seconds: int) -> list[str]:
    command = ["wrk", "--latency", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    return [*command, "-s", str(BENCH / "wrk_queries.lua"), url]


def wrk_env(queries_file: Path, salt: str) -> dict:
    return {**os.environ, "BENCH_QUERIES": str(queries_file), "BENCH_PATH": "/search?k=5&q=", "BENCH_SALT": salt}


def start_wrk(url: str, seconds: int, queries_file: Path, salt: str, pods: Pods) -> subprocess.Popen:
    command, env = wrk_command(url, seconds), wrk_env(queries_file, salt)
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    pods.join("load", wrk)
    return wrk


def load(url: str, seconds: int, queries_file: Path, salt: str, pods: Pods) -> dict:
    wrk = start_wrk(url, seconds, queries_file, salt, pods)
    out, err = wrk.communicate()
    if wrk.returncode != 0:
        raise RuntimeError(f"wrk failed ({wrk.returncode}): {err}")
    return parse_wrk(out)


def during(url: str, queries_file: Path, salt: str, pods: Pods, action) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    """Load from 2 s before `action` until 2 s after it ends; wrk's figures and what the action returned."""
    wrk = start_wrk(url, 3600, queries_file, salt, pods)
    started = time.perf_counter()
    try:
        time.sleep(2)
        started = time.perf_counter()
        result = action()
    finally:
        took = time.perf_counter() - started
        time.sleep(2)
        wrk.send_signal(signal.SIGINT)  # wrk stops and prints its figures
        try:
            out, _ = wrk.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            wrk.kill()
            wrk.wait()
            raise
    return parse_wrk(out), {**result, "action_s": round(took, 1)}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ladder-fleet-") as tmp:
        work = Path(tmp)
        queries_file = work / "queries.txt"
        queries_file.write_text("\n".join(urllib.parse.quote(q) for q in questions()) + "\n")
        fleet = Fleet(work)
        try:
            fleet.start()
            url = f"http://127.0.0.1:{fleet.port}"
            results: dict = {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
                "command": "make fleet",
                "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "connections": CONNECTIONS,
                "cpu_cgroup_per_replica": fleet.pods.enabled,
            }

            def rolling() -> dict:
                before = [fleet.passages(i) for i in range(3)]
                shutil.copy(NEW_GUIDE, fleet.corpus)
                fleet.ingest()
                for i in range(3):
                    fleet.reload(i)
                    time.sleep(1)
                after = [fleet.passages(i) for i in range(3)]
                return {"passages_before": before, "passages_after": after}

            wrk_rolling, rolled = during(url, queries_file, "roll", fleet.pods, rolling)
            new_count = json.loads((fleet.index / "manifest.json").read_text())["count"]
            results["rolling_reload"] = {**wrk_rolling, **rolled, "new_index_passages": new_count}

            def lose() -> dict:
                victim = fleet.replicas[1]
                assert victim is not None
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                off = fleet.wait_status(lambda s: s["r2"].startswith("DOWN"), 10)
                time.sleep(3)
                fleet.start_replica(1)
                restarted = time.perf_counter()
                wait_http(f"http://127.0.0.1:{fleet.ports[1]}/readyz")
                ready = time.perf_counter() - restarted
                taken = fleet.served()["r2"]
                back = fleet.wait_status(lambda s: s["r2"] == "UP", 20) + ready
                deadline = time.perf_counter() + 10
                while fleet.served()["r2"] == taken and time.perf_counter() < deadline:
                    time.sleep(0.05)
                serving = time.perf_counter() - restarted
                return {
                    "out_of_rotation_s": round(off, 2),
                    "restart_to_ready_s": round(ready, 2),
                    "restart_to_up_s": round(back, 2),
                    "restart_to_first_request_s": round(serving, 2),
                }

            wrk_lost, lost = during(url, queries_file, "lost", fleet.pods, lose)
            results["lost_replica"] = {**wrk_lost, **lost}

            for name in ("r2", "r3"):
                fleet.admin(f"disable server replicas/{name}")
            results["one_replica"] = load(url, 15, queries_file, "one", fleet.pods)
            for name in ("r2", "r3"):
                fleet.admin(f"enable server replicas/{name}")
            fleet.wait_status(lambda s: all(v == "UP" for v in s.values()), 10)
            results["three_replicas"] = load(url, 15, queries_file, "three", fleet.pods)
        finally:
            fleet.stop()
            fleet.pods.remove()
    print(table(results))
    out = BENCH / "fleet.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    rolling, lost = results["rolling_reload"], results["lost_replica"]
    # Lost or wrong answers fail the run; times are measured and reported against their targets.
    ok = (
        rolling["errors"] == 0
        and lost["errors"] == 0
        and set(rolling["passages_after"]) == {rolling["new_index_passages"]}
    )
    return 0 if ok else 1


def table(results: dict) -> str:
    lines = [
        f"machine: {results['machine']}; {results['connections']} connections searching through HAProxy; "
        + ("a CPU cgroup per replica, as pods have" if results["cpu_cgroup_per_replica"] else "no CPU cgroups"),
        "",
        f"{'phase':<28}{'failed':>8}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}",
    ]
    for key, label in (
        ("rolling_reload", "rolling reload (3 replicas)"),
        ("lost_replica", "one replica killed"),
        ("one_replica", "1 replica"),
        ("three_replicas", "3 replicas"),
    ):
        r = results[key]
        lines.append(f"{label:<28}{r['errors']:>8}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['rps']:>9.0f}")
    rolling, lost = results["rolling_reload"], results["lost_replica"]
    lines += [
        "",
        f"rolling reload: passages per replica {rolling['passages_before']} -> {rolling['passages_after']} "
        f"(new index: {rolling['new_index_passages']})",
        f"killed replica: out of rotation {lost['out_of_rotation_s']} s after SIGKILL "
        f"({'met' if lost['out_of_rotation_s'] <= 2 else 'MISSED'}: target 2 s); restarted, ready in "
        f"{lost['restart_to_ready_s']} s, back in rotation {lost['restart_to_up_s']} s after the restart "
        f"({'met' if lost['restart_to_up_s'] <= 5 else 'MISSED'}: target 5 s), "
        f"first request {lost['restart_to_first_request_s']} s after it",
        f"3 replicas / 1 replica on {os.cpu_count()} cores: "
        f"{results['three_replicas']['rps'] / results['one_replica']['rps']:.2f}x requests/s",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
