"""History, progress over time, weakest topics, spaced recommendations and readiness.

Every function here is one or two grouped queries, whatever the number of attempts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from interview.accounts.models import utcnow
from interview.bank.models import Question, QuestionLevel, QuestionTopic
from interview.extensions import db
from interview.practice.models import Attempt
from interview.scoring.models import Score


@dataclass(frozen=True)
class HistoryFilter:
    kind: str | None = None
    topic: str | None = None
    status: str | None = None


def history_query(user_id: int, flt: HistoryFilter):
    stmt = select(Attempt).where(Attempt.candidate_id == user_id)
    if flt.kind:
        stmt = stmt.where(Attempt.kind == flt.kind)
    if flt.status:
        stmt = stmt.where(Attempt.status == flt.status)
    if flt.topic:
        stmt = stmt.where(Attempt.question_id.in_(
            select(QuestionTopic.question_id).where(QuestionTopic.topic_id == flt.topic)))
    return stmt.order_by(Attempt.submitted_at.desc(), Attempt.id.desc())


def topic_averages(user_id: int) -> dict[str, float]:
    """Mean score per topic over the user's scored attempts."""
    stmt = (select(QuestionTopic.topic_id, func.avg(Score.total))
            .join(Attempt, Attempt.id == Score.attempt_id)
            .join(QuestionTopic, QuestionTopic.question_id == Attempt.question_id)
            .where(Attempt.candidate_id == user_id).group_by(QuestionTopic.topic_id))
    return {topic: float(avg) for topic, avg in db.session.execute(stmt)}


def weakest_topics(user_id: int, n: int = 5) -> list[tuple[str, float]]:
    return sorted(topic_averages(user_id).items(), key=lambda kv: kv[1])[:n]


def recently_answered(user_id: int, days: int = 3) -> set[str]:
    since = utcnow() - timedelta(days=days)
    stmt = select(Attempt.question_id).where(Attempt.candidate_id == user_id,
                                             Attempt.submitted_at >= since)
    return set(db.session.scalars(stmt))


@dataclass
class Point:
    week: datetime
    mean: float
    low: float
    high: float
    n: int


def trend(user_id: int, weeks: int = 26) -> dict[str, list[Point]]:
    """Weekly mean and spread (min..max) of scores per kind."""
    since = utcnow() - timedelta(weeks=weeks)
    stmt = (select(Attempt.kind, Attempt.submitted_at, Score.total)
            .join(Score, Score.attempt_id == Attempt.id)
            .where(Attempt.candidate_id == user_id, Attempt.submitted_at >= since))
    buckets: dict[str, dict[datetime, list[float]]] = defaultdict(lambda: defaultdict(list))
    for kind, at, total in db.session.execute(stmt):
        monday = (at - timedelta(days=at.weekday())).replace(hour=0, minute=0, second=0,
                                                             microsecond=0)
        buckets[kind][monday].append(total)
    return {kind: [Point(w, sum(v) / len(v), min(v), max(v), len(v))
                   for w, v in sorted(weeks_.items())] for kind, weeks_ in buckets.items()}


def _question_stats(user_id: int):
    stmt = (select(Attempt.question_id, func.count(Attempt.id), func.max(Attempt.submitted_at),
                   func.avg(Score.total))
            .join(Score, Score.attempt_id == Attempt.id)
            .where(Attempt.candidate_id == user_id).group_by(Attempt.question_id))
    return db.session.execute(stmt).all()


def due_for_review(user_id: int, now: datetime | None = None, n: int = 5) -> list[str]:
    """Questions answered poorly come back after a spaced interval (2, 4, 8... days)."""
    now = now or utcnow()
    due = []
    for qid, times, last, avg in _question_stats(user_id):
        if avg is not None and avg < 0.6 and last + timedelta(days=2 ** min(times, 5)) <= now:
            due.append((avg, qid))
    return [qid for _, qid in sorted(due)[:n]]


def recommendations(user_id: int, level: str, n: int = 5) -> list[Question]:
    """Due reviews first, then unanswered questions on the weakest topics at this level."""
    ids = due_for_review(user_id)
    answered = {row[0] for row in _question_stats(user_id)}
    weak = [t for t, _ in weakest_topics(user_id)]
    if weak and len(ids) < n:
        stmt = (select(QuestionTopic.question_id).join(
            QuestionLevel, QuestionLevel.question_id == QuestionTopic.question_id)
            .join(Question, Question.id == QuestionTopic.question_id)
            .where(QuestionTopic.topic_id.in_(weak), QuestionLevel.level == level,
                   Question.retired.is_(False)).order_by(QuestionTopic.question_id).limit(200))
        ids += [q for q in dict.fromkeys(db.session.scalars(stmt)) if q not in answered]
    ids = list(dict.fromkeys(ids))[:n]
    found = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


READY = 0.7


def readiness(user_id: int) -> dict[str, dict[str, float | int | None]]:
    """Per level: mean score and attempts over questions of that level, and a verdict."""
    stmt = (select(QuestionLevel.level, func.avg(Score.total), func.count(Score.id))
            .join(Attempt, Attempt.id == Score.attempt_id)
            .join(QuestionLevel, QuestionLevel.question_id == Attempt.question_id)
            .where(Attempt.candidate_id == user_id).group_by(QuestionLevel.level))
    rows = {level: (float(avg), n) for level, avg, n in db.session.execute(stmt)}
    out = {}
    for level in ("junior", "mid", "senior", "staff"):
        avg, n = rows.get(level, (None, 0))
        out[level] = {"mean": avg, "attempts": n,
                      "ready": bool(avg is not None and n >= 5 and avg >= READY)}
    return out
