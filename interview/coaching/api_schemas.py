"""API schemas of coaching; their limits are the coaching services' own constants."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interview.api.schemas import MAX_ID, StrictSchema, UtcDateTime
from interview.coaching.services import (
    ASSIGNMENT_STATES,
    COMMENT_MAX,
    MAX_MINUTES,
    NAME_MAX,
    NOTE_MAX,
    REASON_MAX,
    SET_QUESTIONS_MAX,
    TITLE_MAX,
)
from interview.practice.api_schemas import AttemptOut

# Coaching ------------------------------------------------------------------------------

class SetItemOut(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    question_id = fields.Function(lambda i: i.version.question_id, required=True)
    title = fields.Function(lambda i: i.version.body["title"], required=True)
    time_limit_minutes = fields.Integer(required=True)


class SetOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    note = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    items = fields.List(fields.Nested(SetItemOut), required=True)


class SetQuestionIn(StrictSchema):
    question_id = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ID))
    minutes = fields.Integer(allow_none=True, load_default=None,
                             validate=validate.Range(min=1, max=MAX_MINUTES))


class SetIn(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX))
    note = fields.String(load_default="", validate=validate.Length(max=NOTE_MAX))
    questions = fields.List(fields.Nested(SetQuestionIn), load_default=list,
                            validate=validate.Length(max=SET_QUESTIONS_MAX))


class MemberOut(Schema):
    candidate_id = fields.Integer(required=True)
    email = fields.Function(lambda m: m.candidate.email, required=True)
    name = fields.Function(lambda m: m.candidate.display_name, required=True)
    joined_at = UtcDateTime(required=True)


class CohortOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    members = fields.List(fields.Nested(MemberOut), required=True)


class CohortIn(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX))


class InviteOut(Schema):
    code = fields.String(required=True, metadata={"description": "Shown once; single use"})
    cohort_id = fields.Integer(required=True)
    expires_at = UtcDateTime(required=True)


class AssignIn(StrictSchema):
    due_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    candidate_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    cohort_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))

    @validates_schema
    def _one_target(self, data: dict, **_: object) -> None:
        if ("candidate_id" in data) == ("cohort_id" in data):
            raise ValidationError("Give exactly one of candidate_id and cohort_id.",
                                  "candidate_id")


class AssignmentOut(Schema):
    id = fields.Integer(required=True)
    set_id = fields.Integer(required=True)
    title = fields.Function(lambda a: a.question_set.title, required=True)
    candidate_id = fields.Integer(allow_none=True)
    cohort_id = fields.Integer(allow_none=True)
    due_at = UtcDateTime(required=True)
    created_at = UtcDateTime(required=True)


class MyAssignmentOut(Schema):
    assignment = fields.Nested(AssignmentOut, required=True)
    state = fields.String(required=True,
                          validate=validate.OneOf(ASSIGNMENT_STATES))
    session_id = fields.Function(lambda a: a.session.id if a.session else None,
                                 allow_none=True)


class OverrideOut(Schema):
    id = fields.Integer(required=True)
    criterion_id = fields.Integer(attribute="criterion_score_id", required=True)
    coach_id = fields.Integer(required=True)
    old = fields.Float(required=True)
    new = fields.Float(required=True)
    reason = fields.String(required=True)
    at = UtcDateTime(required=True)


class CommentOut(Schema):
    id = fields.Integer(required=True)
    author_id = fields.Integer(required=True)
    author = fields.Function(lambda c: c.author.display_name, required=True)
    body = fields.String(required=True)
    at = UtcDateTime(required=True)


class ReviewCriterion(Schema):
    id = fields.Function(lambda v: v.criterion.id, required=True)
    point = fields.Function(lambda v: v.criterion.point, required=True)
    weight = fields.Function(lambda v: v.criterion.weight, required=True)
    score = fields.Function(lambda v: v.criterion.score, required=True)
    effective = fields.Float(required=True)
    overrides = fields.List(fields.Nested(OverrideOut), required=True)


class ReviewOut(Schema):
    attempt = fields.Nested(AttemptOut, required=True)
    candidate_id = fields.Integer(required=True)
    criteria = fields.List(fields.Nested(ReviewCriterion), required=True)
    comments = fields.List(fields.Nested(CommentOut), required=True)
    original_total = fields.Float(allow_none=True)
    total = fields.Float(allow_none=True)


class OverrideIn(StrictSchema):
    criterion_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    percent = fields.Float(required=True, validate=validate.Range(min=0, max=100))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=REASON_MAX))


class CommentIn(StrictSchema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=COMMENT_MAX))
