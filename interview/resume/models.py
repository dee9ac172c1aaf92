"""The candidate's own resume details, and uploads waiting to be read by the worker."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
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


UPLOAD_KINDS = ("check", "import")


class ResumeUpload(Model):
    """An uploaded resume, stored before anything parses it and read by the worker under hard
    limits (never in a web process); the file's bytes are dropped once it has been read."""

    __tablename__ = "resume_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # one of UPLOAD_KINDS
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    jd: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued|done|failed
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
