"""Start-up times, measured in one run, interleaved so machine noise hits each alike.

`flask --help` against importing Flask + SQLAlchemy alone (aim: within 1.5x), building the
app, and the worker's start: from launching `python -m interview.worker` until it logs that
its models are loaded, and which heavy modules building the app pulls in.

    .venv/bin/python bench/startup_bench.py --runs 7
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, VENV_BIN, Proc, app_env, command_line, machine, now_utc, write_section

HEAVY = ("openai", "numpy", "wordllama", "typst", "docx", "pypdf", "flask_smorest", "apispec",
         "jsonschema", "redis", "psycopg", "alembic")
PY = str(VENV_BIN / "python")


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True,  # noqa: S603
                   timeout=120)
    return time.perf_counter() - start


def worker_start(env: dict[str, str], log: Path) -> tuple[float, float]:
    """(seconds until the worker is ready, seconds of that spent loading models)."""
    log.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = Proc([PY, "-m", "interview.worker"], {**env, "LOG_LEVEL": "INFO"}, log)
    try:
        while time.perf_counter() - start < 120:
            found = re.search(r"models loaded in ([\d.]+) s", log.read_text(errors="replace"))
            if found:
                return time.perf_counter() - start, float(found.group(1))
            time.sleep(0.02)
        raise RuntimeError("the worker did not report ready")
    finally:
        proc.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="interview-start-") as tmp:
        env = app_env(Path(tmp))
        cases = {
            "import flask, sqlalchemy": [PY, "-c", "import flask, sqlalchemy"],
            "flask --help": [str(VENV_BIN / "flask"), "--help"],
            "build the app (create_app)": [PY, "-c", "from interview import create_app; "
                                           "create_app()"],
            "flask bank --help (a group loaded on use)": [str(VENV_BIN / "flask"), "bank",
                                                          "--help"],
        }
        timed(cases["flask --help"], env)  # warm the bytecode caches once
        times: dict[str, list[float]] = {name: [] for name in cases}
        ready: list[float] = []
        models: list[float] = []
        for _ in range(args.runs):
            for name, cmd in cases.items():
                times[name].append(timed(cmd, env))
        for _ in range(max(3, args.runs // 2)):
            total, loading = worker_start(env, Path(tmp) / "worker.log")
            ready.append(total)
            models.append(loading)
        probe = ("import sys; from interview import create_app; create_app(); "
                 f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
        loaded = subprocess.run([PY, "-c", probe], cwd=ROOT, env=env, check=True,  # noqa: S603
                                capture_output=True, text=True).stdout.split()
    med = {name: statistics.median(v) for name, v in times.items()}
    base = med["import flask, sqlalchemy"]
    ratio = med["flask --help"] / base
    lines = [f"- Date: {now_utc()}", f"- Machine: {machine()}", f"- Command: `{command_line()}`",
             f"- Medians of {args.runs} runs each, interleaved; worker: "
             f"{len(ready)} starts on SQLite.", "",
             "| Measure | median | vs importing Flask + SQLAlchemy |", "|---|---|---|"]
    for name, value in med.items():
        lines.append(f"| {name} | {value * 1000:.0f} ms | {value / base:.2f}x |")
    start = statistics.median(ready)
    lines.append(f"| worker start to ready (`python -m interview.worker`, models loaded) | "
                 f"{start * 1000:.0f} ms | {start / base:.2f}x |")
    lines.append(f"| of which loading the embedding model (wordllama) | "
                 f"{statistics.median(models) * 1000:.0f} ms | - |")
    verdict = "met" if ratio <= 1.5 else "MISSED"
    lines += ["", f"`flask --help` is {ratio:.2f}x importing Flask + SQLAlchemy alone "
              f"(aim 1.5x): {verdict}.",
              "Heavy modules still imported by building the app: "
              + (", ".join(f"`{m}`" for m in loaded) or "none") + "."]
    text = "\n".join(lines)
    print(text)
    write_section("Start-up", text)


if __name__ == "__main__":
    main()
