"""One date format everywhere: stored as YYYY-MM, shown as "Jan 2023".

ATS parsers compute experience from dates, and mixed formats ("01/23", "January 2023",
"2023") are a common reason they miscount, so every export uses the same display format.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import ResumeError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$")
PRESENT = "Present"
DASH = "\u2013"  # an en dash with spaces: what parsers and recruiters read as a range


def parse_month(value: str | None, field: str) -> tuple[int, int | None] | None:
    """(year, month or None) from "YYYY-MM" (or "YYYY", "YYYY-MM-DD"); None if empty."""
    if value is None or not str(value).strip():
        return None
    match = ISO_RE.match(str(value).strip())
    month = int(match.group(2)) if match and match.group(2) else None
    if not match or (month is not None and not 1 <= month <= 12):
        raise ResumeError(f"{field}: {value!r} is not a date in the form YYYY-MM")
    return int(match.group(1)), month


def iso_month(value: str | None, field: str) -> str | None:
    """Canonical "YYYY-MM" (or "YYYY"), as JSON Resume expects."""
    parsed = parse_month(value, field)
    if parsed is None:
        return None
    year, month = parsed
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def show_month(value: str | None, field: str = "date") -> str:
    """ "2023-01" -> "Jan 2023"; "2023" -> "2023"; empty -> ""."""
    parsed = parse_month(value, field)
    if parsed is None:
        return ""
    year, month = parsed
    return f"{MONTHS[month - 1]} {year}" if month else str(year)


def show_range(start: str | None, end: str | None, current: bool, field: str = "dates") -> str:
    """ "Jan 2023 \u2013 Present": month names and an en dash, which every parser we test reads."""
    first = show_month(start, f"{field}.start") or "[START DATE]"
    last = PRESENT if current else show_month(end, f"{field}.end") or "[END DATE]"
    return f"{first} {DASH} {last}"


def months_between(start: str, end: str | None, today: date) -> tuple[int, int]:
    """Month numbers (year*12+month) of a span; an open end means today."""
    sy, sm = parse_month(start, "start") or (today.year, today.month)
    first = sy * 12 + (sm or 1) - 1
    parsed = parse_month(end, "end") if end else None
    if parsed is None:
        return first, today.year * 12 + today.month - 1
    ey, em = parsed
    return first, ey * 12 + (em or 12) - 1


def years_of_experience(spans: list[tuple[int, int]]) -> float:
    """Total years covered by possibly overlapping spans (overlaps counted once)."""
    total, last_end = 0, -1
    for first, last in sorted(spans):
        first = max(first, last_end + 1)
        if last >= first:
            total += last - first + 1
        last_end = max(last_end, last)
    return round(total / 12, 1)
