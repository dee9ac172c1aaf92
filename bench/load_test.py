"""Nothing lost: 50 candidates submit answers for 60 s against the scale setup.

PostgreSQL and Redis (Debian packages) start on loopback ports, gunicorn serves the app with
several workers, a Huey consumer scores from Redis, and the LLM judge is the loopback fake
failing 30% of calls. Mid-run one gunicorn worker and the Huey consumer are killed with
SIGKILL (the consumer is restarted). Afterwards every answer a candidate saw accepted must be
stored and scored (LLM or labelled fallback), and no response may be a 5xx.

    .venv/bin/python bench/load_test.py --users 50 --seconds 60
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
from common import (
    ROOT,
    VENV_BIN,
    Client,
    Proc,
    app_env,
    command_line,
    flask,
    free_port,
    machine,
    now_utc,
    wait_port,
    write_section,
)
from http_bench import PASSWORD, create_missing_tables


class Stats:
    """What the virtual candidates saw, shared between their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: Counter[int] = Counter()
        self.accepted: set[int] = set()
        self.retries = 0
        self.latencies: list[float] = []

    def record(self, status: int, seconds: float | None = None) -> None:
        with self.lock:
            self.status[status] += 1
            if seconds is not None:
                self.latencies.append(seconds)


def start_postgres(work: Path) -> tuple[str, str]:
    port = free_port()
    out = subprocess.run(["bash", ".ci/postgres.sh"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PGPORT_TEST": str(port)}, check=True, timeout=120)
    pg_dir, url = out.stdout.split()
    return pg_dir, url


def candidate(n: int, base: str, qids: list[str], deadline: float, stats: Stats) -> None:
    """One candidate: pick a question, open it, submit, look at the result, think, repeat."""
    rng = random.Random(n)  # noqa: S311 - not secret
    client = None
    while time.monotonic() < deadline:
        try:
            client = client or Client(base).login(f"candidate{n}@seed.example.com", PASSWORD)
            one_answer(client, rng.choice(qids), stats)
        except OSError:  # a killed worker drops its connections; the candidate tries again
            with stats.lock:
                stats.retries += 1
        time.sleep(rng.uniform(0.5, 1.5))


def one_answer(client: Client, qid: str, stats: Stats) -> None:
    token = client.csrf("/practice/")
    status, _, headers = client.request("POST", "/practice/pick",
                                        {"csrf_token": token, "question_id": qid})
    stats.record(status)
    item = re.search(r"/practice/sessions/(\d+)", headers.get("Location", ""))
    if not item:
        return
    status, _, headers = client.request("GET", f"/practice/sessions/{item.group(1)}")
    stats.record(status)
    iid = re.search(r"/practice/items/(\d+)", headers.get("Location", "")).group(1)
    token = client.csrf(f"/practice/items/{iid}")
    answer = ("I would clarify the objective, build a baseline, choose offline metrics that "
              "match the product goal, run an A/B test and monitor drift after launch.")
    submit_until_accepted(client, iid, token, answer, stats)


def submit_until_accepted(client: Client, iid: str, token: str, answer: str,
                          stats: Stats) -> None:
    """Retry on dropped connections: a second submit of the same item returns the first."""
    for _ in range(5):
        start = time.monotonic()
        try:
            status, _, headers = client.request("POST", f"/practice/items/{iid}/submit",
                                                {"csrf_token": token, "answer": answer})
        except OSError:
            with stats.lock:
                stats.retries += 1
            continue
        stats.record(status, time.monotonic() - start)
        aid = re.search(r"/practice/attempts/(\d+)", headers.get("Location", ""))
        if aid:
            with stats.lock:
                stats.accepted.add(int(aid.group(1)))
            status, _, _ = client.request("GET", aid.group(0))
            stats.record(status)
        return


def gunicorn_worker(master: int) -> int | None:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True,
                         check=False)
    pids = [int(p) for p in out.stdout.split()]
    return pids[0] if pids else None


def chaos(seconds: int, master: Proc, start_worker, holder: dict, log: list[str]) -> None:
    """Kill a gunicorn worker at 1/3 of the run; kill and restart the consumer at 1/2."""
    time.sleep(seconds / 3)
    pid = gunicorn_worker(master.pid)
    if pid:
        os.kill(pid, signal.SIGKILL)
        log.append(f"t={seconds // 3}s: SIGKILL gunicorn worker {pid} (gunicorn respawns it)")
    time.sleep(seconds / 2 - seconds / 3)
    holder["worker"].stop(signal.SIGKILL)
    log.append(f"t={seconds // 2}s: SIGKILL the Huey consumer (in-flight scoring lost)")
    time.sleep(3)
    holder["worker"] = start_worker()
    log.append(f"t={seconds // 2 + 3}s: Huey consumer restarted")


def wait_scored(url: str, accepted: set[int], timeout: float) -> dict[str, int]:
    """Poll the database until every attempt is scored or the time is up."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(dsn) as conn:
            rows = dict(conn.execute(
                "SELECT a.id, s.scorer FROM attempts a LEFT JOIN scores s ON s.attempt_id = a.id"
                " WHERE a.answer LIKE 'I would clarify the objective%'").fetchall())
        unscored = [a for a, scorer in rows.items() if scorer is None]
        if (not unscored and accepted <= rows.keys()) or time.monotonic() > deadline:
            scorers = Counter(s for s in rows.values() if s)
            return {"stored": len(rows), "unscored": len(unscored),
                    "missing": len(accepted - rows.keys()), **scorers}
        time.sleep(2)


def run(args: argparse.Namespace, work: Path) -> tuple[Stats, dict, list[str], float]:
    pg_dir, url = start_postgres(work)
    procs: list[Proc] = []
    holder: dict = {}
    try:
        redis_port, llm_port, web_port = free_port(), free_port(), free_port()
        procs.append(Proc(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                           "--save", "", "--appendonly", "no"], dict(os.environ),
                          work / "redis.log"))
        procs.append(Proc([str(VENV_BIN / "python"), "-m", "tests.fake_llm", "--port",
                           str(llm_port), "--fail-rate", str(args.fail_rate)],
                          dict(os.environ), work / "llm.log"))
        env = app_env(work, DATABASE_URL=url, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
                      LLM_BASE_URL=f"http://127.0.0.1:{llm_port}/v1", LLM_MODEL="fake-judge",
                      LLM_API_KEY="bench", LLM_TIMEOUT="10", SCORING_GRACE_SECONDS="20")
        wait_port(redis_port)
        wait_port(llm_port)
        flask(env, "db", "upgrade")
        create_missing_tables(env)
        flask(env, "bank", "load")
        flask(env, "dev", "seed", "--candidates", str(args.users), "--coaches", "2",
              "--attempts", "2000", "--heavy-attempts", "0")
        qids = question_ids(url)

        def start_worker() -> Proc:
            return Proc([str(VENV_BIN / "python"), "-m", "interview.worker"], env,
                        work / "huey.log")

        holder["worker"] = start_worker()
        master = Proc([str(VENV_BIN / "gunicorn"), "-w", str(args.workers), "-b",
                       f"127.0.0.1:{web_port}", "--access-logfile", "/dev/null",
                       "--error-logfile", "-", "wsgi:app"], env, work / "gunicorn.log")
        procs.append(master)
        wait_port(web_port)
        stats, events = Stats(), []
        base = f"http://127.0.0.1:{web_port}"
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=candidate, args=(n, base, qids, deadline, stats))
                   for n in range(args.users)]
        threads.append(threading.Thread(target=chaos, args=(args.seconds, master, start_worker,
                                                            holder, events)))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        start = time.monotonic()
        outcome = wait_scored(url, stats.accepted, args.drain)
        return stats, outcome, events, time.monotonic() - start
    finally:
        if "worker" in holder:
            holder["worker"].stop()
        for proc in reversed(procs):
            proc.stop()
        subprocess.run(["bash", ".ci/postgres.sh", "stop", pg_dir], cwd=ROOT, check=False)


def question_ids(url: str) -> list[str]:
    """Non-coding questions (coding answers also go through the sandbox, benched apart)."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        return [r[0] for r in conn.execute(
            "SELECT id FROM questions WHERE NOT retired AND kind <> 'coding'")]


def report(args, stats: Stats, outcome: dict, events: list[str], drain: float) -> str:
    lat = sorted(stats.latencies) or [0.0]
    five = sum(n for s, n in stats.status.items() if s >= 500)
    ok = five == 0 and outcome["missing"] == 0 and outcome["unscored"] == 0
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(stats.status.items()))
    lines = [
        f"- Date: {now_utc()}", f"- Machine: {machine()}", f"- Command: `{command_line()}`",
        f"- Setup: PostgreSQL 15 + Redis on loopback, gunicorn {args.workers} sync workers, "
        "worker `python -m interview.worker` (LLM_CONCURRENCY + CPU_CONCURRENCY threads), "
        f"fake LLM failing {args.fail_rate:.0%} of calls; "
        f"{args.users} candidates for {args.seconds} s, 0.5-1.5 s think time.",
        *[f"- {e}" for e in events], "",
        "| Measure | Value |", "|---|---|",
        f"| Answers accepted (redirected to their result) | {len(stats.accepted)} |",
        f"| Answers stored in the database | {outcome['stored']} |",
        f"| Accepted but missing from the database | {outcome['missing']} |",
        f"| Stored but not scored after the drain | {outcome['unscored']} |",
        f"| Scored by the LLM judge / labelled fallback | {outcome.get('llm', 0)} / "
        f"{outcome.get('fallback', 0)} |",
        f"| Time to drain the scoring queue after the run | {drain:.0f} s |",
        f"| Submit latency p50 / p95 | {lat[len(lat) // 2] * 1000:.0f} ms / "
        f"{lat[int(len(lat) * 0.95)] * 1000:.0f} ms |",
        f"| HTTP statuses seen | {statuses} |",
        f"| 5xx responses | {five} |",
        f"| Dropped connections retried (killed worker) | {stats.retries} |",
        f"| Verdict | {'nothing lost, zero 5xx' if ok else 'FAILED'} |",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--fail-rate", type=float, default=0.3)
    ap.add_argument("--drain", type=float, default=300, help="max seconds to finish scoring")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="interview-load-"))
    try:
        stats, outcome, events, drain = run(args, work)
        text = report(args, stats, outcome, events, drain)
        print(text)
        write_section("Load test: nothing lost", text)
        if "FAILED" in text:
            raise SystemExit("load test failed: see bench/RESULTS.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
