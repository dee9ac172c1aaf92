"""API schemas of the question bank (they also write its part of the OpenAPI document)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from interview.api.schemas import PageArgs, PageMeta
from interview.bank.schemas import KINDS
from interview.levels import LEVELS


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


