"""The offline rubric scorer: deterministic, no network, a few milliseconds per answer.

Each rubric point gets evidence (features.py): question-demoted recall of its terms and of
the reference answer, soft word alignment with wordllama's token vectors, and question-demoted
sentence similarity. A small logistic model, fitted on training data only (fit.py, stored in
coefficients.json), turns a point's evidence into its score. Each question's scale is then
anchored: its own prompt pasted back scores 0, its reference answer 1.

Guards: only near-empty answers lose points for length; a sentence made mostly of rubric
terms credits one point only; sentences that wrap rubric terms in filler earn nothing when
they make up the answer; a point whose terms are only denied stays low; an answer that is
not English, or does not read as sentences, scores near 0 and says why; text addressed to
the grader is ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from interview.scoring import embeddings
from interview.scoring.features import (  # noqa: F401 - re-exported for callers
    FEATURES,
    LISTED_EXPLANATION,
    QUOTE_MIN_SCORE,
    AnswerFeatures,
    PointFeatures,
    extract,
    question_points,
    ramp,
    rubric_from_reference,
)
from interview.scoring.fit import COEFFICIENTS
from interview.scoring.text import (
    Sentence,
)
from interview.scoring.types import (
    CriterionResult,
    ScoreResult,
    weighted_total,
)


@dataclass(frozen=True)
class Model:
    """The fitted logistic model: one score per point from its features."""

    intercept: float
    coef: tuple[float, ...]

    def point_scores(self, features: AnswerFeatures) -> np.ndarray:
        """sigmoid(intercept + coef . features) for each point, before anchoring."""
        z = self.intercept + features.matrix() @ np.asarray(self.coef)
        squashed: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return squashed


def load_model(kind: str = "reference") -> Model:
    """The coefficients shipped in the package (written by `python -m interview.scoring.fit`).

    `terms` is the model for rubrics with bank terms, `reference` for rubrics derived from
    the reference answer (see fit.py).
    """
    data = json.loads(COEFFICIENTS.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("coefficients.json does not match features.FEATURES; re-run fit")
    model = data["models"][kind]
    return Model(float(model["intercept"]), tuple(float(c) for c in model["coef"]))


MODEL = load_model("reference")
TERMS_MODEL = load_model("terms")


@dataclass(frozen=True)
class Weights:
    """Constants set by design (not fitted); see README.md."""

    anchor: bool = True  # rescale so the prompt scores 0 and the reference 1
    min_span: float = 0.25  # smallest prompt-to-reference span, so a thin reference cannot inflate
    near_empty_words: int = 6  # answers shorter than this are discounted in proportion
    unreadable: float = 0.05  # multiplier for an answer not in English or not in sentences
    no_evidence_cap: float = 0.2  # most a bank point can score with no term, no close sentence


WEIGHTS = Weights()


def combine(features: AnswerFeatures, w: Weights = WEIGHTS, model: Model | None = None
            ) -> list[float]:
    """One 0..1 score per point: fitted model, anchored to the question, then the guards."""
    model = model or (TERMS_MODEL if features.bank_terms else MODEL)
    scores = model.point_scores(features)
    if w.anchor and features.anchors is not None:
        low_features, high_features = features.anchors
        low = model.point_scores(low_features)
        high = model.point_scores(high_features) if high_features is not None else np.ones_like(
            low)
        high = np.maximum(high, low + w.min_span)
        scores = np.clip((scores - low) / (high - low), 0.0, 1.0)
    factor = min(1.0, features.word_count / max(1, w.near_empty_words))
    if features.not_english or features.shuffled:
        factor *= w.unreadable
    return [round(_capped(pf, float(score), w) * factor, 4)
            for pf, score in zip(features.points, scores, strict=True)]


def _capped(pf: PointFeatures, score: float, w: Weights) -> float:
    """A bank point with no term and no close sentence has no evidence: its credit stays low.

    This keeps the score consistent with the feedback, which calls such a point missing. A
    point none of whose terms is affirmed while at least half are denied ("we did not do A,
    B or C") is capped the same way, less its denied share: similarity cannot see negation.
    """
    if pf.explicit_terms and pf.coverage == 0 and pf.negated_share >= 0.5:
        return min(score, w.no_evidence_cap * (1 - pf.negated_share))
    if pf.best_sentence is not None or not pf.explicit_terms:
        return score
    return min(score, w.no_evidence_cap)


def score_offline(question: dict[str, Any], answer: str, weights: Weights = WEIGHTS
                  ) -> ScoreResult:
    """Score an answer against the rubric without any network access."""
    features = extract(question, answer or "")
    scores = combine(features, weights)
    criteria = [_criterion(pf, score, features.sentences)
                for pf, score in zip(features.points, scores, strict=True)]
    return ScoreResult(total=weighted_total(criteria), criteria=criteria, scorer="offline",
                       model=embeddings.MODEL_NAME, feedback=_overall(criteria, features, weights),
                       injection=[e.text for e in features.injections])


def _criterion(pf: PointFeatures, score: float, sents: list[Sentence]) -> CriterionResult:
    """One point's result: score, the verbatim sentence that supports it, and feedback."""
    quote = None
    if pf.best_sentence is not None and score >= QUOTE_MIN_SCORE:
        quote = sents[pf.best_sentence].text
    return CriterionResult(pf.point.id, pf.point.point, pf.point.weight, score, quote,
                           _point_feedback(pf, score, quote))


def _point_feedback(pf: PointFeatures, score: float, quote: str | None) -> str:
    """A sentence or two telling the candidate what earned credit or what was missing."""
    point = pf.point.point.rstrip(".")
    if score >= 0.6 and quote:
        return f"You covered {_lower_first(point)}: '{_shorten(quote)}'."
    if pf.negated:
        return (f"Partly covered: {_lower_first(point)}. You mention "
                f"{', '.join(pf.negated[:3])} only to say it was not done; say what you would do.")
    if score >= 0.3:
        extra = f" Say more about {', '.join(pf.missing[:3])}." if pf.missing else ""
        return f"Partly covered: {_lower_first(point)}.{extra}"
    strong = f" A strong answer: {pf.point.strong.rstrip('.')}." if pf.point.strong else ""
    return f"Missing: {_lower_first(point)}.{strong}"


def _overall(criteria: list[CriterionResult], features: AnswerFeatures, w: Weights) -> str:
    """Overall feedback: best and weakest points, then any warning that cost points."""
    notes = []
    if criteria:
        ranked = sorted(criteria, key=lambda c: (c.score, -c.weight))
        best, worst = ranked[-1], ranked[0]
        if best.score >= 0.5:
            notes.append(f"Strongest point: {_lower_first(best.point.rstrip('.'))}.")
        if worst.score < 0.6:
            notes.append(f"Most room to improve: {_lower_first(worst.point.rstrip('.'))}.")
    if features.not_english:
        notes = ["This answer cannot be scored offline: it is not in English."]
    elif features.shuffled:
        notes = ["This answer cannot be scored offline: it does not read as sentences."]
    elif features.word_count < w.near_empty_words:
        notes.append("The answer is very short; explain your reasoning in full sentences.")
    elif features.explanation < 0.5 and not features.list_question:
        notes.append("Much of the answer reads like a list of terms; explain how they connect.")
    elif features.stuffed_sentences:
        notes.append("Some sentences only name rubric terms; use them to explain what you did "
                     "and why.")
    if features.injections:
        notes.append("Text addressed to the grader was ignored.")
    return " ".join(notes) or "A solid answer."


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like an acronym."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _shorten(text: str, limit: int = 90) -> str:
    """Trim a long quote for feedback text (the full quote is stored separately)."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


__all__ = ["MODEL", "TERMS_MODEL", "WEIGHTS", "Model", "Weights", "combine", "extract",
           "load_model", "replace", "score_offline"]
