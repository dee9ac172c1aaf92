"""Practice data: sessions and their items, drafts, attempts, their scores with a row per
criterion, and the code runs the editor asks for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Double, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.bank.models import QuestionVersion
from interview.clock import utcnow
from interview.extensions import Model

SOURCES = ("pick", "loop", "assignment")


class PracticeSession(Model):
    __tablename__ = "practice_sessions"
    __table_args__ = (Index("ix_practice_sessions_candidate_created", "candidate_id",
                            "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    assignment_id: Mapped[int | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # True once the candidate clicked "End session": no follow-ups are added after that.
    ended_early: Mapped[bool | None]

    items: Mapped[list[SessionItem]] = relationship(
        back_populates="session", order_by="SessionItem.position", lazy="selectin")

    @property
    def questions(self) -> list[SessionItem]:
        """The session's own questions, in order; follow-ups hang under them."""
        return [i for i in self.items if i.parent_item_id is None]

    def follow_ups_of(self, item: SessionItem) -> list[SessionItem]:
        return [i for i in self.items if i.parent_item_id == item.id]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class SessionItem(Model):
    """One question in a session; follow-ups are items with a parent."""

    __tablename__ = "session_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("practice_sessions.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    position: Mapped[int]
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"),
                                                     index=True)
    parent_item_id: Mapped[int | None] = mapped_column(ForeignKey("session_items.id"),
                                                       index=True)
    follow_up: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    time_limit_minutes: Mapped[int]
    started_at: Mapped[datetime | None]
    deadline_at: Mapped[datetime | None]
    hints_shown: Mapped[int | None]  # hints revealed on the answer page, one by one

    session: Mapped[PracticeSession] = relationship(back_populates="items")
    version: Mapped[QuestionVersion] = relationship(lazy="joined")
    attempt: Mapped[Attempt | None] = relationship(back_populates="item", uselist=False)

    @property
    def body(self) -> dict[str, Any]:
        return self.version.body

    @property
    def kind(self) -> str:
        return self.body["kind"]

    @property
    def prompt(self) -> str:
        return self.follow_up["prompt"] if self.follow_up else self.body["prompt"]

    @property
    def title(self) -> str:
        return ("Follow-up: " if self.follow_up else "") + self.body["title"]

    @property
    def is_code(self) -> bool:
        return self.kind == "coding" and not self.follow_up


class Draft(Model):
    """The latest unsent text of an item: one row per item, last write wins."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


ATTEMPT_STATUSES = ("pending", "scoring", "scored")


class Attempt(Model):
    """A submitted answer. Stored before anything slow or fallible touches it."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_candidate_submitted", "candidate_id", "submitted_at"),
        Index("ix_attempts_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id"), unique=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # The title as asked, kept here so lists never load the question's body to show it.
    title: Mapped[str] = mapped_column(String(200), default="")
    answer: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    seconds_taken: Mapped[int | None]
    late: Mapped[bool] = mapped_column(default=False)
    hints_used: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default="pending")
    scoring_started_at: Mapped[datetime | None]

    item: Mapped[SessionItem] = relationship(back_populates="attempt")
    score: Mapped[Score | None] = relationship(  # noqa: F821
        "Score", back_populates="attempt", uselist=False)


SCORER_LABELS = {
    "offline": "Offline rubric scorer",
    "llm": "LLM judge",
    "fallback": "Fallback after LLM failure (offline rubric scorer)",
}


class Score(Model):
    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), unique=True)
    scorer: Mapped[str] = mapped_column(String(20), index=True)
    model: Mapped[str | None] = mapped_column(String(120))
    # The total a user sees everywhere; after a coach's overrides it is the reviewed total and
    # `automatic_total` keeps the scorer's (practice.totals.apply_review sets both).
    total: Mapped[float]
    automatic_total: Mapped[float | None] = mapped_column(Double)
    prompt_version: Mapped[str | None] = mapped_column(String(40))
    feedback: Mapped[str] = mapped_column(Text, default="")
    injection: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    code_verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt = relationship("Attempt", back_populates="score")
    criteria: Mapped[list[CriterionScore]] = relationship(
        cascade="all, delete-orphan", order_by="CriterionScore.position")

    @property
    def overridden(self) -> bool:
        """A coach changed a criterion: `total` is reviewed, `automatic_total` the scorer's."""
        return self.automatic_total is not None

    @property
    def is_fallback(self) -> bool:
        return self.scorer == "fallback"

    @property
    def label(self) -> str:
        if self.scorer == "llm":
            return f"LLM judge ({self.model})"
        return SCORER_LABELS.get(self.scorer, self.scorer)


class CriterionScore(Model):
    __tablename__ = "criterion_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("scores.id"), index=True)
    position: Mapped[int]
    point_id: Mapped[str] = mapped_column(String(80))
    point: Mapped[str] = mapped_column(String(300))
    weight: Mapped[float]
    score: Mapped[float]
    quote: Mapped[str | None] = mapped_column(Text)
    feedback: Mapped[str] = mapped_column(Text, default="")


class CodeRun(Model):
    __tablename__ = "code_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code: Mapped[str] = mapped_column(Text)
    # The candidate's own arguments ("run with my input"); None runs the visible examples.
    inputs: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
