"""The end-of-session debrief: score per kind against the target level's bar, strongest and
weakest criteria across the answers, what to practise next and the time used."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from interview.bank.models import QuestionTopic
from interview.extensions import db
from interview.practice.models import CriterionScore, PracticeSession
from interview.practice.progress import READY, recommended_ids, recommended_questions

CRITERIA_SHOWN = 3


@dataclass
class KindScore:
    kind: str
    mean: float
    answers: int
    meets_bar: bool


@dataclass
class Criterion:
    point: str
    score: float
    title: str
    attempt_id: int


@dataclass
class Debrief:
    level: str
    bar: float
    kinds: list[KindScore]
    strongest: list[Criterion]
    weakest: list[Criterion]
    practise: list = field(default_factory=list)  # bank Questions to try next
    practise_kinds: list[str] = field(default_factory=list)
    skipped: list = field(default_factory=list)  # questions left unanswered (SessionItems)
    answered: int = 0
    questions: int = 0
    unanswered: int = 0
    pending: int = 0
    seconds_answering: int = 0
    seconds_elapsed: int | None = None


def debrief(session: PracticeSession, level: str) -> Debrief:
    """Everything from the session's scored answers (follow-ups count with their kind)."""
    attempts = [i.attempt for i in session.items if i.attempt is not None]
    scored = [a for a in attempts if a.score is not None]
    by_kind: dict[str, list[float]] = {}
    for a in scored:
        by_kind.setdefault(a.kind, []).append(a.score.total)  # type: ignore[union-attr]
    kinds = [KindScore(kind, sum(v) / len(v), len(v), sum(v) / len(v) >= READY)
             for kind, v in by_kind.items()]
    criteria = _criteria(scored)
    weak_questions = {a.question_id for a in scored if a.score and a.score.total < READY}
    topics = list(dict.fromkeys(db.session.scalars(
        select(QuestionTopic.topic_id).where(QuestionTopic.question_id.in_(weak_questions))
        .order_by(QuestionTopic.topic_id)))) if weak_questions else []
    asked = {a.question_id for a in attempts}
    ids = [q for q in recommended_ids(session.candidate_id, level, topics, n=6)
           if q not in asked][:3]
    elapsed = None
    if session.finished_at is not None:
        elapsed = int((session.finished_at - session.created_at).total_seconds())
    return Debrief(
        level=level, bar=READY, kinds=kinds,
        strongest=criteria[::-1][:min(CRITERIA_SHOWN, (len(criteria) + 1) // 2)],
        weakest=criteria[:min(CRITERIA_SHOWN, len(criteria) // 2)],
        skipped=[q for q in session.questions if q.attempt is None],
        practise=recommended_questions(ids),
        practise_kinds=[k.kind for k in kinds if not k.meets_bar],
        answered=sum(1 for q in session.questions if q.attempt is not None),
        questions=len(session.questions),
        unanswered=sum(1 for i in session.items if i.attempt is None),
        pending=len(attempts) - len(scored),
        seconds_answering=sum(a.seconds_taken or 0 for a in attempts),
        seconds_elapsed=elapsed)


def _criteria(scored: list) -> list[Criterion]:
    """Every criterion of every scored answer, weakest first; the test share of coding
    answers is left out (the code's tests are shown on its result). The strongest come from
    the top half and the weakest from the bottom half, so no criterion is in both."""
    ids = [a.score.id for a in scored]
    if not ids:
        return []
    by_score = {a.score.id: a for a in scored}
    rows = db.session.scalars(select(CriterionScore).where(CriterionScore.score_id.in_(ids)))
    out = [Criterion(c.point, c.score, by_score[c.score_id].title, by_score[c.score_id].id)
           for c in rows if c.point_id != "tests"]
    return sorted(out, key=lambda c: (c.score, c.point))
