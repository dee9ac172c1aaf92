"""Reading the coaching forms: small parsers that turn posted text into typed values.

Every form is posted with a CSRF token (CSRFProtect checks it before any view runs); these
helpers only convert, and leave the rules to the services, which explain what went wrong.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TypedDict

from werkzeug.datastructures import MultiDict

from interview.coaching.services import CoachingError
from interview.inputs import db_int


def optional_int(value: str | None) -> int | None:
    """An id from a form, or None when it is missing, not a number or beyond the database."""
    return db_int(value)


def percent(value: str | None) -> float | None:
    """A score typed as a percentage; None when it is not a number."""
    try:
        number = float((value or "").strip().rstrip("%"))
    except ValueError:
        return None
    return number if number == number else None  # NaN is not a score


def due_at(value: str | None) -> datetime | None:
    """A date from `<input type=date>`, due at the end of that day (UTC)."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return datetime.combine(day, time(23, 59))


class Target(TypedDict, total=False):
    """Who `services.assign` gives a set to: exactly one of the two."""

    cohort_id: int
    candidate_id: int


def target(form: MultiDict) -> Target:
    """`cohort:7` or `candidate:12` -> the keyword for `services.assign`."""
    kind, _, raw = (form.get("target") or "").partition(":")
    number = optional_int(raw)
    if kind not in ("cohort", "candidate") or number is None:
        raise CoachingError("Choose a cohort or a candidate to assign the set to.")
    return {"cohort_id": number} if kind == "cohort" else {"candidate_id": number}
