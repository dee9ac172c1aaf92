"""In-process costs: the offline scorer per answer and resume generation per format.

    .venv/bin/python bench/micro_bench.py
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from common import ROOT, command_line, machine, now_utc, write_section

SAMPLES = ROOT / "tests" / "data" / "graded_samples.jsonl"
DETAILS = ROOT / "tests" / "resume" / "fixtures" / "details_mid.json"
JD = ROOT / "tests" / "resume" / "fixtures" / "jd_recsys_mle.txt"


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and p95 in milliseconds after one warm-up call (model loading excluded)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def scorer_rows() -> list[str]:
    from interview.scoring.rubric import score_offline

    samples = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
    score_offline(samples[0]["question"], samples[0]["answer"])  # loads the embeddings once
    times = []
    for sample in samples * 3:
        start = time.perf_counter()
        score_offline(sample["question"], sample["answer"])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return [f"| Offline scorer, per answer ({len(times)} graded answers), median / p95 | "
            f"{statistics.median(times):.1f} ms / {times[int(len(times) * 0.95) - 1]:.1f} ms |"]


def resume_rows() -> list[str]:
    from interview.resume.build import build_resume
    from interview.resume.exports import FORMATS, export

    details = json.loads(DETAILS.read_text())
    jd = JD.read_text()
    resume = build_resume("mle", "mid", ["recommendations"], details, jd)
    med, p95 = timed(lambda: build_resume("mle", "mid", ["recommendations"], details, jd), 20)
    rows = [f"| Resume build (role, details, job description), median / p95 | "
            f"{med:.1f} ms / {p95:.1f} ms |"]
    for fmt in FORMATS:
        med, p95 = timed(lambda f=fmt: export(resume, f), 10)
        rows.append(f"| Resume export `{fmt}`, median / p95 | {med:.1f} ms / {p95:.1f} ms |")
    return rows


def main() -> None:
    rows = ["| Measure | Value |", "|---|---|", *scorer_rows(), *resume_rows()]
    header = f"- Date: {now_utc()}\n- Machine: {machine()}\n- Command: `{command_line()}`\n"
    text = header + "\n" + "\n".join(rows)
    print(text)
    write_section("Scorer and resumes", text)


if __name__ == "__main__":
    main()
