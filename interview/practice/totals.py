"""The one total a user sees: the scorer's, moved by a coach's overrides.

`Score.total` holds it, so every page, chart, readiness figure, coach dashboard, CSV, CLI
export and API field that reads `Score.total` (in Python or in SQL) agrees; where a coach
overrode a criterion, `Score.automatic_total` keeps the scorer's total to show beside it.
"""

from __future__ import annotations

from collections.abc import Mapping

from interview.practice.models import Score


def reviewed_total(automatic_total: float, weighted: list[tuple[float, float, float]]) -> float:
    """The scorer's total moved by the weighted change of every criterion.

    `weighted` holds (weight, scorer's score, reviewed score) per criterion, all in 0..1.
    """
    weight = sum(w for w, _, _ in weighted) or 1.0
    delta = sum(w * (new - old) for w, old, new in weighted)
    return min(1.0, max(0.0, automatic_total + delta / weight))


def apply_review(score: Score, reviewed: Mapping[int, float]) -> None:
    """Set the total a user sees from the reviewed score of each criterion (id -> 0..1)."""
    automatic = score.total if score.automatic_total is None else score.automatic_total
    weighted = [(c.weight, c.score, reviewed.get(c.id, c.score)) for c in score.criteria]
    total = reviewed_total(automatic, weighted)
    score.automatic_total, score.total = automatic, round(total, 4)
