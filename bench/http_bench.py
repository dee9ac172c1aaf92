"""Pages and endpoints under gunicorn + wrk, each as a ratio to a real small app and to a
bare Flask "hello".

For each data scale: a fresh database, `flask db upgrade`, `flask bank load` (timed),
`flask dev seed` (timed), then the app, pallets' flaskr tutorial app (its index page with 20
posts, fetched by bench/flaskr_ref.py) and the bare app under the same gunicorn settings,
measured in the same run. Aim: every read at least half of flaskr's throughput, p95 within
2x of flaskr's.

    .venv/bin/python bench/http_bench.py --scales 1,10            # SQLite, growth
    .venv/bin/python bench/http_bench.py --postgres --workers 4   # PostgreSQL, scale numbers
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import flaskr_ref
from common import (
    ROOT,
    SUBMIT_LUA,
    VENV_BIN,
    Client,
    app_env,
    command_line,
    flask,
    gunicorn,
    machine,
    now_utc,
    write_section,
    wrk,
)

PASSWORD = "seed-password-123"  # noqa: S105 - what `flask dev seed` gives every account
HEAVY = "heavy@seed.example.com"
CANDIDATE = "candidate7@seed.example.com"
COACH = "coach1@seed.example.com"
ANSWER = ("I would define the objective and a baseline first, then the features, the offline "
          "metric and an online test, and monitor drift after launch. " * 4)


@dataclass
class Endpoint:
    name: str
    path: str
    user: str
    kind: str = "read"  # read | write


@dataclass
class Scale:
    factor: int
    candidates: int
    coaches: int
    attempts: int


def endpoints(client: Client, heavy: Client, coach: Client) -> list[Endpoint]:
    """Every page the issue names that exists in this build (links found on the pages)."""
    qid = re.search(r'href="/questions/([a-z0-9-]+)"', client.request("GET", "/questions/")[1])
    aid = re.search(r"/practice/attempts/(\d+)", heavy.request("GET", "/practice/history")[1])
    found = [
        Endpoint("Question list", "/questions/", CANDIDATE),
        Endpoint("Question search (`?q=drift`)", "/questions/?q=drift", CANDIDATE),
        Endpoint("Question page", f"/questions/{qid.group(1)}", CANDIDATE),
        Endpoint("Candidate dashboard (1,000 attempts)", "/dashboard", HEAVY),
        Endpoint("History, page 1 (1,000 attempts)", "/practice/history", HEAVY),
        Endpoint("History, page 20 (1,000 attempts)", "/practice/history?page=20", HEAVY),
        Endpoint("Practice start (recent sessions)", "/practice/", HEAVY),
        Endpoint("Result page", f"/practice/attempts/{aid.group(1)}", HEAVY),
    ]
    status, html, _ = coach.request("GET", "/coaching/")
    cohort = re.search(r"/coaching/cohorts/(\d+)/dashboard", html)
    if status == 200 and cohort:
        found.append(Endpoint("Coach home (sets, cohorts)", "/coaching/", COACH))
        found.append(Endpoint("Coach cohort dashboard (40 candidates)",
                              f"/coaching/cohorts/{cohort.group(1)}/dashboard", COACH))
    return found


API = [  # (name, path, user): measured with a Bearer token when /api/v1 exists
    ("API: question list", "/api/v1/questions", CANDIDATE),
    ("API: question search", "/api/v1/questions?q=drift", CANDIDATE),
    ("API: history (1,000 attempts)", "/api/v1/history", HEAVY),
    ("API: progress (1,000 attempts)", "/api/v1/progress", HEAVY),
]


def api_endpoints(base: str, env: dict[str, str]) -> list[tuple[str, str, dict[str, str]]]:
    """API reads with a token per user; empty when this build has no API."""
    out, tokens = [], {}
    for name, path, user in API:
        if user not in tokens:
            try:
                tokens[user] = flask(env, "tokens", "create", user, "--name",
                                     "bench").splitlines()[0].strip()
            except RuntimeError:
                return []
        headers = {"Authorization": f"Bearer {tokens[user]}"}
        probe = urllib.request.Request(base + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(probe, timeout=30):  # noqa: S310
                out.append((name, path, headers))
        except urllib.error.HTTPError:
            continue
    return out


def prepare(scale: Scale, env: dict[str, str]) -> dict[str, float]:
    """Migrate, load the bank twice (fresh and unchanged) and seed; returns the timings."""
    timings = {}
    flask(env, "db", "upgrade")
    create_missing_tables(env)
    for label in ("bank load (empty database)", "bank load (unchanged bank)"):
        start = time.perf_counter()
        flask(env, "bank", "load")
        timings[label] = time.perf_counter() - start
    start = time.perf_counter()
    flask(env, "dev", "seed", "--candidates", str(scale.candidates), "--coaches",
          str(scale.coaches), "--attempts", str(scale.attempts))
    timings["seed"] = time.perf_counter() - start
    return timings


def create_missing_tables(env: dict[str, str]) -> None:
    """Tables of capabilities whose migration the lead has not generated yet (no-op after)."""
    code = ("from interview import create_app\nfrom interview.extensions import db\n"
            "with create_app().app_context(): db.create_all()")
    subprocess.run([str(VENV_BIN / "python"), "-c", code], cwd=ROOT, env=env,  # noqa: S603
                   check=True, timeout=120)


def open_items(env: dict[str, str], email: str, count: int, out: Path) -> None:
    subprocess.run([str(VENV_BIN / "python"), "bench/open_items.py", email, str(count),  # noqa: S603
                    str(out)], cwd=ROOT, env=env, check=True, timeout=600)


def measure(base: str, bare: str, flaskr: str, args: argparse.Namespace, ids_file: Path,
            env: dict[str, str]) -> list[tuple]:
    """(name, kind, result) rows, the references first and last so drift shows."""
    clients = {u: Client(base).login(u, PASSWORD) for u in (CANDIDATE, HEAVY, COACH)}
    rows = [("Bare Flask hello (before)", "bare", run(bare + "/hello", None, args)),
            (FLASKR + " (before)", "flaskr", run(flaskr + "/", None, args))]
    for ep in endpoints(clients[CANDIDATE], clients[HEAVY], clients[COACH]):
        rows.append((ep.name, ep.kind, run(base + ep.path, clients[ep.user], args)))
    for name, path, headers in api_endpoints(base, env):
        rows.append((name, "read", wrk(base + path, args.seconds, args.connections, headers)))
    rows.append(("Answer submission (POST, CSRF)", "write", submit(base, args, ids_file)))
    rows.append((FLASKR + " (after)", "flaskr", run(flaskr + "/", None, args)))
    rows.append(("Bare Flask hello (after)", "bare", run(bare + "/hello", None, args)))
    return rows


FLASKR = "flaskr index, 20 posts"


def run(url: str, client: Client | None, args: argparse.Namespace) -> dict[str, float]:
    headers = {"Cookie": client.cookie_header()} if client else None
    return wrk(url, args.seconds, args.connections, headers)


def submit(base: str, args: argparse.Namespace, ids_file: Path) -> dict[str, float]:
    """POST answers to fresh items with a real session cookie and CSRF token."""
    client = Client(base).login(CANDIDATE, PASSWORD)
    token = client.csrf("/practice/")
    body = urllib.parse.urlencode({"csrf_token": token, "answer": ANSWER})
    return wrk(base + "/", args.seconds, args.connections, {"Cookie": client.cookie_header()},
               script=SUBMIT_LUA, env={"ITEM_IDS_FILE": str(ids_file), "BODY": body})


def table(rows: list[tuple]) -> tuple[str, dict[str, float]]:
    def mean(kind: str, key: str) -> float:
        values = [r[key] for _, k, r in rows if k == kind]
        return sum(values) / len(values)

    bare_rps, bare_p95 = mean("bare", "rps"), mean("bare", "p95")
    ref_rps, ref_p95 = mean("flaskr", "rps"), mean("flaskr", "p95")
    lines = ["| Endpoint | req/s | p50 ms | p95 ms | vs flaskr req/s | vs flaskr p95 | "
             "vs bare req/s | vs bare p95 | errors | aim |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, kind, r in rows:
        ratio, slow = r["rps"] / ref_rps, r["p95"] / ref_p95
        aim = "-" if kind != "read" else ("met" if ratio >= 0.5 and slow <= 2 else "MISSED")
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                     f"{ratio:.0%} | {slow:.1f}x | {r['rps'] / bare_rps:.0%} | "
                     f"{r['p95'] / bare_p95:.1f}x | {r['errors'] + r['bad_status']} | {aim} |")
    return "\n".join(lines), {name: r["p50"] for name, _, r in rows}


def bench_scale(scale: Scale, args: argparse.Namespace, work: Path, db_url: str | None
                ) -> tuple[str, dict[str, float], dict[str, float]]:
    instance = work / f"x{scale.factor}"
    instance.mkdir()
    env = app_env(instance, **({"DATABASE_URL": db_url} if db_url else {}))
    timings = prepare(scale, env)
    ids_file = instance / "items.txt"
    open_items(env, CANDIDATE, args.items, ids_file)
    flaskr_env = {**env, "FLASKR_DATABASE": str(flaskr_ref.ensure(instance / "flaskr.sqlite"))}
    with (gunicorn("bench.hello:app", env, args.workers, instance / "bare.log") as bare,
          gunicorn("bench.flaskr_wsgi:app", flaskr_env, args.workers,
                   instance / "flaskr.log") as flaskr,
          gunicorn("wsgi:app", env, args.workers, instance / "app.log") as base):
        rows = measure(base, bare, flaskr, args, ids_file, env)
    text, p50 = table(rows)
    return text, p50, timings


def parse() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1", help="data sizes as multiples of the base: 1,10")
    ap.add_argument("--candidates", type=int, default=2000)
    ap.add_argument("--coaches", type=int, default=50)
    ap.add_argument("--attempts", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--items", type=int, default=6000, help="open items for the POST bench")
    ap.add_argument("--database-url", help="PostgreSQL URL (empty database); SQLite if unset")
    ap.add_argument("--section", default="HTTP, SQLite")
    return ap.parse_args()


def main() -> None:
    args = parse()
    scales = [int(s) for s in args.scales.split(",")]
    out, p50s = [], {}
    with tempfile.TemporaryDirectory(prefix="interview-bench-") as tmp:
        for factor in scales:
            scale = Scale(factor, args.candidates * factor, args.coaches * factor,
                          args.attempts * factor)
            text, p50s[factor], timings = bench_scale(scale, args, Path(tmp), args.database_url)
            out.append(scale_text(scale, text, timings))
            print(out[-1], flush=True)
    if len(scales) > 1:
        out.append(growth(p50s, scales))
    header = (f"- Date: {now_utc()}\n- Machine: {machine()}\n- Command: `{command_line()}`\n"
              f"- gunicorn: {args.workers} sync workers; wrk: 2 threads, {args.connections} "
              f"connections, {args.seconds} s per endpoint; flaskr (pallets' tutorial app, "
              "index with 20 posts, SQLite) and the bare app run on the same settings in the "
              "same run (ratios use the mean of each one's two runs). Aim for reads: at least "
              "50% of flaskr's req/s and p95 within 2x of flaskr's.\n")
    write_section(args.section, header + "\n" + "\n\n".join(out))


def scale_text(scale: Scale, text: str, timings: dict[str, float]) -> str:
    times = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    return (f"### {scale.factor}x data: {scale.candidates:,} candidates, {scale.coaches} "
            f"coaches, {scale.attempts:,} attempts (plus one candidate with 1,000)\n\n"
            f"Setup: {times}.\n\n{text}")


def growth(p50s: dict[int, dict[str, float]], scales: list[int]) -> str:
    """p50 growth per endpoint, each p50 first divided by its run's bare p50 (load noise)."""
    lo, hi = scales[0], scales[-1]

    def bare(p50: dict[str, float]) -> float:
        values = [v for k, v in p50.items() if k.startswith("Bare")]
        return sum(values) / len(values)

    lines = [f"### Growth: p50 at {hi}x data / p50 at {lo}x data, each relative to the bare "
             "app of its run (flat is 1.0)\n", "| Endpoint | ratio |", "|---|---|"]
    for name, value in p50s[hi].items():
        if name in p50s[lo] and not name.startswith(("Bare", FLASKR)):
            ratio = (value / bare(p50s[hi])) / (p50s[lo][name] / bare(p50s[lo]))
            lines.append(f"| {name} | {ratio:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
