"""Fit the offline scorer's two small logistic models on training data only.

    python -m interview.scoring.fit            # writes interview/scoring/coefficients.json

Each rubric point's score is `sigmoid(intercept + coef . features)` (features.FEATURES: recall,
soft alignment and question-demoted similarity, against the point and against the reference
answer, and plain token recall of the reference); an answer's score is the mean over its
points. The coefficients minimise the cross-entropy between that mean and the human grade
(SAF: 0..1; SemEval-2013: 1 for `correct`, 0 otherwise), with a small L2 penalty.

Two models, fitted on the same answers:

* `reference`, for rubrics derived from the reference answer (as in SAF and SemEval), on
  features computed as the scorer computes them for such rubrics;
* `terms`, for rubrics with bank terms, on features computed with the guard those rubrics
  get (a sentence that names the terms of several points credits one of them), so that the
  model sees at training what it sees in use.

Choices, made by checking SAF training and never the held-out splits:

* SAF answers under 12 words are left out: nearly all are non-answers graded 0, so they
  teach length, not content (the scorer discounts near-empty answers by rule instead).
* SAF carries 90% of the weight and each SemEval corpus 5%: SAF's graded 0..1 scale is the
  one the scorer reports; SemEval's labels are binary (SAF training 12+: 0.408 against 0.397
  with 80/10/10).

Fitted on: SAF `training` and the SemEval-2013 training corpora (beetle, sciEntsBank). Never
on SAF `unseen_answers` / `unseen_questions` or the project's graded samples.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

COEFFICIENTS = Path(__file__).with_name("coefficients.json")
L2 = 1e-3


def _sigmoid(z: np.ndarray) -> np.ndarray:
    squashed: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return squashed


def fit(matrices: list[np.ndarray], grades: list[float], weights: list[float] | None = None,
        steps: int = 1500) -> tuple[float, np.ndarray]:
    """Intercept and coefficients for per-point logistic scores averaged per answer.

    `matrices[i]` holds one row of features per rubric point of answer i. Deterministic:
    full-batch Adam from zero.
    """
    sizes = np.array([len(m) for m in matrices])
    keep = sizes > 0
    matrices = [m for m, k in zip(matrices, keep, strict=True) if k]
    y = np.asarray(grades, dtype=float)[keep]
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)[keep]
    w = w / w.sum()
    x = np.vstack(matrices)
    x = np.hstack([np.ones((len(x), 1)), x])
    owner = np.repeat(np.arange(len(matrices)), [len(m) for m in matrices])
    counts = np.bincount(owner).astype(float)
    theta = np.zeros(x.shape[1])
    m_t, v_t = np.zeros_like(theta), np.zeros_like(theta)
    for step in range(1, steps + 1):
        s = _sigmoid(x @ theta)
        p = np.clip(np.bincount(owner, s) / counts, 1e-6, 1 - 1e-6)
        d_p = w * (p - y) / (p * (1 - p))  # d loss / d answer probability
        grad = x.T @ (d_p[owner] / counts[owner] * s * (1 - s))
        grad[1:] += 2 * L2 * theta[1:]
        m_t = 0.9 * m_t + 0.1 * grad
        v_t = 0.999 * v_t + 0.001 * grad * grad
        rate = 0.05 if step < steps // 2 else 0.01
        theta -= rate * (m_t / (1 - 0.9 ** step)) / (np.sqrt(v_t / (1 - 0.999 ** step)) + 1e-9)
    return float(theta[0]), theta[1:]


SHARES = {"saf": 0.9, "beetle": 0.05, "sciEntsBank": 0.05}
MIN_WORDS = 12  # SAF answers shorter than this are not fitted on (see above)


def corpus_weights(groups: list[str]) -> list[float]:
    """Weights giving each corpus (the part of a group name before ':') its share in SHARES."""
    corpora = [g.split(":", 1)[0] for g in groups]
    counts = {c: corpora.count(c) for c in set(corpora)}
    return [SHARES.get(c, 0.1) / counts[c] for c in corpora]


def usable(group: str, answer: str) -> bool:
    """Whether an answer is fitted on: every SemEval answer, SAF answers of 12+ words."""
    return not group.startswith("saf:") or len(answer.split()) >= MIN_WORDS


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Fit both models on every training split available and write coefficients.json."""
    from interview.scoring import calibrate
    from interview.scoring.features import FEATURES, guard_every_rubric

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=COEFFICIENTS)
    args = parser.parse_args(argv)
    samples = [s for s in calibrate.training_samples() if usable(s.group, s.answer)]
    groups = [s.group for s in samples]
    grades = [s.grade for s in samples]
    models = {}
    for kind, guard in (("reference", False), ("terms", True)):
        guard_every_rubric(guard)
        try:
            features, _ = calibrate.featurise(samples)
        finally:
            guard_every_rubric(False)
        intercept, coef = fit([f.matrix() for f in features], grades, corpus_weights(groups))
        models[kind] = {"intercept": round(intercept, 4),
                        "coef": [round(float(c), 4) for c in coef]}
    data = {"features": list(FEATURES), "models": models,
            "fitted_on": sorted({g.split(":", 1)[0] for g in groups}),
            "shares": SHARES, "n_answers": len(samples),
            "command": "python -m interview.scoring.fit"}
    args.output.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=2))
    return data


if __name__ == "__main__":
    main()
