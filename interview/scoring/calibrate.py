"""Measure (and tune) the offline scorer against human grades.

    python -m interview.scoring.calibrate [--json] [--tune]

Prints Pearson and Spearman correlations per split: the project's graded ML-interview
samples (tests/data/graded_samples.jsonl) and the SAF short-answer dataset (training,
unseen_answers, unseen_questions). `--tune` searches the weights on SAF training only and
prints them; copy them into `rubric.WEIGHTS` and re-run to report.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import xml.etree.ElementTree as ET  # noqa: S405 - local, trusted calibration files
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from interview.scoring import embeddings
from interview.scoring.rubric import WEIGHTS, AnswerFeatures, Weights, combine, extract

REPO = Path(__file__).resolve().parents[2]
GRADED_SAMPLES = REPO / "tests" / "data" / "graded_samples.jsonl"
SAF_SPLITS = ("training", "unseen_answers", "unseen_questions")


@dataclass
class Sample:
    """An answer with the grade (0..1) a human gave it."""

    question: dict[str, Any]
    answer: str
    grade: float
    group: str


def calibration_dir() -> Path:
    """The SAF folder: $CALIBRATION_DIR, else ../shared/calibration next to the repo."""
    base = Path(os.environ.get("CALIBRATION_DIR") or REPO.parent / "shared" / "calibration")
    return base if (base / "training").is_dir() else base / "saf"


def load_saf(split_dir: Path) -> list[Sample]:
    """One sample per student answer; the reference answer stands in for the rubric."""
    samples = []
    for path in sorted(split_dir.glob("*.xml")):
        root = ET.parse(path).getroot()  # noqa: S314 - trusted local data
        reference = " ".join((r.text or "").strip() for r in root.iter("referenceAnswer"))
        question = {"prompt": (root.findtext("questionText") or "").strip(),
                    "rubric": [], "reference_answer": reference}
        for item in root.iter("studentAnswer"):
            samples.append(Sample(question, (item.findtext("response") or "").strip(),
                                  float((item.findtext("score") or "0").strip()), path.stem))
    return samples


def load_graded(path: Path = GRADED_SAMPLES) -> list[Sample]:
    """The project's graded samples: batch-format lines with a human `grade`."""
    samples = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                samples.append(Sample(row["question"], row["answer"], float(row["grade"]),
                                      row.get("quality", "")))
    return samples


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation; 0 when either side is constant."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a, b = a - a.mean(), b - b.mean()
    denominator = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / denominator) if denominator else 0.0


def ranks(values: Sequence[float]) -> np.ndarray:
    """1-based ranks, ties sharing their average rank."""
    data = np.asarray(values, dtype=float)
    order = np.argsort(data, kind="mergesort")
    result = np.empty(len(data), dtype=float)
    i = 0
    while i < len(data):
        j = i
        while j + 1 < len(data) and data[order[j + 1]] == data[order[i]]:
            j += 1
        result[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman correlation: Pearson on (tie-averaged) ranks."""
    return pearson(ranks(x), ranks(y))


def featurise(samples: list[Sample]) -> tuple[list[AnswerFeatures], float]:
    """Features of every sample and the mean milliseconds per answer."""
    embeddings.get_model()
    start = time.perf_counter()
    features = [extract(s.question, s.answer) for s in samples]
    return features, 1000 * (time.perf_counter() - start) / max(1, len(samples))


def totals(features: list[AnswerFeatures], weights: Weights) -> list[float]:
    """Weighted totals under the given weights (cheap: features are precomputed)."""
    result = []
    for f in features:
        scores = combine(f, weights)
        point_weights = [p.point.weight or 1.0 for p in f.points]
        result.append(sum(w * s for w, s in zip(point_weights, scores, strict=True))
                      / sum(point_weights))
    return result


def report(samples: list[Sample], features: list[AnswerFeatures], ms: float,
           weights: Weights = WEIGHTS) -> dict[str, float]:
    """Correlation figures for one split."""
    predicted = totals(features, weights)
    grades = [s.grade for s in samples]
    return {"n": len(samples), "pearson": round(pearson(predicted, grades), 3),
            "spearman": round(spearman(predicted, grades), 3),
            "mae": round(float(np.mean(np.abs(np.subtract(predicted, grades)))), 3),
            "ms_per_answer": round(ms, 2)}


# Not tuned, set by design (see README.md): explain_floor and min_words (SAF's graders accept
# terse lists and never see keyword stuffing, but the product must not reward either), and
# reference (SAF has no rubric, so its reference answer is the rubric and adds nothing).
GRID: dict[str, tuple[float, ...]] = {
    "coverage": (0.0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0),
    "semantic": (0.0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0),
    "sem_lo": (-0.1, 0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    "sem_hi": (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6),
    "ref_lo": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
    "ref_hi": (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
    "derived_saturation": (0.3, 0.4, 0.5, 0.6, 0.8, 1.0),
    "gamma": (0.3, 0.4, 0.5, 0.6, 0.8, 1.0),
    "explain_full": (0.3, 0.4, 0.5, 0.6, 0.8, 1.0),
}


def objective(features: list[AnswerFeatures], grades: list[float], weights: Weights) -> float:
    """What tuning maximises: the mean of Pearson and Spearman."""
    predicted = totals(features, weights)
    return (pearson(predicted, grades) + spearman(predicted, grades)) / 2


def tune(samples: list[Sample], start: Weights = WEIGHTS, rounds: int = 3) -> Weights:
    """Coordinate search over GRID on the given (training) samples only."""
    features, _ = featurise(samples)
    grades = [s.grade for s in samples]
    best, best_value = start, objective(features, grades, start)
    for _ in range(rounds):
        improved = False
        for name, values in GRID.items():
            for value in values:
                candidate = replace(best, **{name: value})
                score = objective(features, grades, candidate)
                if score > best_value + 1e-4:
                    best, best_value, improved = candidate, score, True
        if not improved:
            break
    return best


def splits(saf: Path | None = None) -> dict[str, list[Sample]]:
    """Every split that is available: graded samples, then SAF if the folder exists."""
    result: dict[str, list[Sample]] = {}
    if GRADED_SAMPLES.exists():
        result["graded_samples"] = load_graded()
    saf = saf or calibration_dir()
    for name in SAF_SPLITS:
        if (saf / name).is_dir():
            result[f"saf_{name}"] = load_saf(saf / name)
    return result


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Print correlations per split (and, with --tune, the weights tuned on training)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--tune", action="store_true", help="tune weights on SAF training")
    args = parser.parse_args(argv)
    data = splits()
    weights = WEIGHTS
    if args.tune and "saf_training" in data:
        weights = tune(data["saf_training"])
        print("tuned weights:", json.dumps(asdict(weights)))
    results = {}
    for name, samples in data.items():
        features, ms = featurise(samples)
        results[name] = report(samples, features, ms, weights)
    print(json.dumps(results, indent=2) if args.json else table(results))
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    """One line per split, for people."""
    return "\n".join(f"{name:26} n={f['n']:5}  pearson={f['pearson']:+.3f}  "
                     f"spearman={f['spearman']:+.3f}  mae={f['mae']:.3f}  "
                     f"{f['ms_per_answer']:.1f} ms/answer" for name, f in results.items())


if __name__ == "__main__":
    main()
