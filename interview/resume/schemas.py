"""The shape of a candidate's resume details, checked before anything is stored.

The builder tolerates junk, but a stored value is reused by every later build and export,
so we refuse it at the door: strict YYYY-MM dates (what JSON Resume wants), bounded
lengths and counts, and an end date never before its start.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MONTH_ERROR = "Use the form YYYY-MM, for example 2023-04."
DATE_KEYS = frozenset({"start", "end", "date"})
SHORT, MEDIUM, LONG = 120, 300, 2000
MAX_ENTRIES, MAX_BULLETS, MAX_SKILLS, MAX_LINKS = 20, 12, 60, 6


def _month(value: str) -> None:
    """Reject "04/2023", "April 2023" and "2023-13": ATS date parsing needs one format."""
    if not MONTH_RE.match(value):
        raise ValidationError(MONTH_ERROR)


def _email(value: str) -> None:
    """Empty is fine (a placeholder is shown); anything else must look like an address."""
    if value:
        validate.Email(error="Not a valid email address.")(value)


def _text(limit: int, required: bool = False) -> fields.String:
    if required:
        return fields.String(required=True, validate=validate.Length(min=1, max=limit))
    return fields.String(load_default="", validate=validate.Length(max=limit))


def _date(required: bool = False) -> fields.String:
    if required:
        return fields.String(required=True, validate=_month)
    return fields.String(allow_none=True, load_default=None, validate=_month)


def _lines(limit: int, count: int) -> fields.List:
    item = fields.String(validate=validate.Length(min=1, max=limit))
    return fields.List(item, load_default=list, validate=validate.Length(max=count))


class _Strict(Schema):
    """Trim every string first, so "  " counts as empty and "2023-04 " as a date."""

    def load(self, data: Any, **kwargs: Any) -> Any:
        return super().load(_trim(data), **kwargs)


def _trim(value: Any) -> Any:
    """Strip strings; an empty date means "none" (an open end), not a malformed date."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_trim(v) for v in value]
    if isinstance(value, dict):
        out = {k: _trim(v) for k, v in value.items()}
        return {k: None if k in DATE_KEYS and v == "" else v for k, v in out.items()}
    return value


class ExperienceSchema(_Strict):
    title = _text(SHORT, required=True)
    company = _text(SHORT)
    location = _text(SHORT)
    start = _date(required=True)
    end = _date()
    description = _text(LONG)
    bullets = _lines(MEDIUM, MAX_BULLETS)

    @validates_schema
    def _order(self, data: dict[str, Any], **_: Any) -> None:
        """An end before the start would make the years-of-experience count negative."""
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            raise ValidationError("The end date is before the start date.", "end")


class ProjectSchema(_Strict):
    name = _text(SHORT, required=True)
    description = _text(LONG)
    bullets = _lines(MEDIUM, MAX_BULLETS)


class EducationSchema(_Strict):
    degree = _text(SHORT, required=True)
    school = _text(SHORT)
    location = _text(SHORT)
    start = _date()
    end = _date()

    @validates_schema
    def _order(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            raise ValidationError("The end date is before the start date.", "end")


class CertificationSchema(_Strict):
    name = _text(SHORT, required=True)
    issuer = _text(SHORT)
    date = _date()


def _entries(schema: type[Schema]) -> fields.List:
    return fields.List(fields.Nested(schema), load_default=list,
                       validate=validate.Length(max=MAX_ENTRIES))


class DetailsSchema(_Strict):
    """Everything optional: missing parts become [PLACEHOLDERS] in the built resume."""

    name = _text(SHORT)
    email = fields.String(load_default="", validate=_email)
    phone = _text(40)
    location = _text(SHORT)
    links = _lines(MEDIUM, MAX_LINKS)
    summary = _text(LONG)
    experience = _entries(ExperienceSchema)
    projects = _entries(ProjectSchema)
    education = _entries(EducationSchema)
    certifications = _entries(CertificationSchema)
    skills = _lines(80, MAX_SKILLS)


def load_details(data: Any) -> dict[str, Any]:
    """Validated, trimmed details; raises marshmallow's ValidationError with field paths."""
    if not isinstance(data, dict):
        raise ValidationError("Expected an object with the resume details.")
    return DetailsSchema().load(data)
