"""Marshmallow schemas: they validate requests AND generate the OpenAPI document.

One definition serves both, so the document cannot drift from what the server accepts.
Outputs are dumped from ORM objects or plain dicts by the same schemas.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from interview.bank.schemas import KINDS, LEVELS
from interview.practice.models import ATTEMPT_STATUSES
from interview.resume.exports import FORMATS

MAX_ID = 80
MAX_TEXT = 200_000  # the configured MAX_ANSWER_CHARS is checked again in the view (413)


class UtcDateTime(fields.DateTime):
    """Times are stored as naive UTC; on the wire they say so (RFC 3339, `+00:00`)."""

    def _serialize(self, value: datetime | None, attr: Any, obj: Any, **kwargs: Any):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def has_nul(value: Any) -> bool:
    """NUL characters anywhere in strings, lists or dicts (PostgreSQL cannot store them)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class StrictSchema(Schema):
    """Unknown fields are an error: a typo in a field name must not pass silently."""

    @pre_load
    def _refuse_nul(self, data: Any, **_: Any) -> Any:
        """A 422 naming the field, rather than a database error later."""
        if hasattr(data, "items"):
            bad = [str(key) for key, value in data.items() if has_nul(value) or has_nul(key)]
            if bad:
                raise ValidationError({key: ["Text may not contain NUL characters."]
                                       for key in bad})
        return data


class ErrorBody(Schema):
    status = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    title = fields.String(required=True, metadata={"description": "Short name of the error"})
    message = fields.String(required=True, metadata={"description": "What went wrong"})
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.Raw(),
                          metadata={"description": "Messages per field (400/422 only)"})


class Error(Schema):
    """The one error shape of the API, for every status from 400 to 500."""

    error = fields.Nested(ErrorBody, required=True)


class PageArgs(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PageMeta(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)


# Questions ----------------------------------------------------------------------------

class QuestionArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(KINDS))
    level = fields.String(validate=validate.OneOf(LEVELS))
    topic = fields.String(validate=validate.Length(max=60))
    q = fields.String(validate=validate.Length(max=200),
                      metadata={"description": "Words that must all appear (search)"})


class QuestionSummary(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    levels = fields.List(fields.String(), attribute="level_names", required=True)
    topics = fields.List(fields.String(), attribute="topic_ids", required=True)
    time_limit_minutes = fields.Integer(required=True)


class Coding(Schema):
    entry = fields.String()
    signature = fields.String()
    starter = fields.String()
    examples = fields.List(fields.Dict())


class QuestionDetail(QuestionSummary):
    """What the question page shows; rubrics, model answers and hidden tests stay private."""

    prompt = fields.String(required=True)
    hints = fields.List(fields.String(), required=True)
    follow_ups = fields.List(fields.String(), required=True)
    coding = fields.Nested(Coding, allow_none=True)


class QuestionPage(Schema):
    items = fields.List(fields.Nested(QuestionSummary), required=True)
    meta = fields.Nested(PageMeta, required=True)


# Practice -----------------------------------------------------------------------------

class StartSessionIn(StrictSchema):
    mode = fields.String(required=True, validate=validate.OneOf(("pick", "loop")))
    question_ids = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_ID)),
                               validate=validate.Length(min=1, max=10))
    kind = fields.String(validate=validate.OneOf(KINDS))
    level = fields.String(validate=validate.OneOf(LEVELS))
    topic = fields.String(validate=validate.Length(max=60))
    count = fields.Integer(load_default=3, validate=validate.Range(min=1, max=10))

    @validates_schema
    def _loop_takes_no_choice(self, data: dict, **_: object) -> None:
        if data["mode"] == "loop" and data.get("question_ids"):
            raise ValidationError("A loop picks its own questions; use mode 'pick'.",
                                  "question_ids")


class ItemOut(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    question_id = fields.Function(lambda i: i.version.question_id, required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    prompt = fields.String(required=True)
    time_limit_minutes = fields.Integer(required=True)
    started_at = UtcDateTime(allow_none=True)
    deadline_at = UtcDateTime(allow_none=True)
    attempt_id = fields.Function(lambda i: i.attempt.id if i.attempt else None,
                                 allow_none=True)


class ItemDetail(ItemOut):
    seconds_left = fields.Integer(allow_none=True)
    draft = fields.String(allow_none=True)
    coding = fields.Nested(Coding, allow_none=True)


class SessionSummary(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    source = fields.String(required=True)
    assignment_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime(required=True)
    finished_at = UtcDateTime(allow_none=True)


class SessionOut(SessionSummary):
    items = fields.List(fields.Nested(ItemOut), required=True)


class SessionPage(Schema):
    items = fields.List(fields.Nested(SessionSummary), required=True)
    meta = fields.Nested(PageMeta, required=True)


class AnswerIn(StrictSchema):
    answer = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))


class DraftOut(Schema):
    saved_at = UtcDateTime(attribute="updated_at", required=True)
    chars = fields.Function(lambda d: len(d.text), required=True)


class AttemptRef(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ATTEMPT_STATUSES))
    late = fields.Boolean(required=True)
    url = fields.String(required=True)
    status_url = fields.String(required=True)


class CriterionOut(Schema):
    point_id = fields.String(required=True)
    point = fields.String(required=True)
    weight = fields.Float(required=True)
    score = fields.Float(required=True)
    quote = fields.String(allow_none=True)
    feedback = fields.String(required=True)


class ScoreOut(Schema):
    scorer = fields.String(required=True)
    label = fields.String(required=True)
    model = fields.String(allow_none=True)
    total = fields.Float(required=True)
    feedback = fields.String(required=True)
    injection = fields.List(fields.String(), required=True)
    code_verdict = fields.Dict(allow_none=True)
    criteria = fields.List(fields.Nested(CriterionOut), required=True)


class AttemptSummary(Schema):
    id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    question_id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    submitted_at = UtcDateTime(required=True)
    seconds_taken = fields.Integer(allow_none=True)
    late = fields.Boolean(required=True)
    status = fields.String(required=True)
    total = fields.Function(lambda a: a.score.total if a.score else None, allow_none=True)


class AttemptOut(AttemptSummary):
    session_id = fields.Function(lambda a: a.item.session_id, required=True)
    answer = fields.String(required=True)
    score = fields.Nested(ScoreOut, allow_none=True)
    model_answer = fields.Function(lambda a: a.item.body.get("model_answer") if a.score
                                   else None, allow_none=True)


class AttemptStatus(Schema):
    status = fields.String(required=True, validate=validate.OneOf(ATTEMPT_STATUSES))
    ready = fields.Boolean(required=True)
    total = fields.Float(allow_none=True)


# History and progress ----------------------------------------------------------------

class HistoryArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(KINDS))
    topic = fields.String(validate=validate.Length(max=60))
    status = fields.String(validate=validate.OneOf(ATTEMPT_STATUSES))


class HistoryPage(Schema):
    items = fields.List(fields.Nested(AttemptSummary), required=True)
    meta = fields.Nested(PageMeta, required=True)


class TopicMean(Schema):
    topic = fields.String(required=True)
    mean = fields.Float(required=True)


class TrendPoint(Schema):
    week = UtcDateTime(required=True)
    mean = fields.Float(required=True)
    low = fields.Float(required=True)
    high = fields.Float(required=True)
    n = fields.Integer(required=True)


class LevelReadiness(Schema):
    mean = fields.Float(allow_none=True)
    attempts = fields.Integer(required=True)
    ready = fields.Boolean(required=True)


class ProgressOut(Schema):
    topic_averages = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    weakest_topics = fields.List(fields.Nested(TopicMean), required=True)
    trend = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(TrendPoint)),
                        required=True)
    readiness = fields.Dict(keys=fields.String(), values=fields.Nested(LevelReadiness),
                            required=True)
    recommendations = fields.List(fields.Nested(QuestionSummary), required=True)


# Resumes ------------------------------------------------------------------------------

class ResumeBuildIn(StrictSchema):
    role = fields.String(required=True, validate=validate.Length(min=1, max=60))
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    focus = fields.List(fields.String(validate=validate.Length(max=60)),
                        validate=validate.Length(max=10), load_default=list)
    details = fields.Dict(allow_none=True, load_default=None,
                          metadata={"description": "Your details as in `flask resume build "
                                    "--details`; omit for a template with placeholders"})
    jd = fields.String(allow_none=True, load_default=None,
                       validate=validate.Length(max=20_000),
                       metadata={"description": "A job description to tailor the resume to"})


class ResumeReportIn(StrictSchema):
    jd = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    resume_text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    role = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=60))


class ResumeReportOut(Schema):
    role = fields.String(allow_none=True)
    keywords = fields.List(fields.Dict(), required=True)
    found = fields.List(fields.String(), required=True)
    missing = fields.List(fields.String(), required=True)
    missing_required = fields.List(fields.String(), required=True)
    coverage = fields.Float(required=True)
    required_coverage = fields.Float(required=True)
    weighted_coverage = fields.Float(required=True)
    sections = fields.List(fields.String(), required=True)
    years_experience = fields.Float(required=True)
    pages = fields.Integer(required=True)
    pages_estimated = fields.Boolean(required=True)
    warnings = fields.List(fields.Dict(), required=True)


class RoleOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    levels = fields.List(fields.String(), required=True)
    focus = fields.Function(lambda r: [f.id for f in r.focus_areas], required=True)

