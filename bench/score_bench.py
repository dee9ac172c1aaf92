"""Time to score under load: candidates answer on a schedule while a slow judge scores.

Each of `--users` candidates submits an answer every `--period` seconds for `--seconds`
(start times spread over the first period). The judge is the loopback fake answering in
`--latency` seconds; `--fail-rate` of its calls fail at once (HTTP 500/503/429, broken JSON)
and `--hang-rate` get no reply, so the client times out after `--timeout` seconds. The same
load then runs with no LLM (offline scorer). Both run on PostgreSQL + Redis and on the
embedded default (SQLite database, SQLite queue).

Time to score is the database's own clock: the score row's creation minus the answer's
submission. Queue depth (tasks waiting in Huey) and answers in flight (stored, not yet
scored) are sampled every second. Every answer a candidate saw accepted must end up stored
and scored. A PNG chart of time to score over the run is written next to RESULTS.md.

    .venv/bin/python bench/score_bench.py                      # the full run (about 15 min)
    .venv/bin/python bench/score_bench.py --users 40 --seconds 40 --backends sqlite  # short
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

CHART = ROOT / "bench" / "time_to_score.png"
ANSWER = ("I would clarify the objective, build a baseline, choose offline metrics that "
          "match the product goal, run an A/B test and monitor drift after launch.")


@dataclass
class Run:
    """One backend with one scorer: what the candidates saw and what the database holds."""

    backend: str
    scorer: str
    started: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: dict[int, float] = field(default_factory=dict)  # attempt id -> submit offset
    statuses: Counter[int] = field(default_factory=Counter)
    retries: int = 0
    samples: list[tuple[float, int, int]] = field(default_factory=list)  # t, queued, unscored
    times: dict[int, float] = field(default_factory=dict)  # attempt id -> seconds to score
    scorers: Counter[str] = field(default_factory=Counter)
    missing: int = 0
    unscored: int = 0
    drain: float = 0.0
    worker_ready: float | None = None
    worker_models: float | None = None

    @property
    def label(self) -> str:
        return f"{self.backend}, {self.scorer}"


class Database:
    """The few reads the benchmark needs, on PostgreSQL or SQLite, outside the app."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as conn:
                return conn.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as conn:
            return conn.execute(sql, params).fetchall()

    def question_ids(self) -> list[str]:
        """Non-coding questions (coding answers also go through the sandbox, benched apart)."""
        return [r[0] for r in self._rows(
            "SELECT id FROM questions WHERE NOT retired AND kind <> 'coding'")]

    def unscored(self) -> int:
        return int(self._rows(
            "SELECT count(*) FROM attempts WHERE status IN ('pending', 'scoring')")[0][0])

    def outcome(self, ids: list[int]) -> dict[int, tuple[str | None, float | None]]:
        """attempt id -> (scorer, seconds from submission to score) for these attempts."""
        rows = self._rows("SELECT a.id, a.submitted_at, s.scorer, s.created_at FROM attempts a "
                          "LEFT JOIN scores s ON s.attempt_id = a.id WHERE a.answer = %s",
                          (ANSWER,))
        wanted = set(ids)
        out: dict[int, tuple[str | None, float | None]] = {}
        for aid, submitted, scorer, created in rows:
            if aid in wanted:
                out[aid] = (scorer, _seconds(created) - _seconds(submitted)
                            if created is not None else None)
        return out


def _seconds(value: Any) -> float:
    if isinstance(value, str):  # SQLite hands back text
        from datetime import datetime

        value = datetime.fromisoformat(value)
    return value.timestamp()


def queue_depth(env: dict[str, str]) -> Any:
    """A function returning the number of tasks waiting in the worker's queue."""
    from huey import PriorityRedisHuey, SqliteHuey

    if env.get("REDIS_URL"):
        huey = PriorityRedisHuey("interview-tasks", url=env["REDIS_URL"])
    else:
        huey = SqliteHuey("interview", filename=str(Path(env["INSTANCE_DIR"]) / "huey.db"))
    return huey.pending_count


def candidate(n: int, base: str, qids: list[str], args: argparse.Namespace, run: Run,
              stop: threading.Event, ready: threading.Barrier) -> None:
    """Sign in before the clock starts, then submit one answer every period, starting at a
    spread offset."""
    rng = random.Random(n)  # noqa: S311 - not secret
    offset = args.period * n / args.users
    client = None
    try:
        client = Client(base).login(f"candidate{n}@seed.example.com", PASSWORD)
    finally:
        ready.wait()
    k = 0
    while True:
        at = run.started + offset + k * args.period
        if at - run.started >= args.seconds:
            return
        if stop.wait(max(0.0, at - time.monotonic())):
            return
        k += 1
        try:
            client = client or Client(base).login(f"candidate{n}@seed.example.com", PASSWORD)
            answer_once(client, rng.choice(qids), run)
        except (OSError, AttributeError):
            with run.lock:
                run.retries += 1


def answer_once(client: Client, qid: str, run: Run) -> None:
    """Pick a question, open it, submit, open the result page once."""
    token = client.csrf("/practice/")
    status, _, headers = client.request("POST", "/practice/pick",
                                        {"csrf_token": token, "question_id": qid})
    _count(run, status)
    session = re.search(r"/practice/sessions/(\d+)", headers.get("Location", ""))
    if not session:
        return
    status, _, headers = client.request("GET", f"/practice/sessions/{session.group(1)}")
    _count(run, status)
    item = re.search(r"/practice/items/(\d+)", headers.get("Location", ""))
    if not item:
        return
    token = client.csrf(f"/practice/items/{item.group(1)}")
    sent = time.monotonic()
    status, _, headers = client.request("POST", f"/practice/items/{item.group(1)}/submit",
                                        {"csrf_token": token, "answer": ANSWER})
    _count(run, status)
    aid = re.search(r"/practice/attempts/(\d+)", headers.get("Location", ""))
    if aid:
        with run.lock:
            run.accepted[int(aid.group(1))] = sent - run.started
        _count(run, client.request("GET", aid.group(0))[0])


def _count(run: Run, status: int) -> None:
    with run.lock:
        run.statuses[status] += 1


def sampler(run: Run, db: Database, depth: Any, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        try:
            run.samples.append((time.monotonic() - run.started, int(depth()), db.unscored()))
        except Exception:  # noqa: BLE001, S112 - a busy database skips one sample
            continue


def worker_ready(log: Path, timeout: float = 120) -> tuple[float | None, float | None]:
    """(seconds from start to ready, seconds loading models) from the worker's log line."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        found = re.search(r"models loaded in ([\d.]+) s, ([\d.]+) s after the imports", text)
        if found:
            return float(found.group(2)), float(found.group(1))
        time.sleep(0.1)
    return None, None


def one_run(args: argparse.Namespace, backend: str, scorer: str, env: dict[str, str],
            db: Database, qids: list[str], work: Path) -> Run:
    run = Run(backend, scorer)
    procs: list[Proc] = []
    tag = f"{backend}-{scorer}"
    try:
        if scorer == "llm":
            llm_port = free_port()
            procs.append(Proc([str(VENV_BIN / "python"), "-m", "tests.fake_llm", "--port",
                               str(llm_port), "--delay", str(args.latency), "--jitter",
                               str(args.latency / 10), "--fail-rate", str(args.fail_rate),
                               "--hang-rate", str(args.hang_rate), "--hang", "120"],
                              dict(os.environ), work / f"llm-{tag}.log"))
            wait_port(llm_port)
            env = {**env, "LLM_BASE_URL": f"http://127.0.0.1:{llm_port}/v1",
                   "LLM_MODEL": "fake-judge", "LLM_API_KEY": "bench",
                   "LLM_TIMEOUT": str(args.timeout)}
        wlog = work / f"worker-{tag}.log"
        began = time.monotonic()
        procs.append(Proc([str(VENV_BIN / "python"), "-m", "interview.worker"],
                          {**env, "LOG_LEVEL": "INFO"}, wlog))
        ready, models = worker_ready(wlog)
        run.worker_ready = time.monotonic() - began if ready is not None else None
        run.worker_models = models
        web_port = free_port()
        procs.append(Proc([str(VENV_BIN / "gunicorn"), "-w", str(args.web_workers), "-b",
                           f"127.0.0.1:{web_port}", "--access-logfile", "/dev/null",
                           "--error-logfile", "-", "wsgi:app"], env, work / f"web-{tag}.log"))
        wait_port(web_port)
        base = f"http://127.0.0.1:{web_port}"
        stop = threading.Event()
        ready = threading.Barrier(args.users + 1)
        threads = [threading.Thread(target=candidate,
                                    args=(n, base, qids, args, run, stop, ready))
                   for n in range(args.users)]
        for t in threads:
            t.start()
        ready.wait()  # everyone is signed in: the clock starts
        run.started = time.monotonic()
        watch = threading.Thread(target=sampler, args=(run, db, queue_depth(env), stop))
        watch.start()
        for t in threads:
            t.join()
        drain_start = time.monotonic()
        ids = list(run.accepted)
        while True:
            outcome = db.outcome(ids)
            pending = [a for a, (s, _) in outcome.items() if s is None]
            if not pending or time.monotonic() - drain_start > args.drain:
                break
            time.sleep(1)
        run.drain = time.monotonic() - drain_start
        stop.set()
        watch.join()
        run.missing = len(set(ids) - outcome.keys())
        run.unscored = len(pending)
        for aid, (s, seconds) in outcome.items():
            if s is not None and seconds is not None:
                run.scorers[s] += 1
                run.times[aid] = seconds
        return run
    finally:
        for proc in reversed(procs):
            proc.stop()


def prepare(env: dict[str, str], users: int) -> None:
    flask(env, "db", "upgrade")
    create_missing_tables(env)
    flask(env, "bank", "load")
    flask(env, "dev", "seed", "--candidates", str(users), "--coaches", "1",
          "--attempts", str(users), "--heavy-attempts", "0")


def backend_runs(args: argparse.Namespace, backend: str, work: Path) -> list[Run]:
    folder = work / backend
    folder.mkdir()
    cleanup: list[Any] = []
    try:
        if backend == "postgres":
            out = subprocess.run(["bash", ".ci/postgres.sh"], cwd=ROOT, capture_output=True,
                                 text=True, check=True, timeout=120,
                                 env={**os.environ, "PGPORT_TEST": str(free_port())})
            pg_dir, url = out.stdout.split()
            cleanup.append(lambda: subprocess.run(["bash", ".ci/postgres.sh", "stop", pg_dir],
                                                  cwd=ROOT, check=False))
            redis_port = free_port()
            redis = Proc(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no"], dict(os.environ),
                         folder / "redis.log")
            cleanup.append(redis.stop)
            wait_port(redis_port)
            env = app_env(folder, DATABASE_URL=url,
                          REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
        else:
            url = f"sqlite:///{folder / 'interview.db'}"
            env = app_env(folder)
        env["SCORING_GRACE_SECONDS"] = "60"
        if args.llm_concurrency:
            env["LLM_CONCURRENCY"] = str(args.llm_concurrency)
        prepare(env, args.users)
        db = Database(url)
        qids = db.question_ids()
        return [one_run(args, backend, scorer, env, db, qids, folder)
                for scorer in args.scorers.split(",")]
    finally:
        for step in reversed(cleanup):
            step()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(args: argparse.Namespace, runs: list[Run]) -> str:
    aim_llm = 2 * args.latency + 2
    lines = [
        f"- Date: {now_utc()}", f"- Machine: {machine()}", f"- Command: `{command_line()}`",
        f"- Load: {args.users} candidates, one answer each every {args.period} s for "
        f"{args.seconds} s ({args.users / args.period:.1f} answers/s); gunicorn "
        f"{args.web_workers} sync workers; worker `python -m interview.worker` "
        f"(threads = LLM_CONCURRENCY + CPU_CONCURRENCY).",
        f"- Judge: loopback fake answering in {args.latency:g} s (+/- {args.latency / 10:g} s); "
        f"{args.fail_rate:.0%} of calls fail at once (500, 503, 429, broken JSON), "
        f"{args.hang_rate:.0%} never answer (client timeout {args.timeout:g} s, then retry "
        f"after backoff). Each answer makes one judge call plus one follow-up call.",
        f"- Aims: LLM p95 within 2 x latency + 2 s = {aim_llm:g} s; offline p95 under 1 s; "
        "nothing lost.", "",
        "| Backend, scorer | answers | p50 s | p95 s | max s | scored by | lost | "
        "max queue | worker ready s | aim |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        times = list(r.times.values())
        lost = r.missing + r.unscored
        limit = aim_llm if r.scorer == "llm" else 1.0
        p95 = pct(times, 0.95)
        ok = lost == 0 and p95 <= limit
        by = ", ".join(f"{k} {v}" for k, v in sorted(r.scorers.items()))
        depth = max((s[1] for s in r.samples), default=0)
        ready = f"{r.worker_ready:.1f}" if r.worker_ready is not None else "?"
        lines.append(f"| {r.label} | {len(r.accepted)} | {pct(times, 0.5):.2f} | {p95:.2f} | "
                     f"{max(times, default=float('nan')):.2f} | {by} | {lost} | {depth} | "
                     f"{ready} | {'met' if ok else 'MISSED'} |")
    lines += ["", "Queue depth over time (tasks waiting / answers not yet scored, every 10 s):",
              "", "| t s | " + " | ".join(r.label for r in runs) + " |",
              "|---|" + "---|" * len(runs)]
    horizon = int(max((s[0] for r in runs for s in r.samples), default=0))
    for t in range(0, horizon + 1, 10):
        cells = []
        for r in runs:
            near = [s for s in r.samples if t <= s[0] < t + 1.5]
            cells.append(f"{near[0][1]} / {near[0][2]}" if near else "-")
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    statuses = Counter[int]()
    for r in runs:
        statuses.update(r.statuses)
    five = sum(n for s, n in statuses.items() if s >= 500)
    lines += ["", f"HTTP statuses: {dict(sorted(statuses.items()))}; 5xx: {five}; "
              f"dropped connections retried: {sum(r.retries for r in runs)}. "
              f"Worker start: models (wordllama) loaded in "
              + ", ".join(f"{r.worker_models:.2f} s" for r in runs if r.worker_models)
              + f"; chart: `{args.chart}`."]
    return "\n".join(lines)


def chart(runs: list[Run], args: argparse.Namespace) -> bool:
    """Time to score of each answer against its submission time, queue depth beneath."""
    sys.path.append(str(ROOT / "bench" / "out" / "pylib"))  # bench-only, see bench/run.sh
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is missing (bench/run.sh installs it): no chart", file=sys.stderr)
        return False
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1.3]})
    for r in runs:
        points = sorted((r.accepted[a], s) for a, s in r.times.items() if a in r.accepted)
        top.scatter([p[0] for p in points], [p[1] for p in points], s=6, alpha=0.55,
                    label=f"{r.label} (p95 {pct([p[1] for p in points], 0.95):.2f} s)")
        bottom.plot([s[0] for s in r.samples], [s[2] for s in r.samples], label=r.label)
    aim = 2 * args.latency + 2
    top.axhline(aim, color="grey", linestyle="--", linewidth=1)
    top.axhline(1, color="grey", linestyle=":", linewidth=1)
    top.text(0, aim + 0.15, "aim, LLM judge: 2 x latency + 2 s", fontsize=8, color="grey")
    top.text(0, 1.15, "aim, offline: 1 s", fontsize=8, color="grey")
    highest = max((t for r in runs for t in r.times.values()), default=aim)
    top.set_ylim(0, max(aim, highest) * 1.15)
    top.set_ylabel("time to score (s)")
    top.legend(fontsize=8, loc="upper right")
    top.set_title(f"{args.users} candidates, an answer each every {args.period} s; "
                  f"judge {args.latency:g} s, {args.fail_rate + args.hang_rate:.0%} failing")
    bottom.set_ylabel("answers not\nyet scored")
    bottom.set_xlabel("seconds into the run (submission time)")
    fig.tight_layout()
    fig.savefig(ROOT / args.chart, dpi=90)
    plt.close(fig)
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--period", type=float, default=30.0)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--latency", type=float, default=2.0)
    ap.add_argument("--fail-rate", type=float, default=0.05)
    ap.add_argument("--hang-rate", type=float, default=0.05)
    ap.add_argument("--timeout", type=float, default=4.0, help="LLM_TIMEOUT for the worker")
    ap.add_argument("--llm-concurrency", type=int, default=0, help="0: the app's default")
    ap.add_argument("--web-workers", type=int, default=2)
    ap.add_argument("--backends", default="postgres,sqlite")
    ap.add_argument("--scorers", default="llm,offline")
    ap.add_argument("--drain", type=float, default=300.0)
    ap.add_argument("--section", default="Time to score under load")
    ap.add_argument("--chart", default=str(CHART.relative_to(ROOT)), help="PNG to write")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="interview-score-"))
    try:
        runs: list[Run] = []
        for backend in args.backends.split(","):
            runs += backend_runs(args, backend, work)
        chart(runs, args)
        text = report(args, runs)
        print(text)
        write_section(args.section, text)
        if any(r.missing or r.unscored for r in runs):
            raise SystemExit("answers were lost: see bench/RESULTS.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
