"""Resume services for the web pages and the API: stored details, builds, downloads, checks.

Plain arguments in, plain values out; no `flask.request` here. Every problem a user can
cause raises `FormError` with messages keyed by the form field they belong to, so the page
can show each one next to its input and nothing half-valid is ever stored.

PDF export takes about 20 ms a page (measured by the resume builder's benchmark), so it
runs inside the request; nothing here needs the worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from interview.extensions import db
from interview.resume.build import Resume, build_resume
from interview.resume.errors import FormError, ResumeError
from interview.resume.exports import CONTENT_TYPES, export, filename
from interview.resume.exports.text import to_text
from interview.resume.extract import check_upload_file
from interview.resume.keywords import check_jd
from interview.resume.models import ResumeProfile, ResumeUpload
from interview.resume.report import keyword_report
from interview.resume.roles import RoleProfile
from interview.resume.schemas import load_details
from interview.resume.tasks import read_upload_task
from interview.scoring.types import JudgeSettings
from interview.transaction import after_commit


@dataclass
class BuildRequest:
    """What the builder was asked for; the download buttons resend exactly this."""

    role: str
    level: str
    focus: list[str] = field(default_factory=list)
    jd: str = ""
    use_details: bool = True
    paper: str = ""  # "us-letter", "a4", or "" to pick from the location


def get_details(user_id: int) -> dict[str, Any] | None:
    """The user's saved details, or None when they have never saved any."""
    profile = db.session.scalar(db.select(ResumeProfile).filter_by(candidate_id=user_id))
    return dict(profile.details) if profile else None


def save_details(user_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Validate then store (insert or update); on any error nothing is written."""
    try:
        clean = load_details(data)
    except ValidationError as exc:
        raise FormError(flatten_errors(exc.messages)) from exc
    profile = db.session.scalar(db.select(ResumeProfile).filter_by(candidate_id=user_id))
    if profile is None:
        profile = ResumeProfile(candidate_id=user_id)
        db.session.add(profile)
    profile.details = clean
    db.session.flush()
    return clean


def _plural(key: str) -> str:
    return {"experience": "Entry", "projects": "Entry"}.get(key, "Line")


def flatten_errors(messages: Any) -> dict[str, list[str]]:
    """marshmallow's nested errors as {top-level field: ["Entry 2: start: ...", ...]}."""
    if not isinstance(messages, dict):
        return {"": [str(m) for m in (messages if isinstance(messages, list) else [messages])]}
    out: dict[str, list[str]] = {}
    for key, value in messages.items():
        out[str(key) if key != "_schema" else ""] = _lines(value, _plural(str(key)))
    return out


def _lines(value: Any, unit: str, prefix: str = "") -> list[str]:
    if isinstance(value, list):
        return [f"{prefix}{m}" for m in value]
    lines: list[str] = []
    for key, inner in value.items():
        if isinstance(key, int):
            lines += _lines(inner, unit, f"{prefix}{unit} {key + 1}: ")
        elif key == "_schema":
            lines += _lines(inner, unit, prefix)
        else:
            lines += _lines(inner, unit, f"{prefix}{key}: ")
    return lines


def check_build(req: BuildRequest, roles: dict[str, RoleProfile]) -> RoleProfile:
    """Role, level, focus and job description, each with its own field message."""
    errors: dict[str, list[str]] = {}
    role = roles.get(req.role)
    if role is None:
        errors["role"] = [f"Unknown role {req.role!r}; choose one of the listed roles."]
    elif req.level not in role.levels:
        errors["level"] = [f"{role.name} has no level {req.level!r}; "
                           f"choose one of: {', '.join(role.levels)}."]
    if role is not None:
        unknown = [f for f in req.focus if role.focus(f) is None]
        if unknown:
            names = ", ".join(f.name for f in role.focus_areas)
            errors["focus"] = [f"{role.name} has no focus area {', '.join(unknown)}; "
                               f"choose from: {names}."]
    try:
        check_jd(req.jd)
    except ResumeError as exc:
        errors["jd"] = [str(exc)]
    if req.paper not in ("", "us-letter", "a4"):
        errors["paper"] = ["Choose US Letter, A4 or Automatic."]
    if errors or role is None:  # no role means a "role" error was recorded
        raise FormError(errors)
    return role


def build_for(user_id: int, req: BuildRequest, roles: dict[str, RoleProfile]) -> Resume:
    """The resume for these inputs, from the user's saved details when they asked for it."""
    check_build(req, roles)
    details = get_details(user_id) if req.use_details else None
    try:
        return build_resume(req.role, req.level, req.focus, details, req.jd or None, roles=roles,
                            paper=req.paper or None)
    except ResumeError as exc:  # e.g. details saved before a rule got stricter
        raise FormError({"": [str(exc)]}) from exc


def preview(user_id: int, req: BuildRequest, roles: dict[str, RoleProfile]) -> tuple[Resume, dict]:
    """The resume and the report on its own plain text, as an ATS would read it."""
    resume = build_for(user_id, req, roles)
    report = keyword_report(req.jd, to_text(resume), req.role, roles=roles)
    return resume, report


def rewrite_suggestions(user_id: int, resume: Resume, settings: JudgeSettings
                        ) -> dict[str, str]:
    """{bullet: the LLM's rewrite} for the user's own experience bullets in `resume` (those
    in their saved details, after the build ordered them for the ad), naming the ad's keywords.

    Only suggestions: nothing is changed in the details or the resume. Empty without an ad,
    without saved bullets, or when the LLM fails; one request with the settings' timeout.
    """
    details = get_details(user_id) or {}
    own = {" ".join(str(b).split()) for job in details.get("experience") or []
           for b in (job.get("bullets") or [])}
    bullets = [b for sec in resume.sections if sec.kind == "experience" for e in sec.entries
               for b in e.bullets if b in own and "[" not in b]
    keywords = [k.found_as[0] if k.found_as else k.name for k in resume.keywords]
    from interview.scoring.rewrite import (  # openai loads only when an LLM is used
        MAX_BULLETS,
        MAX_KEYWORDS,
        suggest_rewrites,
    )

    bullets = list(dict.fromkeys(bullets))[:MAX_BULLETS]
    keywords = list(dict.fromkeys(keywords))[:MAX_KEYWORDS]
    if not bullets or not keywords:
        return {}
    return {s.original: s.text for s in suggest_rewrites(bullets, keywords, settings)}


def download(
    user_id: int, req: BuildRequest, fmt: str, roles: dict[str, RoleProfile]
) -> tuple[bytes, str, str]:
    """(file bytes, content type, download name); rebuilt from the same inputs as the preview."""
    if fmt not in CONTENT_TYPES:
        choices = ", ".join(CONTENT_TYPES)
        raise FormError({"": [f"Unknown format {fmt!r}; choose one of {choices}."]})
    resume = build_for(user_id, req, roles)
    return export(resume, fmt), CONTENT_TYPES[fmt], filename(resume, fmt)


def queue_upload(user_id: int, kind: str, name: str, data: bytes, jd: str = "",
                 role: str | None = None, roles: dict[str, RoleProfile] | None = None
                 ) -> ResumeUpload:
    """Check what can be checked at once (the ad, the role, the file's size and type), store
    the upload and have the worker read it once this request commits."""
    errors: dict[str, list[str]] = {}
    if kind == "check":
        _check_ad(errors, jd, role, roles or {})
    if not name:
        errors["resume"] = ["Choose a resume file to upload."]
    else:
        _collect(errors, "resume", check_upload_file, name, data)
    if errors:
        raise FormError(errors)
    upload = ResumeUpload(user_id=user_id, kind=kind, filename=name[:255], data=data, jd=jd,
                          role=role or None)
    db.session.add(upload)
    db.session.flush()
    upload_id = upload.id
    after_commit(lambda: _enqueue_read(upload_id))
    return upload


def _enqueue_read(upload_id: int) -> None:
    read_upload_task(upload_id)


def _check_ad(errors: dict[str, list[str]], jd: str, role: str | None,
              roles: dict[str, RoleProfile]) -> None:
    if not jd.strip():
        errors["jd"] = ["Paste the job description to compare your resume with."]
    else:
        _collect(errors, "jd", check_jd, jd)
    if role and role not in roles:
        errors["role"] = [f"Unknown role {role!r}; choose one of the listed roles."]


def _collect(errors: dict[str, list[str]], key: str, func: Any, *args: Any) -> Any:
    """Call func; a ResumeError becomes a message on `key` instead of an exception."""
    try:
        return func(*args)
    except ResumeError as exc:
        errors[key] = [str(exc)]
        return None


def build_from_details(role: str, level: str, focus: list[str], details: Any, jd: str | None,
                       roles: dict[str, RoleProfile]) -> Resume:
    """The API's and the CLI's build: details pass the same schema the pages store through,
    so no path builds a resume from details the pages would refuse."""
    if details is not None:
        try:
            details = load_details(details)
        except ValidationError as exc:
            raise FormError(flatten_errors(exc.messages)) from exc
    return build_resume(role, level, focus, details, jd, roles=roles)
