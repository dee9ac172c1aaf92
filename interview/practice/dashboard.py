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
