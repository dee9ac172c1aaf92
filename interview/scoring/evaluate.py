"""How well a scorer agrees with human grades: the core of `flask score eval`.

Input is the batch format plus a human `grade` (0..1) per line, as in
tests/data/graded_samples.jsonl. Each answer is scored (offline, or by the LLM judge with its
offline fallback) and compared with its grade: Pearson and Spearman correlation, mean
absolute error, and a confusion table of score bands (rows: the human's band, columns: the
scorer's). Point the app at your own model and run this before trusting its scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview.scoring.batch import LLM_WORKERS, score_line
from interview.scoring.calibrate import pearson, spearman
from interview.scoring.types import JudgeSettings

# (lower bound, name): a score falls in the last band whose bound it reaches.
BANDS: tuple[tuple[float, str], ...] = ((0.0, "poor"), (0.3, "partial"), (0.6, "good"),
                                        (0.85, "excellent"))


def band(score: float) -> str:
    """The name of the band a 0..1 score falls in."""
    name = BANDS[0][1]
    for lower, label in BANDS:
        if score >= lower:
            name = label
    return name


@dataclass
class Evaluation:
    """Agreement figures between a scorer and human grades."""

    n: int
    pearson: float
    spearman: float
    mae: float
    confusion: dict[str, dict[str, int]]  # human band -> scorer band -> count
    band_agreement: float  # share of answers put in the human's band
    scorers: dict[str, int]  # how many were scored by llm / fallback / offline
    skipped: list[dict[str, Any]] = field(default_factory=list)  # lines that could not be used

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "pearson": self.pearson, "spearman": self.spearman,
                "mae": self.mae, "band_agreement": self.band_agreement,
                "confusion": self.confusion, "scorers": self.scorers, "skipped": self.skipped}


def compare(pairs: Iterable[tuple[float, float]], scorers: dict[str, int] | None = None,
            skipped: list[dict[str, Any]] | None = None) -> Evaluation:
    """Figures for (predicted, human) pairs, both on 0..1."""
    pairs = list(pairs)
    predicted, human = [p for p, _ in pairs], [h for _, h in pairs]
    names = [name for _, name in BANDS]
    confusion = {row: dict.fromkeys(names, 0) for row in names}
    for p, h in pairs:
        confusion[band(h)][band(p)] += 1
    n = len(pairs)
    agree = sum(confusion[name][name] for name in names)
    return Evaluation(
        n=n, pearson=round(pearson(predicted, human), 3) if n > 1 else 0.0,
        spearman=round(spearman(predicted, human), 3) if n > 1 else 0.0,
        mae=round(sum(abs(p - h) for p, h in pairs) / n, 3) if n else 0.0,
        confusion=confusion, band_agreement=round(agree / n, 3) if n else 0.0,
        scorers=scorers or {}, skipped=skipped or [])


def evaluate_file(path: str | Path, settings: JudgeSettings | None = None) -> Evaluation:
    """Score every graded line of `path` (the LLM judge when `settings` are given)."""
    with open(path, encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if line.strip()]
    grades: dict[int, float] = {}
    skipped: list[dict[str, Any]] = []
    usable = []
    for number, line in lines:
        try:
            grade = float(json.loads(line)["grade"])
            if not 0.0 <= grade <= 1.0:
                raise ValueError("grade must be between 0 and 1")
        except (ValueError, TypeError, KeyError) as exc:
            skipped.append({"line": number, "error": f"no usable grade: {exc}"})
            continue
        grades[number] = grade
        usable.append((number, line))
    if settings is None:
        records = [score_line(item, None) for item in usable]
    else:
        with ThreadPoolExecutor(max_workers=LLM_WORKERS) as pool:
            records = list(pool.map(lambda item: score_line(item, settings), usable))
    pairs: list[tuple[float, float]] = []
    scorers: dict[str, int] = {}
    for (number, _), record in zip(usable, records, strict=True):
        if "error" in record:
            skipped.append({"line": number, "error": record["error"]})
            continue
        pairs.append((float(record["score"]), grades[number]))
        scorers[record["scorer"]] = scorers.get(record["scorer"], 0) + 1
    return compare(pairs, scorers, sorted(skipped, key=lambda s: s["line"]))


def render(result: Evaluation) -> str:
    """A short report for people."""
    names = [name for _, name in BANDS]
    width = max(len(n) for n in names) + 2
    by = ", ".join(f"{k}: {v}" for k, v in sorted(result.scorers.items()))
    lines = [f"answers scored: {result.n}  ({by})",
             f"pearson:  {result.pearson:+.3f}",
             f"spearman: {result.spearman:+.3f}",
             f"mean absolute error: {result.mae:.3f}",
             f"same band as the human: {result.band_agreement:.0%}",
             "",
             "confusion of bands (rows: human grade, columns: score)",
             " " * (width + 6) + "".join(f"{n:>{width}}" for n in names)]
    for row in names:
        lines.append(f"{'human ' + row:<{width + 6}}"
                     + "".join(f"{result.confusion[row][col]:>{width}}" for col in names))
    bounds = ", ".join(f"{label} >= {lower:g}" for lower, label in BANDS)
    lines.append(f"bands: {bounds}")
    if result.skipped:
        lines.append(f"skipped {len(result.skipped)} line(s): "
                     + "; ".join(f"line {s['line']}: {s['error']}" for s in result.skipped[:5]))
    return "\n".join(lines)
