"""Resume pages: my details, build (preview, report, downloads), and check an uploaded resume.

Every page works on the signed-in user's own data only: there are no ids in the URLs.
Downloads re-post the builder's inputs and rebuild; PDF rendering takes about 20 ms a page,
so it runs inside the request rather than in the worker.
"""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from interview import access
from interview.access import role_required
from interview.extensions import db, limiter
from interview.llm_settings import judge_settings
from interview.resume import services
from interview.resume.exports.common import resume_data
from interview.resume.extract import MAX_UPLOAD_BYTES
from interview.resume.forms import (
    PAPERS,
    BuildForm,
    CheckForm,
    DetailsForm,
    ImportForm,
    details_to_form,
    form_to_details,
)
from interview.resume.keywords import MAX_JD_CHARS
from interview.resume.models import ResumeUpload
from interview.resume.report import PLACEHOLDER_RE
from interview.resume.roles import LEVELS, RoleProfile, cached_roles
from interview.web import error_response

bp = Blueprint("resume", __name__, url_prefix="/resume", template_folder="templates")
ROLES = ("candidate", "coach", "admin")
FORMAT_LABELS = {"docx": "Word (.docx)", "pdf": "PDF", "md": "Markdown", "txt": "Plain text",
                 "json": "JSON Resume"}


@bp.app_template_filter("resume_placeholders")
def mark_placeholders(text: str) -> Markup:
    """Escape, then wrap [PLACEHOLDERS] in <mark> so the user sees what to fill in."""
    safe = str(escape(text))
    return Markup(PLACEHOLDER_RE.sub(lambda m: f"<mark>{m.group(0)}</mark>", safe))  # noqa: S704


def _roles() -> dict[str, RoleProfile]:
    return cached_roles(current_app.config["BANK_DIR"])


def _apply(form: Any, errors: dict[str, list[str]]) -> None:
    """Attach service errors to their fields; unknown keys go to the form's top."""
    for key, messages in errors.items():
        target = getattr(form, key, None) if key else None
        if target is not None and hasattr(target, "errors"):
            target.errors = list(target.errors) + messages
        else:
            form.form_errors.extend(messages)


@bp.get("/")
@role_required(*ROLES)
def index():
    """The three resume tools, and whether details are saved yet."""
    details = services.get_details(current_user.id)
    return render_template("resume/index.html", details=details)


@bp.route("/details", methods=["GET", "POST"])
@role_required(*ROLES)
def details():
    """Edit the details every build reuses; stored only when all of them are valid."""
    form = DetailsForm()
    if not form.is_submitted():
        form.process(data=details_to_form(services.get_details(current_user.id) or {}))
    elif form.validate_on_submit():
        data, errors = form_to_details(form)
        try:
            if errors:
                raise services.FormError(errors)
            services.save_details(current_user.id, data)
        except services.FormError as exc:
            _apply(form, exc.errors)
            return render_template("resume/details.html", form=form), 400
        flash("Your details are saved; every resume you build now uses them.", "success")
        return redirect(url_for(".details"))
    return render_template("resume/details.html", form=form)


def _upload_limit() -> str:
    return str(current_app.config["UPLOAD_RATE_LIMIT"])


def _per_user() -> str:
    return f"user:{current_user.get_id()}"


@bp.route("/import", methods=["GET", "POST"])
@role_required(*ROLES)
@limiter.limit(_upload_limit, key_func=_per_user, methods=["POST"])
def import_resume():
    """Upload a resume; the worker reads it, then what it found fills the details form for
    review. Nothing is saved as details until the candidate presses Save on that form."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, status=400 if form.is_submitted() else 200)
    name, data = _upload_data(form.resume.data)
    try:
        upload = services.queue_upload(current_user.id, "import", name, data)
    except services.FormError as exc:
        _apply(form, exc.errors)
        return _import_page(form, status=413 if len(data) > MAX_UPLOAD_BYTES else 400)
    return redirect(url_for(".upload", upload_id=upload.id))


def _import_page(form: ImportForm, status: int = 200):
    return render_template("resume/import.html", form=form,
                           limit_mib=MAX_UPLOAD_BYTES // (1024 * 1024)), status


def _upload_data(upload: Any) -> tuple[str, bytes]:
    name = getattr(upload, "filename", "") or ""
    return name, (upload.read(MAX_UPLOAD_BYTES + 1) if name else b"")


@bp.get("/uploads/<int:upload_id>")
@role_required(*ROLES)
def upload(upload_id: int):
    """An upload's result: a waiting page while the worker reads it, then the report (a
    check) or the details form to review (an import)."""
    row = access.get_owned_or_404(db.session.get(ResumeUpload, upload_id), current_user,
                                  owner_attr="user_id")
    if row.status == "queued":
        return render_template("resume/reading.html", upload=row), 202
    if row.kind == "check":
        return _check_result(row)
    return _import_result(row)


@bp.get("/uploads/<int:upload_id>/status")
@role_required(*ROLES)
def upload_status(upload_id: int):
    row = access.get_owned_or_404(db.session.get(ResumeUpload, upload_id), current_user,
                                  owner_attr="user_id")
    return jsonify(status=row.status)


def _check_result(row: ResumeUpload):
    form = _check_form(_roles(), posted=False)
    form.jd.data, form.role.data = row.jd, row.role or ""
    if row.status == "failed":
        form.resume.errors = [row.error or "The file could not be read."]
        return _check_page(form, status=422)
    return _check_page(form, row.result)


def _import_result(row: ResumeUpload):
    if row.status == "failed":
        form = ImportForm(formdata=None)
        form.resume.errors = [row.error or "The file could not be read."]
        return _import_page(form, status=422)
    found = row.result or {}
    details_form = DetailsForm(formdata=None, data=details_to_form(found.get("details", {})))
    return render_template("resume/details.html", form=details_form, imported=row.filename,
                           notes=found.get("notes", []))


def _build_form(roles: dict[str, RoleProfile]) -> BuildForm:
    form = BuildForm()
    form.role.choices = [(r.id, r.name) for r in roles.values()]
    form.level.choices = [(lv, lv.title()) for lv in LEVELS]
    form.focus.choices = _focus_choices(roles)
    form.paper.choices = list(PAPERS)
    if not form.is_submitted():
        form.role.data = current_user.target_role if current_user.target_role in roles else "mle"
        form.level.data = current_user.target_level
    return form


def _focus_choices(roles: dict[str, RoleProfile]) -> list[tuple[str, str]]:
    """Every focus area any profile offers, once, in profile order."""
    seen: dict[str, str] = {}
    for role in roles.values():
        for area in role.focus_areas:
            seen.setdefault(area.id, area.name)
    return list(seen.items())


def _focus_roles(roles: dict[str, RoleProfile]) -> dict[str, list[str]]:
    """Focus id -> names of the roles that offer it (shown next to each checkbox)."""
    out: dict[str, list[str]] = {}
    for role in roles.values():
        for area in role.focus_areas:
            out.setdefault(area.id, []).append(role.name)
    return out


def _request(form: BuildForm) -> services.BuildRequest:
    return services.BuildRequest(form.role.data or "", form.level.data or "",
                                 list(form.focus.data or []), form.jd.data or "",
                                 bool(form.use_details.data), form.paper.data or "")


def _build_page(form: BuildForm, roles: dict[str, RoleProfile], status: int = 200, **result: Any):
    """The builder form, with the preview, report and downloads when `result` has them."""
    has_details = services.get_details(current_user.id) is not None
    return render_template("resume/build.html", form=form, roles=roles, jd_limit=MAX_JD_CHARS,
                           has_details=has_details, formats=FORMAT_LABELS,
                           focus_roles=_focus_roles(roles),
                           llm_on=judge_settings() is not None, **result), status


@bp.route("/build", methods=["GET", "POST"])
@role_required(*ROLES)
def build():
    """Builder form; a valid post shows the preview, the report and the downloads."""
    roles = _roles()
    form = _build_form(roles)
    if not form.validate_on_submit():
        return _build_page(form, roles, 400 if form.is_submitted() else 200)
    try:
        resume, report = services.preview(current_user.id, _request(form), roles)
    except services.FormError as exc:
        _apply(form, exc.errors)
        return _build_page(form, roles, 400)
    return _build_page(form, roles, resume=resume, data=resume_data(resume), report=report,
                       **_rewrites(form, resume))


def _rewrites(form: BuildForm, resume: Any) -> dict[str, Any]:
    """The LLM's suggested rewrites of the user's own bullets, when an LLM is configured and
    the build uses saved details and an ad. One request inside this one, bounded by
    LLM_TIMEOUT; on failure the page says so and shows the bullets as written."""
    settings = judge_settings()
    if settings is None or not form.use_details.data or not (form.jd.data or "").strip():
        return {}
    if services.get_details(current_user.id) is None:
        return {}
    return {"rewrites": services.rewrite_suggestions(current_user.id, resume, settings),
            "rewrites_asked": True}


@bp.post("/download")
@role_required(*ROLES)
def download():
    """Rebuild from the posted inputs and send one format as an attachment."""
    roles = _roles()
    form = _build_form(roles)
    fmt = request.form.get("fmt", "")
    if not form.validate_on_submit():
        return _build_page(form, roles, 400)
    try:
        body, content_type, name = services.download(current_user.id, _request(form), fmt, roles)
    except services.FormError as exc:
        _apply(form, exc.errors)
        return _build_page(form, roles, 400)
    response = send_file(io.BytesIO(body), mimetype=content_type, as_attachment=True,
                         download_name=name, max_age=0)
    response.content_type = content_type  # send_file would add a second charset
    response.headers["Cache-Control"] = "no-store"  # personal data
    return response


def _check_form(roles: dict[str, RoleProfile], posted: bool = True) -> CheckForm:
    """`posted=False` builds an empty form without reading the request body."""
    form = CheckForm() if posted else CheckForm(formdata=None)
    form.role.choices = [("", "Any role")] + [(r.id, r.name) for r in roles.values()]
    return form


def _check_page(form: CheckForm, report: dict | None = None, status: int = 200):
    return render_template("resume/check.html", form=form, report=report,
                           limit_mib=MAX_UPLOAD_BYTES // (1024 * 1024),
                           jd_limit=MAX_JD_CHARS), status


@bp.route("/check", methods=["GET", "POST"])
@role_required(*ROLES)
@limiter.limit(_upload_limit, key_func=_per_user, methods=["POST"])
def check():
    """Upload a resume and a job description; get the same keyword report as the builder."""
    roles = _roles()
    form = _check_form(roles)
    if not form.validate_on_submit():
        return _check_page(form, status=400 if form.is_submitted() else 200)
    name, data = _upload_data(form.resume.data)
    try:
        upload = services.queue_upload(current_user.id, "check", name, data,
                                       form.jd.data or "", form.role.data, roles)
    except services.FormError as exc:
        _apply(form, exc.errors)
        return _check_page(form, status=413 if len(data) > MAX_UPLOAD_BYTES else 400)
    return redirect(url_for(".upload", upload_id=upload.id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    """An upload over the request limit: say so on the form instead of a bare error page."""
    if request.endpoint == "resume.import_resume":
        form = ImportForm(formdata=None)
        form.resume.errors = [f"The file is too large: the upload limit is "
                              f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MiB."]
        return render_template("resume/import.html", form=form,
                               limit_mib=MAX_UPLOAD_BYTES // (1024 * 1024)), 413
    if request.endpoint != "resume.check":
        return error_response(413, exc.name, "The request is larger than the size limit.")
    form = _check_form(_roles(), posted=False)
    form.resume.errors = [f"The file is too large: the upload limit is "
                          f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MiB. Nothing was kept; "
                          "choose a smaller file and paste the job description again."]
    return _check_page(form, status=413)

