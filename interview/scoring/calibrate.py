"""Measure the offline scorer against human grades, beside two content-free baselines.

    python -m interview.scoring.calibrate [--json] [--quick]

Prints a Markdown table with, per split, the scorer's figure and, beside it, the same figure
for the length baseline `min(1, words/12) ** 0.5` and for plain stemmed token recall of the
reference answer, so a gain that length explains is visible:

* SAF (Pearson, all answers and answers of 12+ words): training (the model was fitted on
  it), unseen_answers and unseen_questions (held out) with the shipped coefficients;
* SemEval-2013 beetle and sciEntsBank (AUC of the score for `correct` against the rest):
  5-fold cross-validation grouped by question, the model refitted in each fold on SAF
  training plus the SemEval questions outside the fold;
* the project's graded ML-interview samples (tests/data/graded_samples.jsonl, Pearson;
  never fitted on).

`--quick` uses every third SemEval question (for tests and a fast look).
"""

from __future__ import annotations

import argparse
import json
import os
import time
import xml.etree.ElementTree as ET  # noqa: S405 - local, trusted calibration files
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from interview.scoring import embeddings
from interview.scoring.fit import corpus_weights, fit, usable
from interview.scoring.rubric import (
    WEIGHTS,
    AnswerFeatures,
    Model,
    combine,
    extract,
)
from interview.scoring.text import content_stems

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
    references: list[str] = field(default_factory=list)  # alternatives (SemEval beetle)


def calibration_dir() -> Path:
    """The SAF folder: $CALIBRATION_DIR, else ../shared/calibration next to the repo."""
    base = Path(os.environ.get("CALIBRATION_DIR") or next(
        (p for p in (REPO.parent / "shared" / "calibration", REPO.parents[1] / "shared" /
                     "calibration") if p.is_dir()), REPO.parent / "shared" / "calibration"))
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
                                  float((item.findtext("score") or "0").strip()),
                                  f"saf:{path.stem}"))
    return samples


def load_semeval(corpus_dir: Path) -> list[Sample]:
    """SemEval-2013 answers: grade 1 for `correct`, 0 for `contradictory` or `incorrect`.

    A question may list several reference answers (beetle: BEST, GOOD, MINIMAL). Each answer
    is scored against the BEST/GOOD reference whose content words overlap its own most
    (F1 of stems), chosen without looking at the label.
    """
    samples = []
    for path in sorted(corpus_dir.glob("*.xml")):
        root = ET.parse(path).getroot()  # noqa: S314 - trusted local data
        refs = [(r.get("category") or "BEST", (r.text or "").strip())
                for r in root.iter("referenceAnswer")]
        chosen = [t for c, t in refs if c in ("BEST", "GOOD") and t] or [t for _, t in refs if t]
        prompt = (root.findtext("questionText") or "").strip()
        for item in root.iter("studentAnswer"):
            answer = (item.text or "").strip()
            reference = max(chosen, key=partial(_overlap, answer=answer))
            question = {"prompt": prompt, "rubric": [], "reference_answer": reference}
            samples.append(Sample(question, answer, float(item.get("accuracy") == "correct"),
                                  f"{corpus_dir.name}:{root.get('id') or path.stem}", chosen))
    return samples


def _overlap(reference: str, answer: str) -> float:
    ref, ans = set(content_stems(reference)), set(content_stems(answer))
    both = len(ref & ans)
    return 2 * both / (len(ref) + len(ans)) if both else 0.0


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


def pearson(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
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


def totals(features: list[AnswerFeatures], model: Model | None = None) -> list[float]:
    """Weighted totals under the given model (cheap: features are precomputed)."""
    result = []
    for f in features:
        scores = combine(f, WEIGHTS, model)
        point_weights = [p.point.weight or 1.0 for p in f.points]
        result.append(sum(w * s for w, s in zip(point_weights, scores, strict=True))
                      / sum(point_weights))
    return result


def length_baseline(answer: str) -> float:
    """Content-free: min(1, words/12) ** 0.5."""
    return float(min(1.0, len(answer.split()) / 12) ** 0.5)


def token_recall(sample: Sample) -> float:
    """Share of the reference answer's content stems that the answer uses (plain recall)."""
    from interview.scoring.types import reference_text

    ref = set(content_stems(reference_text(sample.question)))
    if not ref:
        return 0.0
    return len(ref & set(content_stems(sample.answer))) / len(ref)


def auc(scores: Sequence[float], labels: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    r = ranks(scores)
    positive = np.asarray(labels) > 0.5
    pos, neg = int(positive.sum()), int((~positive).sum())
    if not pos or not neg:
        return 0.5
    return float((r[positive].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _figures(measure: str, predicted: list[float], samples: list[Sample]) -> dict[str, Any]:
    grades = [s.grade for s in samples]
    metric = auc if measure == "AUC" else pearson
    row = {"n": len(samples), "measure": measure,
           "scorer": round(metric(predicted, grades), 3),
           "length": round(metric([length_baseline(s.answer) for s in samples], grades), 3),
           "token_recall": round(metric([token_recall(s) for s in samples], grades), 3)}
    if measure != "AUC":
        row["spearman"] = round(spearman(predicted, grades), 3)
    return row


def long_enough(sample: Sample) -> bool:
    """SAF answers of 12 words or more (shorter ones are nearly all graded 0)."""
    return len(sample.answer.split()) >= 12


def training_samples(quick: bool = False) -> list[Sample]:
    """Everything the model may be fitted on: SAF training and the SemEval training data."""
    base = calibration_dir()
    samples = load_saf(base / "training") if (base / "training").is_dir() else []
    for corpus in semeval_dirs():
        samples += _subset(load_semeval(corpus), quick)
    return samples


def semeval_dirs() -> list[Path]:
    """The SemEval-2013 corpora found next to SAF."""
    root = calibration_dir().parent / "semeval2013-train"
    return [root / name for name in ("beetle", "sciEntsBank") if (root / name).is_dir()]


def _subset(samples: list[Sample], quick: bool) -> list[Sample]:
    if not quick:
        return samples
    groups = sorted({s.group for s in samples})
    kept = set(groups[::3])
    return [s for s in samples if s.group in kept]


def fold_of(group: str, folds: int = 5) -> int:
    """Deterministic fold of a question (a checksum of its id, so it never depends on order)."""
    return zlib.crc32(group.encode("utf-8")) % folds


def grouped_cv(saf_training: list[Sample], saf_features: list[AnswerFeatures],
               semeval: list[Sample], semeval_features: list[AnswerFeatures],
               folds: int = 5) -> list[float]:
    """Scores for SemEval answers from models fitted without their question's fold."""
    predicted = [0.0] * len(semeval)
    fold = [fold_of(s.group, folds) for s in semeval]
    for k in range(folds):
        train = [i for i, f in enumerate(fold) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        if not test:
            continue
        samples = saf_training + [semeval[i] for i in train]
        feats = saf_features + [semeval_features[i] for i in train]
        kept = [j for j, s in enumerate(samples) if usable(s.group, s.answer)]
        samples, feats = [samples[j] for j in kept], [feats[j] for j in kept]
        intercept, coef = fit([f.matrix() for f in feats], [s.grade for s in samples],
                              corpus_weights([s.group for s in samples]))
        model = Model(intercept, tuple(coef))
        for i, score in zip(test, totals([semeval_features[i] for i in test], model),
                            strict=True):
            predicted[i] = score
    return predicted


def evaluate(quick: bool = False) -> dict[str, dict[str, Any]]:
    """Every row of the calibration table, as a dict per split."""
    results: dict[str, dict[str, Any]] = {}
    base = calibration_dir()
    saf = {name: load_saf(base / name) for name in SAF_SPLITS if (base / name).is_dir()}
    saf_features: dict[str, list[AnswerFeatures]] = {}
    for name, samples in saf.items():
        feats, ms = featurise(samples)
        saf_features[name] = feats
        predicted = totals(feats)
        note = " (fitted on)" if name == "training" else ""
        results[f"SAF {name}{note}"] = {**_figures("Pearson", predicted, samples),
                                         "ms_per_answer": round(ms, 2)}
        longer = [i for i, s in enumerate(samples) if long_enough(s)]
        if len(longer) < 2:
            continue
        results[f"SAF {name}{note}, 12+ words"] = _figures(
            "Pearson", [predicted[i] for i in longer], [samples[i] for i in longer])
    corpora = {path.name: _subset(load_semeval(path), quick) for path in semeval_dirs()}
    if corpora:
        semeval = [s for samples in corpora.values() for s in samples]
        semeval_features, ms = featurise(semeval)
        predicted = grouped_cv(saf.get("training", []), saf_features.get("training", []),
                               semeval, semeval_features)
        start = 0
        for name, samples in corpora.items():
            part = predicted[start:start + len(samples)]
            start += len(samples)
            label = f"SemEval-2013 {name}, 5-fold CV by question" + (" (1/3 of questions)"
                                                                      if quick else "")
            results[label] = {**_figures("AUC", part, samples), "ms_per_answer": round(ms, 2)}
    if GRADED_SAMPLES.exists():
        samples = load_graded()
        feats, ms = featurise(samples)
        results["graded ML-interview samples (not fitted on)"] = {
            **_figures("Pearson", totals(feats), samples), "ms_per_answer": round(ms, 2)}
    return results


def table(results: dict[str, dict[str, Any]]) -> str:
    """The Markdown table printed by the command."""
    lines = ["| data | n | measure | scorer | length baseline | token recall |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, row in results.items():
        lines.append(f"| {name} | {row['n']} | {row['measure']} | **{row['scorer']:.3f}** | "
                     f"{row['length']:.3f} | {row['token_recall']:.3f} |")
    lines.append("")
    lines.append("Model fitted on SAF training (answers of 12+ words) + SemEval-2013 beetle and "
                 "sciEntsBank training (`python -m interview.scoring.fit`); in the SemEval rows "
                 "it is refitted per fold without the held-out questions.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Print the calibration table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--quick", action="store_true", help="every third SemEval question")
    args = parser.parse_args(argv)
    results = evaluate(args.quick)
    print(json.dumps(results, indent=2) if args.json else table(results))
    return results


if __name__ == "__main__":
    main()
