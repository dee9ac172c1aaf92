"""The offline rubric scorer: deterministic, no network, a few milliseconds per answer.

Each rubric point is scored from three kinds of evidence, blended with weights tuned on
held-out human grades (see calibrate.py and README.md):

* coverage: the point's terms (or, without terms, the content words of the point and of
  what a strong answer says), stemmed, multi-word terms matched within a small window, and
  never credited when negated ("we did not monitor drift");
* semantic similarity of the answer's sentences to the point, from wordllama embeddings;
* agreement with the reference answer, when the question has one.

Then the whole answer is discounted when it is too short or reads like a bare list of terms
(keyword stuffing), and text addressed to the grader is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from interview.scoring import embeddings
from interview.scoring.features import (  # noqa: F401 - re-exported for callers
    LISTED_EXPLANATION,
    QUOTE_MIN_SCORE,
    AnswerFeatures,
    PointFeatures,
    extract,
    question_points,
    ramp,
    rubric_from_reference,
)
from interview.scoring.text import (
    Sentence,
)
from interview.scoring.types import (
    CriterionResult,
    ScoreResult,
    weighted_total,
)


@dataclass(frozen=True)
class Weights:
    """Tunable constants of the scorer; defaults come from `calibrate --tune` on training."""

    coverage: float = 0.6  # weight of term coverage
    semantic: float = 0.45  # weight of the point's semantic similarity
    reference: float = 0.2  # weight of agreement with the reference answer (set by design)
    sem_lo: float = 0.1  # cosine at which semantic credit starts
    sem_hi: float = 0.2  # cosine at which semantic credit is full
    ref_lo: float = 0.0
    ref_hi: float = 0.4
    saturation: float = 0.6  # share of a point's bank terms that earns full coverage
    derived_saturation: float = 1.0  # the same for words taken from the point text
    min_words: int = 12  # answers shorter than this are discounted (set by design)
    explain_floor: float = 0.25  # multiplier for a bare list of terms (set by design)
    bank_explain_floor: float = 0.15  # the same against a bank rubric's terms (set by design)
    explain_full: float = 0.3  # explanation score from which there is no discount
    gamma: float = 0.6  # curve applied to each point's evidence before the discounts
    sem_alone: float = 0.25  # share of semantic credit a bank point keeps with no term found
    no_evidence_cap: float = 0.2  # most a point can score with no term and no close sentence
    # An answer to another question: few of its words belong to this question, and it reads
    # unlike the prompt. Either signal alone clears it (set by design, see README.md).
    topic_lex_lo: float = 0.05  # share of the answer's content words found in the question
    topic_lex_hi: float = 0.25
    topic_sem_lo: float = 0.05  # similarity of the whole answer to the prompt
    topic_sem_hi: float = 0.2
    off_topic_floor: float = 0.2  # multiplier for an answer that is about something else


WEIGHTS = Weights()

def combine(features: AnswerFeatures, w: Weights = WEIGHTS) -> list[float]:
    """Blend the evidence into one 0..1 score per point with the given weights."""
    quality = _quality(features, w)
    ref = None
    if features.ref_recall is not None:
        ref = 0.5 * features.ref_recall + 0.5 * ramp(features.ref_semantic or 0, w.ref_lo, w.ref_hi)
    return [round(_capped(pf, _evidence(pf, ref, w) ** w.gamma, w) * quality, 4)
            for pf in features.points]


def _capped(pf: PointFeatures, score: float, w: Weights) -> float:
    """A point with no term and no close sentence has no evidence: its credit stays low.

    This keeps the score consistent with the feedback, which calls such a point missing.
    """
    if pf.best_sentence is not None or not pf.explicit_terms:
        return score
    return min(score, w.no_evidence_cap)


def _evidence(pf: PointFeatures, ref: float | None, w: Weights) -> float:
    """Weighted mean of one point's evidence, 0..1, before the answer-level discounts."""
    saturation = w.saturation if pf.explicit_terms else w.derived_saturation
    # Similarity cannot see negation: a point whose terms are denied gets less of it.
    semantic = ramp(pf.semantic, w.sem_lo, w.sem_hi) * (1 - pf.negated_share)
    covered = min(1.0, pf.coverage / saturation)
    if pf.explicit_terms:
        # Embeddings see topic, not content: any ML text is "close" to any ML point. A bank
        # point names its own terms, so similarity without any of them earns little.
        semantic *= w.sem_alone + (1 - w.sem_alone) * covered
    parts = [(w.coverage, covered), (w.semantic, semantic)]
    if ref is not None and not pf.explicit_terms:
        # Bank points name their own terms; the reference helps points that do not.
        parts.append((w.reference, ref))
    total_weight = sum(weight for weight, _ in parts) or 1.0
    return float(sum(weight * value for weight, value in parts) / total_weight)


def _quality(features: AnswerFeatures, w: Weights) -> float:
    """Discount for very short answers and for lists of terms without explanation."""
    length = min(1.0, features.word_count / max(1, w.min_words)) ** 0.5
    explanation = features.explanation
    if features.list_question:
        explanation = max(explanation, LISTED_EXPLANATION)
    # A bank rubric names its terms, so a list of them can reach full coverage: stricter.
    bank = any(pf.explicit_terms for pf in features.points)
    floor = w.bank_explain_floor if bank else w.explain_floor
    explained = floor + (1 - floor) * ramp(explanation, 0.0, w.explain_full)
    return length * explained * _on_topic(features, w)


def _on_topic(features: AnswerFeatures, w: Weights) -> float:
    """Multiplier for an answer to a different question: 1 unless both signals say so.

    Only for bank rubrics: their terms, strong texts and model answer give a vocabulary rich
    enough to judge by. A one-sentence reference (SAF, batch input) is too thin: on SAF this
    check wrongly flagged correct answers worded differently from the reference.
    """
    if not any(pf.explicit_terms for pf in features.points):
        return 1.0
    topical = max(ramp(features.topic_words, w.topic_lex_lo, w.topic_lex_hi),
                  ramp(features.topic_similarity, w.topic_sem_lo, w.topic_sem_hi))
    return w.off_topic_floor + (1 - w.off_topic_floor) * topical


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
    if features.word_count < w.min_words:
        notes.append("The answer is very short; explain your reasoning in full sentences.")
    elif features.explanation < 0.5:
        notes.append("Much of the answer reads like a list of terms; explain how they connect.")
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


__all__ = ["WEIGHTS", "Weights", "combine", "extract", "replace", "score_offline"]
