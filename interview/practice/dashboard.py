"""What the dashboard shows: where the candidate stands and what to do next."""

from __future__ import annotations

from typing import Any

from interview.accounts.models import User
from interview.extensions import db


def dashboard_context(user: User) -> dict[str, Any]:
    """Plain data for `dashboard.html` (a handful of grouped queries, whatever the history)."""
    from interview.bank.services import bank_counts
    from interview.practice import progress

    recent = db.session.scalars(
        progress.history_query(user.id, progress.HistoryFilter()).limit(5)).all()
    summary = progress.summary(user.id, user.target_level)
    return {
        "counts": bank_counts(),
        "recent": recent,
        "readiness": summary["readiness"],
        "recommended": progress.recommended_questions(summary["recommended_ids"][:3]),
        "weak": summary["weak"][:3],
    }


def best_scores(user_id: int, question_ids: list[str]) -> dict[str, float]:
    """The user's best total per question, for marking done questions in the bank (one
    grouped query for a page of questions)."""
    from sqlalchemy import func, select

    from interview.practice.models import Attempt, Score

    if not question_ids:
        return {}
    rows = db.session.execute(
        select(Attempt.question_id, func.max(Score.total))
        .join(Score, Score.attempt_id == Attempt.id)
        .where(Attempt.candidate_id == user_id, Attempt.question_id.in_(question_ids))
        .group_by(Attempt.question_id))
    return {qid: float(best) for qid, best in rows if best is not None}
