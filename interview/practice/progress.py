"""History, progress over time, weakest topics, spaced recommendations and readiness.

Every function here is one or two grouped queries, whatever the number of attempts.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from interview.bank.models import Question, QuestionLevel, QuestionTopic
from interview.clock import utcnow
from interview.extensions import db
from interview.levels import LEVELS
from interview.practice.models import Attempt, Score


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
    return with_score(stmt).order_by(Attempt.submitted_at.desc(), Attempt.id.desc())


def with_score(stmt):
    """List rows need the attempt and its total: one join, never the question body."""
    return stmt.options(joinedload(Attempt.score))


def topic_averages(user_id: int) -> dict[str, float]:
    """Mean score per topic over the user's scored attempts."""
    stmt = (select(QuestionTopic.topic_id, func.avg(Score.total))
            .join(Attempt, Attempt.id == Score.attempt_id)
            .join(QuestionTopic, QuestionTopic.question_id == Attempt.question_id)
            .where(Attempt.candidate_id == user_id).group_by(QuestionTopic.topic_id))
    return {topic: float(avg) for topic, avg in db.session.execute(stmt)}


def weakest(averages: dict[str, float], n: int = 5) -> list[tuple[str, float]]:
    """The `n` topics with the lowest mean score, lowest first."""
    return sorted(averages.items(), key=lambda kv: kv[1])[:n]


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


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def trend(user_id: int, weeks: int = 26) -> dict[str, list[Point]]:
    """Weekly mean and spread (min..max) of scores per kind.

    The database aggregates per day (at most 7 x weeks rows per kind, however many answers);
    days are folded into weeks here, where date arithmetic is the same on every database.
    """
    since = utcnow() - timedelta(weeks=weeks)
    day = func.date(Attempt.submitted_at)
    stmt = (select(Attempt.kind, day, func.sum(Score.total), func.min(Score.total),
                   func.max(Score.total), func.count(Score.id))
            .join(Score, Score.attempt_id == Attempt.id)
            .where(Attempt.candidate_id == user_id, Attempt.submitted_at >= since)
            .group_by(Attempt.kind, day))
    # per kind and Monday: (sum, min, max, count) of the scores
    weeks_by_kind: dict[str, dict[date, tuple[float, float, float, int]]] = defaultdict(dict)
    for kind, when, total, low, high, n in db.session.execute(stmt):
        d = _as_date(when)
        monday = d - timedelta(days=d.weekday())
        by_week = weeks_by_kind[kind]
        s, lo, hi, count = by_week.get(monday, (0.0, 1.0, 0.0, 0))
        by_week[monday] = (s + total, min(lo, low), max(hi, high), count + n)
    return {kind: [Point(datetime.combine(w, datetime.min.time()), s / n, lo, hi, n)
                   for w, (s, lo, hi, n) in sorted(by_week.items())]
            for kind, by_week in weeks_by_kind.items()}


WEEKS_FOR_WEEKLY = 4  # fewer weeks than this: each answer is its own point
ATTEMPT_POINTS = 60  # the most recent answers per kind a per-answer chart shows


def attempt_trend(user_id: int, weeks: int = 26) -> dict[str, list[Point]]:
    """Each scored answer as a point (newest ATTEMPT_POINTS per kind), oldest first: the
    trend while there are too few weeks for weekly means to show one."""
    since = utcnow() - timedelta(weeks=weeks)
    stmt = (select(Attempt.kind, Attempt.submitted_at, Score.total)
            .join(Score, Score.attempt_id == Attempt.id)
            .where(Attempt.candidate_id == user_id, Attempt.submitted_at >= since)
            .order_by(Attempt.submitted_at.desc(), Attempt.id.desc()))
    by_kind: dict[str, list[Point]] = defaultdict(list)
    for kind, when, total in db.session.execute(stmt):
        if len(by_kind[kind]) < ATTEMPT_POINTS:
            by_kind[kind].append(Point(when, total, total, total, 1))
    return {kind: points[::-1] for kind, points in by_kind.items()}


def chart_trend(summary: dict) -> dict[str, tuple[list[Point], bool]]:
    """Per kind: (points, per_answer). Weekly means once there are WEEKS_FOR_WEEKLY weeks,
    every answer before that."""
    out: dict[str, tuple[list[Point], bool]] = {}
    for kind, weekly in summary["trend"].items():
        if len(weekly) >= WEEKS_FOR_WEEKLY:
            out[kind] = (weekly, False)
        else:
            out[kind] = (summary["attempt_trend"].get(kind, weekly), True)
    return out


def _question_stats(user_id: int):
    stmt = (select(Attempt.question_id, func.count(Attempt.id), func.max(Attempt.submitted_at),
                   func.avg(Score.total))
            .join(Score, Score.attempt_id == Attempt.id)
            .where(Attempt.candidate_id == user_id).group_by(Attempt.question_id))
    return db.session.execute(stmt).all()


def due_for_review(user_id: int, now: datetime | None = None, n: int = 5,
                   stats: list | None = None) -> list[str]:
    """Questions answered poorly come back after a spaced interval (2, 4, 8... days)."""
    now = now or utcnow()
    due = []
    for qid, times, last, avg in stats if stats is not None else _question_stats(user_id):
        if avg is not None and avg < 0.6 and last + timedelta(days=2 ** min(times, 5)) <= now:
            due.append((avg, qid))
    return [qid for _, qid in sorted(due)[:n]]


def recommended_ids(user_id: int, level: str, weak: list[str], n: int = 5) -> list[str]:
    """Due reviews first, then unanswered questions on the `weak` topics at this level."""
    stats = _question_stats(user_id)
    ids = due_for_review(user_id, stats=stats)
    answered = {row[0] for row in stats}
    if weak and len(ids) < n:
        stmt = (select(QuestionTopic.question_id).join(
            QuestionLevel, QuestionLevel.question_id == QuestionTopic.question_id)
            .join(Question, Question.id == QuestionTopic.question_id)
            .where(QuestionTopic.topic_id.in_(weak), QuestionLevel.level == level,
                   Question.retired.is_(False)).order_by(QuestionTopic.question_id).limit(200))
        ids += [q for q in dict.fromkeys(db.session.scalars(stmt)) if q not in answered]
    return list(dict.fromkeys(ids))[:n]


READY = 0.7


def readiness(user_id: int) -> dict[str, dict[str, float | int | None]]:
    """Per level: mean score and attempts over questions of that level, and a verdict."""
    stmt = (select(QuestionLevel.level, func.avg(Score.total), func.count(Score.id))
            .join(Attempt, Attempt.id == Score.attempt_id)
            .join(QuestionLevel, QuestionLevel.question_id == Attempt.question_id)
            .where(Attempt.candidate_id == user_id).group_by(QuestionLevel.level))
    rows = {level: (float(avg), n) for level, avg, n in db.session.execute(stmt)}
    out = {}
    for level in LEVELS:
        avg, n = rows.get(level, (None, 0))
        out[level] = {"mean": avg, "attempts": n,
                      "ready": bool(avg is not None and n >= 5 and avg >= READY)}
    return out


_SUMMARIES: OrderedDict[tuple, dict] = OrderedDict()
_SUMMARY_SLOTS = 2048


def _stamp(user_id: int) -> tuple:
    """Changes whenever a score arrives: counts of the user's attempts and scored ones, and
    the newest attempt (its time also tells apart databases that reuse ids, as tests do).

    Attempts alone, through the candidate index: no join with the much larger scores table.
    """
    scored = func.sum(case((Attempt.status == "scored", 1), else_=0))
    row = db.session.execute(
        select(func.count(Attempt.id), scored, func.max(Attempt.id),
               func.max(Attempt.submitted_at)).where(Attempt.candidate_id == user_id)).one()
    return tuple(row)


def summary(user_id: int, level: str) -> dict:
    """Trend, weakest topics, recommendations and readiness, computed once per new score.

    These aggregates only change when a score arrives (or a day passes, for spaced reviews),
    so each process keeps the last result per user; the check costs one indexed query.
    """
    key = (user_id, level, utcnow().date(), *_stamp(user_id))
    if key in _SUMMARIES:
        _SUMMARIES.move_to_end(key)
        return _SUMMARIES[key]
    averages = topic_averages(user_id)
    weak = weakest(averages)
    value = {"trend": trend(user_id), "attempt_trend": attempt_trend(user_id),
             "averages": averages, "weak": weak,
             "recommended_ids": recommended_ids(user_id, level, [t for t, _ in weak]),
             "readiness": readiness(user_id)}
    _SUMMARIES[key] = value
    while len(_SUMMARIES) > _SUMMARY_SLOTS:
        _SUMMARIES.popitem(last=False)
    return value


def recommended_questions(ids: list[str]) -> list[Question]:
    found = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
