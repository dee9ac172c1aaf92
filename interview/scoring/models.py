"""Stored scores: one per attempt, with a row per rubric criterion."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.accounts.models import utcnow
from interview.extensions import db

SCORER_LABELS = {
    "offline": "Offline rubric scorer",
    "llm": "LLM judge",
    "fallback": "Fallback after LLM failure (offline rubric scorer)",
}


class Score(db.Model):
    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), unique=True)
    scorer: Mapped[str] = mapped_column(String(20), index=True)
    model: Mapped[str | None] = mapped_column(String(120))
    total: Mapped[float]
    feedback: Mapped[str] = mapped_column(Text, default="")
    injection: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    code_verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt = relationship("Attempt", back_populates="score")
    criteria: Mapped[list[CriterionScore]] = relationship(
        cascade="all, delete-orphan", order_by="CriterionScore.position")

    @property
    def is_fallback(self) -> bool:
        return self.scorer == "fallback"

    @property
    def label(self) -> str:
        if self.scorer == "llm":
            return f"LLM judge ({self.model})"
        return SCORER_LABELS.get(self.scorer, self.scorer)


class CriterionScore(db.Model):
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
