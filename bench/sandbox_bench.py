"""Benchmark the sandbox: start-up overhead against a bare interpreter, and throughput.

Run: .venv/bin/python bench/sandbox_bench.py [--runs 40] [--answers 80] [--no-write]

It prints a Markdown section and writes it as `## Sandbox` in bench/RESULTS.md, replacing
an older `## Sandbox` section and leaving the others alone. Not a timed test: the figures
depend on the machine, so they are recorded, not asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.sandbox import isolation_mode, run_submission  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
QUESTION = {
    "entry": "add",
    "style": "function",
    "compare": "exact",
    "examples": [{"args": [1, 2], "expected": 3}],
    "tests": [{"args": [20, 22], "expected": 42}, {"args": [-5, 5], "expected": 0}],
}
TRIVIAL = "def add(a, b):\n    return a + b\n"
WITH_NUMPY = "import numpy as np\n\ndef add(a, b):\n    return int(np.add(a, b))\n"
POOL = 2


def _median_ms(action, runs: int) -> float:
    """Median wall time of `action` in milliseconds, after one warm-up call."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _bare_start(*flags: str) -> None:
    subprocess.run([sys.executable, *flags, "-c", "pass"], check=True)


def _sandboxed(code: str) -> None:
    verdict = run_submission(code, QUESTION)
    if verdict["status"] != "passed":
        raise RuntimeError(f"benchmark answer did not pass: {verdict['message']}")


def _throughput(code: str, answers: int) -> float:
    """Answers per second with POOL runs in flight at once."""
    start = time.perf_counter()
    with ThreadPoolExecutor(POOL) as pool:
        list(pool.map(lambda _: _sandboxed(code), range(answers)))
    return answers / (time.perf_counter() - start)


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown CPU"


def measure(runs: int, answers: int) -> dict[str, float]:
    bare = _median_ms(_bare_start, runs)
    bare_s = _median_ms(lambda: _bare_start("-S"), runs)
    trivial = _median_ms(lambda: _sandboxed(TRIVIAL), runs)
    numpy = _median_ms(lambda: _sandboxed(WITH_NUMPY), runs)
    return {
        "bare": bare, "bare_s": bare_s, "trivial": trivial, "numpy": numpy, "ratio": trivial / bare,
        "rate": _throughput(TRIVIAL, answers), "rate_numpy": _throughput(WITH_NUMPY, answers),
    }


def render(figures: dict[str, float], runs: int, answers: int) -> str:
    """The `## Sandbox` section as Markdown."""
    mode = isolation_mode()
    verdict = "meets" if figures["ratio"] < 3 else "MISSES"
    return "\n".join([
        "## Sandbox",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_cpu_model()}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}, isolation `{mode}`, uid {os.geteuid()}",
        f"- Command: `.venv/bin/python bench/sandbox_bench.py --runs {runs} --answers {answers}`",
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Bare `python -c pass` (median of {runs}) | {figures['bare']:.1f} ms |",
        f"| Bare `python -S -c pass`, no site (median of {runs}) | {figures['bare_s']:.1f} ms |",
        f"| Sandboxed trivial answer, 3 tests (median of {runs}) | {figures['trivial']:.1f} ms |",
        f"| Overhead ratio (sandboxed / bare) | {figures['ratio']:.2f}x ({verdict} the 3x aim) |",
        f"| Sandboxed answer that imports NumPy (median of {runs}) | {figures['numpy']:.1f} ms |",
        f"| Throughput, pool of {POOL}, trivial answer ({answers} answers) "
        f"| {figures['rate']:.1f} answers/s |",
        f"| Throughput, pool of {POOL}, NumPy answer ({answers} answers) "
        f"| {figures['rate_numpy']:.1f} answers/s |",
        "",
    ])


def write_section(section: str, path: Path = RESULTS) -> None:
    """Replace `## Sandbox` in RESULTS.md (up to the next `## `), or append it."""
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    pattern = re.compile(r"^## Sandbox\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs per median")
    parser.add_argument("--answers", type=int, default=80, help="answers per throughput run")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    section = render(measure(args.runs, args.answers), args.runs, args.answers)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
