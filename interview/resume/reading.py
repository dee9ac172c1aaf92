"""The worker's side of an upload: parse the file under hard limits, keep what it found
(a keyword report, or details to review), drop the file's bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interview.extensions import db
from interview.resume.errors import FormError, ResumeError
from interview.resume.extract import extract_text_bounded
from interview.resume.importer import details_from_json_resume, details_from_text
from interview.resume.models import ResumeUpload
from interview.resume.report import keyword_report
from interview.resume.roles import RoleProfile


def read_upload(upload: ResumeUpload, roles: dict[str, RoleProfile]) -> None:
    """The worker's part: parse the file under hard limits, keep the result, drop the bytes."""
    try:
        text = extract_text_bounded(upload.filename, upload.data or b"")
        upload.result = (_report(upload, text, roles) if upload.kind == "check"
                         else _imported(upload.filename, text))
        upload.status = "done"
    except (ResumeError, FormError) as exc:
        upload.status, upload.error = "failed", _message(exc)
    upload.data = None
    db.session.flush()


def _message(exc: ResumeError) -> str:
    if isinstance(exc, FormError):
        return "; ".join(m for messages in exc.errors.values() for m in messages)
    return str(exc)


def _report(upload: ResumeUpload, text: str, roles: dict[str, RoleProfile]) -> dict[str, Any]:
    return keyword_report(upload.jd, text, upload.role or None, roles=roles)


def _imported(name: str, text: str) -> dict[str, Any]:
    """Details read from an uploaded resume (DOCX, PDF, text or JSON Resume) and notes on
    what could not be read. Nothing is stored as details: the page shows them in the details
    form for review, and saving goes through `save_details` like any edit."""
    if Path(name).suffix.lower() == ".json":
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise FormError({"resume": [f"{name} is not valid JSON: {exc}"]}) from exc
        details, notes = details_from_json_resume(parsed)
    else:
        details, notes = details_from_text(text)
    if not any(details.get(k) for k in ("email", "phone", "experience", "education", "skills")):
        raise FormError({"resume": [f"Nothing could be read from {name}: is it a resume?"]})
    return {"details": details, "notes": notes}
