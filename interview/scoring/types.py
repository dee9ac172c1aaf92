"""Plain result types shared by the offline scorer, the LLM judge and their callers.

Both scorers return the same `ScoreResult` so that storage, pages and the API never need to
know which one produced a score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class CriterionResult:
    """The score of one rubric point, with the evidence that justifies it."""

    point_id: str
    point: str
    weight: float
    score: float  # 0..1
    quote: str | None  # verbatim substring of the answer, or None
    feedback: str  # one or two sentences to the candidate


@dataclass
class ScoreResult:
    """A whole answer's score: weighted mean of criteria plus who scored it."""

    total: float  # 0..1, weighted mean of criteria
    criteria: list[CriterionResult]
    scorer: str  # "offline" | "llm" | "fallback"
    model: str | None  # LLM model name, or the embedding model for offline
    feedback: str  # overall feedback
    injection: list[str]  # excerpts of answer text addressing the grader
    error: str | None = None  # why the LLM failed (for fallback)
    prompt_version: str | None = None  # the judge prompt's version (LLM scores only)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (used by batch output, the API and storage)."""
        return asdict(self)


@dataclass(frozen=True)
class JudgeSettings:
    """How to reach an OpenAI-compatible endpoint; retries are ours, not the client's."""

    base_url: str | None
    api_key: str
    model: str
    timeout: float = 30.0
    max_retries: int = 2
    backoff: float = 0.5
    max_tokens: int | None = 2000  # reply token limit (None: the endpoint's default)
    seed: int | None = 7  # sent where the endpoint supports it, for repeatable scores


@dataclass(frozen=True)
class RubricPoint:
    """One rubric point in a normalised shape: every point has an id and a float weight."""

    id: str
    point: str
    weight: float
    strong: str = ""
    terms: tuple[str, ...] = field(default_factory=tuple)


def rubric_points(question: dict[str, Any]) -> list[RubricPoint]:
    """Normalise the question's rubric so both scorers see the same ids and weights.

    Batch input may omit ids and use any positive weights; ids default to p1, p2, ...
    """
    points = []
    for index, raw in enumerate(question.get("rubric") or [], start=1):
        if not isinstance(raw, dict) or not str(raw.get("point") or "").strip():
            raise ValueError(f"rubric point {index} needs a 'point' text")
        weight = float(raw.get("weight", 1) or 0)
        if weight < 0:
            raise ValueError(f"rubric point {index} has a negative weight")
        terms = tuple(str(t) for t in raw.get("terms") or [] if str(t).strip())
        points.append(RubricPoint(str(raw.get("id") or f"p{index}"), str(raw["point"]).strip(),
                                  weight, str(raw.get("strong") or "").strip(), terms))
    return points


def reference_text(question: dict[str, Any]) -> str:
    """The reference answer: `reference_answer` in batch input, `model_answer` in the bank;
    a reference diagram (a ```mermaid block) is read as sentences, like a candidate's."""
    from interview.scoring.diagram import answer_for_scoring

    return answer_for_scoring(str(question.get("reference_answer") or question.get(
        "model_answer") or "").strip())


def weighted_total(criteria: list[CriterionResult]) -> float:
    """Weighted mean of criterion scores; equal weights if all weights are zero."""
    if not criteria:
        return 0.0
    weights = [c.weight for c in criteria]
    if sum(weights) <= 0:
        weights = [1.0] * len(criteria)
    return round(sum(w * c.score for w, c in zip(weights, criteria, strict=True)) / sum(weights), 4)
