"""The candidate's own resume details, kept on their account so every build reuses them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from interview.clock import utcnow
from interview.extensions import Model


class ResumeProfile(Model):
    """One row per user: the validated details dict (shape: `schemas.DetailsSchema`)."""

    __tablename__ = "resume_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
