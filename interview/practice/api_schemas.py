"""API schemas of practice, history and progress."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interview.api.schemas import MAX_ID, MAX_TEXT, PageArgs, PageMeta, StrictSchema, UtcDateTime
from interview.bank.api_schemas import Coding, QuestionSummary
from interview.bank.schemas import KINDS
from interview.levels import LEVELS
from interview.practice.models import ATTEMPT_STATUSES
from interview.practice.services import PICK_MAX


class StartSessionIn(StrictSchema):
    mode = fields.String(required=True, validate=validate.OneOf(("pick", "loop")))
    question_ids = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_ID)),
                               validate=validate.Length(min=1, max=PICK_MAX))
    kind = fields.String(validate=validate.OneOf(KINDS))
    level = fields.String(validate=validate.OneOf(LEVELS))
    topic = fields.String(validate=validate.Length(max=60))
    count = fields.Integer(load_default=3, validate=validate.Range(min=1, max=PICK_MAX))

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
    total = fields.Float(required=True, metadata={"description": "After a coach's overrides "
                                                    "when there are any"})
    automatic_total = fields.Float(allow_none=True, metadata={
        "description": "The scorer's total; set only when a coach overrode a criterion"})
    prompt_version = fields.String(allow_none=True)
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
    total = fields.Function(lambda a: a.score.total if a.score else None, allow_none=True,
                            metadata={"description": "The total shown to users: after a "
                                      "coach's overrides when there are any"})
    automatic_total = fields.Function(
        lambda a: a.score.automatic_total if a.score and a.score.overridden else None,
        allow_none=True, metadata={"description": "The scorer's total, when a coach overrode"})


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


