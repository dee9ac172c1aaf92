"""Assemble a "full loop" like a real on-site, weighted towards the candidate's weakest topics."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import select

from interview.accounts.models import User
from interview.bank.models import Question, QuestionLevel
from interview.bank.schemas import KINDS
from interview.bank.services import QuestionFilter, question_query
from interview.extensions import db
from interview.levels import LEVELS
from interview.practice.progress import recently_answered, topic_averages
from interview.practice.services import PICK_MAX, PracticeError

# A full loop as real ML onsites run it: design, coding, the breadth round, behavioral, and
# the candidate's own questions.
LOOP = (("system_design", 1), ("coding", 1), ("ml_fundamentals", 2), ("behavioral", 2),
        ("ask_employer", 1))


def candidates_for(kind: str, level: str) -> list[Question]:
    stmt = (select(Question).join(QuestionLevel, QuestionLevel.question_id == Question.id)
            .where(Question.kind == kind, Question.retired.is_(False),
                   QuestionLevel.level == level).order_by(Question.id))
    return list(db.session.scalars(stmt))


def weight(question: Question, weakness: dict[str, float], recent: set[str]) -> float:
    """Questions on weak topics are likelier; ones answered lately much less likely."""
    gaps = [weakness.get(t, 0.5) for t in question.topic_ids]
    w = 0.2 + max(gaps, default=0.5)
    return w * (0.05 if question.id in recent else 1.0)


def pick_weighted(pool: Sequence[Question], n: int, weights: Sequence[float],
                  rng: random.Random) -> list[Question]:
    chosen: list[Question] = []
    pool, weights = list(pool), list(weights)
    while pool and len(chosen) < n:
        index = rng.choices(range(len(pool)), weights=weights)[0]
        chosen.append(pool.pop(index))
        weights.pop(index)
    return chosen


def assemble_loop(user: User, rng: random.Random | None = None) -> list[str]:
    """Question ids for a loop at the user's target level, in interview order."""
    rng = rng or random.Random()  # noqa: S311 - choosing practice questions, not secrets
    averages = topic_averages(user.id)
    weakness = {topic: 1.0 - avg for topic, avg in averages.items()}
    recent = recently_answered(user.id)
    ids: list[str] = []
    for kind, n in LOOP:
        pool = candidates_for(kind, user.target_level)
        weights = [weight(q, weakness, recent) for q in pool]
        ids.extend(q.id for q in pick_weighted(pool, n, weights, rng))
    return ids


def pick_matching(kind: str | None, level: str | None, topic: str | None, count: int,
                  rng: random.Random | None = None) -> list[str]:
    """`count` random active questions matching the filters (the filters checked here, so
    the page and the API refuse the same input the same way)."""
    check_pick(kind, level, count)
    rng = rng or random.Random()  # noqa: S311
    pool = list(db.session.scalars(question_query(QuestionFilter(kind, level, topic))))
    if not pool:
        raise PracticeError("No active questions match these filters.")
    return [q.id for q in rng.sample(pool, min(count, len(pool)))]


def check_pick(kind: str | None, level: str | None, count: int) -> None:
    if kind and kind not in KINDS:
        raise PracticeError(f"Unknown kind {kind!r}.")
    if level and level not in LEVELS:
        raise PracticeError(f"Unknown level {level!r}.")
    if not 1 <= count <= PICK_MAX:
        raise PracticeError(f"Choose between 1 and {PICK_MAX} questions.")
