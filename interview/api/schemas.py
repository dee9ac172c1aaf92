"""The API's shared schemas: the error shape, paging, strict input, UTC times.

Each capability keeps its own request and response schemas in its `api_schemas.py`; they

validate requests AND generate the OpenAPI document, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from interview.inputs import bad_text

MAX_ID = 80
MAX_TEXT = 200_000  # the configured MAX_ANSWER_CHARS is checked again in the view (413)


class UtcDateTime(fields.DateTime):
    """Times are stored as naive UTC; on the wire they say so (RFC 3339, `+00:00`)."""

    def _serialize(self, value: datetime | None, attr: Any, obj: Any, **kwargs: Any):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def has_nul(value: Any) -> bool:
    """NUL characters or lone surrogates anywhere in strings, lists or dicts (no database
    column can store them)."""
    if isinstance(value, str):
        return bad_text(value)
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
                raise ValidationError({key: ["Text may not contain NUL characters or lone "
                                             "surrogates."]
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
