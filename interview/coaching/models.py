"""Coaching data: sets of pinned question versions, cohorts, invites, assignments, reviews.

Overrides never change a `CriterionScore`: they are rows of their own, so the automatic score
stays visible next to the coach's judgement and every change keeps who made it and when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.accounts.models import User
from interview.bank.models import QuestionVersion
from interview.clock import utcnow
from interview.extensions import Model


class QuestionSet(Model):
    __tablename__ = "question_sets"
    __table_args__ = (Index("ix_question_sets_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[SetItem]] = relationship(
        back_populates="question_set", order_by="SetItem.position", lazy="selectin",
        cascade="all, delete-orphan")


class SetItem(Model):
    """One question of a set, pinned to the version the coach picked."""

    __tablename__ = "set_items"
    __table_args__ = (Index("ix_set_items_set_position", "set_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_sets.id"), index=True)
    position: Mapped[int]
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"),
                                                     index=True)
    time_limit_minutes: Mapped[int]

    question_set: Mapped[QuestionSet] = relationship(back_populates="items")
    version: Mapped[QuestionVersion] = relationship(lazy="joined")

    @property
    def question_id(self) -> str:
        return self.version.question_id

    @property
    def title(self) -> str:
        return self.version.body["title"]

    @property
    def kind(self) -> str:
        return self.version.body["kind"]


class Cohort(Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship(lazy="joined")


class Membership(Model):
    """A stay in a cohort. Leaving sets `left_at`; joining again adds a new row."""

    __tablename__ = "memberships"
    __table_args__ = (
        Index("ix_memberships_candidate_cohort", "candidate_id", "cohort_id"),
        Index("ix_memberships_cohort_left", "cohort_id", "left_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]

    cohort: Mapped[Cohort] = relationship(lazy="joined")
    candidate: Mapped[User] = relationship(lazy="joined")


class Invite(Model):
    """A single-use invite. Only the SHA-256 of the code is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # The code is an HMAC of this salt under the app's secret key, so the coach can copy the
    # link again later while the database alone (hash and salt) still does not reveal it.
    code_salt: Mapped[str | None] = mapped_column(String(32))

    cohort: Mapped[Cohort] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[used_by], lazy="joined")

    def state(self, now: datetime) -> str:
        """One of INVITE_STATES: open, used, expired or revoked."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"


class Assignment(Model):
    """A set given to one candidate or to a whole cohort, once per target."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("set_id", "candidate_id", name="uq_assignments_set_candidate"),
        UniqueConstraint("set_id", "cohort_id", name="uq_assignments_set_cohort"),
        Index("ix_assignments_due", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_sets.id"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    due_at: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question_set: Mapped[QuestionSet] = relationship(lazy="joined")
    cohort: Mapped[Cohort | None] = relationship(lazy="joined")
    candidate: Mapped[User | None] = relationship(foreign_keys=[candidate_id], lazy="joined")


class Override(Model):
    """A coach's replacement for one criterion's score; the latest one counts."""

    __tablename__ = "score_overrides"
    __table_args__ = (Index("ix_score_overrides_criterion_at", "criterion_score_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_score_id: Mapped[int] = mapped_column(ForeignKey("criterion_scores.id"),
                                                    index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    old: Mapped[float]
    new: Mapped[float]
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[User] = relationship(lazy="joined")


class Comment(Model):
    __tablename__ = "coach_comments"
    __table_args__ = (Index("ix_coach_comments_attempt_at", "attempt_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")
