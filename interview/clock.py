"""The one clock: naive UTC datetimes, as every table stores them."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC without tzinfo (SQLite and PostgreSQL columns hold naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
