"""API schemas of resumes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from interview.api.schemas import MAX_TEXT, StrictSchema
from interview.levels import LEVELS
from interview.resume.exports import FORMATS


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

