"""Reviewing attempts: effective scores after overrides, overrides themselves, comments.

The automatic `CriterionScore` rows are never changed. The effective score of a criterion is
its latest override, and the effective total moves by the weighted change, so whatever formula
the scorer used for the total is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from interview.access import coach_window
from interview.accounts.models import User
from interview.clock import utcnow
from interview.coaching.models import Comment, Override
from interview.coaching.services import COMMENT_MAX, REASON_MAX, CoachingError, optional_text
from interview.extensions import db
from interview.practice.models import Attempt, CriterionScore, Score
from interview.practice.progress import with_score
from interview.practice.totals import apply_review


@dataclass(frozen=True)
class CriterionView:
    criterion: CriterionScore
    overrides: list[Override]  # oldest first

    @property
    def latest(self) -> Override | None:
        return self.overrides[-1] if self.overrides else None

    @property
    def effective(self) -> float:
        return self.latest.new if self.latest else self.criterion.score


@dataclass(frozen=True)
class ResultNotes:
    """What the candidate's result page adds: overrides, comments, the total after review."""

    criteria: list[CriterionView] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    original_total: float | None = None
    total: float | None = None

    @property
    def overridden(self) -> list[CriterionView]:
        return [c for c in self.criteria if c.overrides]

    @property
    def empty(self) -> bool:
        return not self.overridden and not self.comments


def _overrides(score: Score) -> dict[int, list[Override]]:
    ids = [c.id for c in score.criteria]
    found: dict[int, list[Override]] = {i: [] for i in ids}
    if ids:
        for o in db.session.scalars(select(Override).where(Override.criterion_score_id.in_(ids))
                                    .order_by(Override.at, Override.id)):
            found[o.criterion_score_id].append(o)
    return found


def comments_for(attempt: Attempt) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(Comment.attempt_id == attempt.id)
                                   .order_by(Comment.at, Comment.id)))


def result_notes(attempt: Attempt) -> ResultNotes:
    """Overrides and comments on an attempt, for its candidate and for the reviewing coach."""
    comments = comments_for(attempt)
    score = attempt.score
    if score is None:
        return ResultNotes(comments=comments)
    found = _overrides(score)
    views = [CriterionView(c, found[c.id]) for c in score.criteria]
    automatic = score.total if score.automatic_total is None else score.automatic_total
    return ResultNotes(views, comments, automatic, score.total)


def override(attempt: Attempt, criterion_id: int, coach: User, percent: float | None,
             reason: str, now: datetime | None = None) -> Override:
    """Replace one criterion's score (given in percent, 0..100) with a reason."""
    score = attempt.score
    criterion = next((c for c in score.criteria if c.id == criterion_id), None) if score else None
    if score is None or criterion is None:
        raise CoachingError("That criterion does not belong to this attempt's score.")
    if percent is None or not 0 <= percent <= 100:
        raise CoachingError("A score must be a number from 0 to 100.")
    reason = optional_text(reason, "The reason", REASON_MAX)
    if not reason:
        raise CoachingError("Give a reason for the override; the candidate will see it.")
    views = _overrides(score)[criterion.id]
    old = views[-1].new if views else criterion.score
    row = Override(criterion_score_id=criterion.id, coach_id=coach.id, old=old,
                   new=round(percent / 100, 4), reason=reason, at=now or utcnow())
    db.session.add(row)
    db.session.flush()
    latest = {cid: rows[-1].new for cid, rows in _overrides(score).items() if rows}
    apply_review(score, latest)  # the total every page, chart and export now shows
    return row


def comment(attempt: Attempt, author: User, body: str) -> Comment:
    body = optional_text(body, "The comment", COMMENT_MAX)
    if not body:
        raise CoachingError("The comment is empty.")
    row = Comment(attempt_id=attempt.id, author_id=author.id, body=body)
    db.session.add(row)
    db.session.flush()
    return row


def reviewable_attempts(coach: User, candidate_id: int):
    """The candidate's attempts the coach may see (all of them for an admin), newest first."""
    stmt = with_score(select(Attempt).where(Attempt.candidate_id == candidate_id))
    if not coach.is_admin:
        stmt = stmt.where(coach_window(coach.id, Attempt.candidate_id, Attempt.submitted_at))
    return stmt.order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
