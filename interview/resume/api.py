"""Resumes: build one in a format (a file download) and compare a resume with a job ad."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, current_app
from flask_smorest import abort

from interview.api.core import limit_key, make_blueprint, setting
from interview.api.schemas import Error
from interview.extensions import limiter
from interview.inputs import content_disposition
from interview.resume import api_schemas as schemas
from interview.resume.errors import ResumeError
from interview.resume.exports import CONTENT_TYPES, export, filename
from interview.resume.report import keyword_report
from interview.resume.roles import DEFAULT_BANK_DIR, cached_roles
from interview.resume.services import build_from_details

blp = make_blueprint("api_resumes", "ATS-friendly resumes and keyword reports.")
FILE_RESPONSES = {
    "200": {"description": "The resume file, as an attachment",
            "content": {ctype.split(";")[0]: {"schema": {"type": "object"}
                                              if ctype == "application/json"
                                              else {"type": "string", "format": "binary"}}
                        for ctype in CONTENT_TYPES.values()}},
}


def _roles() -> dict:
    return cached_roles(Path(current_app.config.get("BANK_DIR") or DEFAULT_BANK_DIR))


@blp.route("/resumes/roles", methods=["GET"])
@blp.response(200, schemas.RoleOut(many=True))
def list_roles():
    """Role profiles a resume can be built for, with their levels and focus areas."""
    return sorted(_roles().values(), key=lambda r: r.id)


@blp.route("/resumes/build", methods=["POST"])
@limiter.limit(lambda: setting("API_EXPENSIVE_LIMIT"), key_func=limit_key)
@blp.arguments(schemas.ResumeBuildIn)
@blp.doc(responses=FILE_RESPONSES)
@blp.alt_response(422, schema=Error, description="Unknown role, level or focus")
def build(data: dict[str, Any]):
    """Build a resume for a role and level, optionally from your details and a job ad."""
    try:
        resume = build_from_details(data["role"], data["level"], data["focus"],
                                    data["details"], data["jd"], roles=_roles())
        body = export(resume, data["format"])
    except ResumeError as exc:
        abort(422, message=str(exc))
    name = filename(resume, data["format"])
    return Response(body, status=200, mimetype=None,
                    content_type=CONTENT_TYPES[data["format"]],
                    headers={"Content-Disposition": content_disposition(name)})


@blp.route("/resumes/report", methods=["POST"])
@blp.arguments(schemas.ResumeReportIn)
@blp.response(200, schemas.ResumeReportOut)
@blp.alt_response(422, schema=Error, description="Unknown role or unusable text")
def report(data: dict[str, Any]):
    """Which keywords of the job description the resume has, where, and what is missing."""
    try:
        return keyword_report(data["jd"], data["resume_text"], data["role"], roles=_roles())
    except ResumeError as exc:
        abort(422, message=str(exc))
