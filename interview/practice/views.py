"""The candidate's loop: start, answer under a timer, submit, see results, track progress."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from interview.access import get_owned_or_404
from interview.bank.schemas import KINDS, LEVELS
from interview.bank.services import all_topics
from interview.extensions import db
from interview.inputs import page_arg
from interview.practice import assembly, progress, services
from interview.practice.charts import trend_svg
from interview.practice.code import InputError, call_text, parse_inputs, shown_verdict
from interview.practice.dashboard import dashboard_context
from interview.practice.debrief import debrief
from interview.practice.forms import (
    TIME_UP_LABELS,
    AnswerForm,
    EndForm,
    PickForm,
    StartForm,
    TimeUpForm,
)
from interview.practice.insights import answer_insights
from interview.practice.models import Attempt, CodeRun, SessionItem
from interview.text import render_markdown
from interview.web import CSP

bp = Blueprint("practice", __name__, url_prefix="/practice", template_folder="templates")
home = Blueprint("home", __name__)


@home.get("/dashboard")
@login_required
def dashboard():
    """The signed-in user's home page: where they stand and what to practise next."""
    return render_template("practice/dashboard.html", **dashboard_context(current_user))


def _own(obj):
    """The object if it belongs to the signed-in candidate; 404 otherwise (no probing)."""
    return get_owned_or_404(obj, current_user)


def _limit() -> int:
    return current_app.config["MAX_ANSWER_CHARS"]


@bp.get("/")
@login_required
def start():
    """Three ways to start: a full loop, picked questions, or an assigned set."""
    sessions = services.recent_sessions(current_user.id)
    time_up = TimeUpForm(on_time_up=services.time_up_choice(current_user))
    return render_template("practice/start.html", form=StartForm(), pick=PickForm(),
                           kinds=KINDS, levels=LEVELS, topics=all_topics(), sessions=sessions,
                           time_up=time_up, time_up_labels=TIME_UP_LABELS)


@bp.post("/settings/time-up")
@login_required
def set_time_up():
    """The candidate's choice for timed questions: submit at zero, or keep writing (late)."""
    form = TimeUpForm()
    if not form.validate_on_submit():
        flash("Choose what happens when time runs out.", "error")
        return redirect(url_for(".start"))
    services.set_time_up_choice(current_user, form.on_time_up.data or "late")
    flash("Saved: " + ("answers are submitted automatically at zero." if
                       form.on_time_up.data == "submit" else
                       "you can keep writing after zero; the answer is marked late."), "success")
    return redirect(url_for(".start"))


@bp.post("/items/<int:iid>/hint")
@login_required
def hint(iid: int):
    """Reveal the next hint (JSON for the page's script, a redirect without JavaScript)."""
    item = _own(db.session.get(SessionItem, iid))
    try:
        shown = services.reveal_hint(item)
    except services.PracticeError as exc:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(exc)), 409
        flash(str(exc), "error")
        return redirect(url_for(".item", iid=iid))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(hints=shown, total=len(services.hints_of(item)))
    return redirect(url_for(".item", iid=iid) + "#hints")


@bp.post("/loop")
@login_required
def start_loop():
    """Assemble a full loop at the candidate's target level."""
    if not StartForm().validate_on_submit():
        abort(400)
    ids = assembly.assemble_loop(current_user)
    try:
        session = services.start_session(current_user, ids, source="loop",
                                         title=f"Full loop ({current_user.target_level})")
    except services.PracticeError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".start"))
    return redirect(url_for(".session", sid=session.id))


@bp.post("/pick")
@login_required
def start_pick():
    """One chosen question, or a few random ones matching the filters."""
    form = PickForm()
    if not form.validate_on_submit():
        flash(f"Choose between 1 and {services.PICK_MAX} questions.", "error")
        return redirect(url_for(".start"))
    try:
        ids = [form.question_id.data] if form.question_id.data else assembly.pick_matching(
            form.kind.data or None, form.level.data or None, form.topic.data or None,
            form.count.data or 3)
        session = services.start_session(current_user, ids, source="pick")
    except services.PracticeError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".start"))
    return redirect(url_for(".session", sid=session.id))


@bp.get("/sessions/<int:sid>")
@login_required
def session(sid: int):
    """Go to the next unanswered question, or show the session's summary."""
    practice = _own(services.load_session(sid))
    item = services.next_open_item(practice)
    if item is not None and request.args.get("summary") is None:
        return redirect(url_for(".item", iid=item.id))
    report = debrief(practice, current_user.target_level) if practice.finished else None
    return render_template("practice/session.html", practice=practice, debrief=report,
                           next_item=item, end_form=EndForm())


@bp.post("/sessions/<int:sid>/end")
@login_required
def end_session(sid: int):
    """The candidate stops here: the session is finished and the debrief is shown."""
    practice = _own(services.load_session(sid))
    if not EndForm().validate_on_submit():
        abort(400)
    services.end_session(practice)
    flash("Session ended.", "success")
    return redirect(url_for(".session", sid=sid, summary=1))


@bp.get("/items/<int:iid>")
@login_required
def item(iid: int):
    """Answer one question; the deadline is set on first view and kept on the server."""
    item = _own(db.session.get(SessionItem, iid))
    if item.attempt is not None:
        return redirect(url_for(".result", aid=item.attempt.id))
    services.open_item(item)
    draft = services.get_draft(item)
    form = AnswerForm(answer=draft.text if draft else (item.body.get("coding") or {}).get(
        "starter", "") if item.is_code else "")
    nonce = secrets.token_urlsafe(16)
    response = make_response(render_template(
        "practice/item.html", item=item, form=form, draft=draft, csp_nonce=nonce,
        examples=_examples(item), label=services.item_label(item), end_form=EndForm(),
        hints=services.hints_of(item), shown_hints=services.shown_hints(item),
        time_up=services.time_up_choice(current_user),
        seconds_left=services.seconds_left(item), limit=_limit()))
    response.headers["Content-Security-Policy"] = csp_with_style_nonce(nonce)
    return response


def _examples(item: SessionItem) -> list[dict[str, str]]:
    """The visible examples as calls with their expected values, as Python writes them."""
    if not item.is_code:
        return []
    coding = item.body["coding"]
    return [{"call": call_text(coding, ex), "expected": repr(ex.get("expected"))}
            for ex in coding.get("examples") or []]


def csp_with_style_nonce(nonce: str) -> str:
    """The site's policy, plus <style> elements carrying this response's nonce: the code
    editor injects its styles that way (no 'unsafe-inline')."""
    return CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'", 1)


@bp.post("/items/<int:iid>/draft")
@login_required
def save_draft(iid: int):
    """Autosave (JSON from the page's script, or the no-JavaScript "Save draft" button)."""
    item = _own(db.session.get(SessionItem, iid))
    text = request.form.get("answer", "")
    try:
        draft = services.save_draft(item, text, _limit())
    except services.PracticeError as exc:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(exc)), 409 if item.attempt else 413
        flash(str(exc), "error")
        return redirect(url_for(".item", iid=iid))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(saved_at=draft.updated_at.isoformat() + "Z", chars=len(draft.text))
    flash("Draft saved.", "success")
    return redirect(url_for(".item", iid=iid))


@bp.post("/items/<int:iid>/submit")
@login_required
def submit(iid: int):
    """Store the answer first, then queue scoring; never waits for the scorer."""
    item = _own(db.session.get(SessionItem, iid))
    form = AnswerForm()
    text = form.answer.data or ""
    if item.attempt is not None:
        flash("This question was already submitted; your first answer is kept.", "info")
        return redirect(url_for(".result", aid=item.attempt.id))
    automatic = (request.form.get("automatic") == "1"
                 and services.time_up_choice(current_user) == "submit")
    try:
        attempt = services.submit(item, text, _limit(), automatic=automatic)
    except services.PracticeError as exc:
        if services.visible(text):
            services.save_draft(item, text, _limit())  # the whole text, never cut
        flash(str(exc), "error")
        return redirect(url_for(".item", iid=iid))
    if attempt.late:
        flash("Submitted after the time limit: the answer is kept and marked late.", "warning")
    elif automatic:
        flash("Time is up: your answer was submitted automatically.", "info")
    return redirect(url_for(".result", aid=attempt.id))


@bp.post("/preview")
@login_required
def preview():
    """Markdown preview, rendered and sanitised on the server."""
    text = request.form.get("answer", "")[: _limit()]
    return jsonify(html=str(render_markdown(text)))


@bp.get("/attempts/<int:aid>")
@login_required
def result(aid: int):
    """Scores, quotes, what was missed, the model answer and follow-ups."""
    attempt = _own(db.session.get(Attempt, aid))
    follow_ups = db.session.scalars(db.select(SessionItem).where(
        SessionItem.parent_item_id == attempt.item_id).order_by(SessionItem.position)).all()
    score = attempt.score
    verdict = (shown_verdict(attempt.item.body["coding"], score.code_verdict)
               if score is not None and attempt.item.is_code else None)
    return render_template("practice/result.html", attempt=attempt, item=attempt.item,
                           score=score, insights=answer_insights(attempt), verdict=verdict,
                           label=services.item_label(attempt.item),
                           next_item=services.next_open_item(attempt.item.session),
                           follow_ups=follow_ups)


@bp.get("/attempts/<int:aid>/status")
@login_required
def result_status(aid: int):
    """Polled by the result page until the score is there."""
    attempt = _own(db.session.get(Attempt, aid))
    return jsonify(status=attempt.status, ready=attempt.score is not None)


@bp.get("/history")
@login_required
def history():
    """Every attempt with filters, progress charts, weak topics, what to practise next."""
    flt = progress.HistoryFilter(kind=request.args.get("kind") or None,
                                 topic=request.args.get("topic") or None,
                                 status=request.args.get("status") or None)
    page = db.paginate(progress.history_query(current_user.id, flt),
                       page=page_arg(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    summary = progress.summary(current_user.id, current_user.target_level)
    charts = {kind: (trend_svg(kind, pts, per_answer), per_answer)
              for kind, (pts, per_answer) in progress.chart_trend(summary).items()}
    return render_template(
        "practice/history.html", page=page, flt=flt, kinds=KINDS, topics=all_topics(),
        charts=charts, weeks_for_weekly=progress.WEEKS_FOR_WEEKLY, weak=summary["weak"],
        readiness=summary["readiness"], levels=LEVELS,
        recommended=progress.recommended_questions(summary["recommended_ids"]))


@bp.post("/items/<int:iid>/run")
@login_required
def run_examples(iid: int):
    """Queue a run of the visible examples in the sandbox (the worker does it)."""
    from interview.practice.tasks import queue_examples_run

    item = _own(db.session.get(SessionItem, iid))
    code = request.form.get("answer", "")
    if not item.is_code:
        abort(404)
    try:
        services.check_answer_size(code, _limit())
    except services.PracticeError as exc:
        return jsonify(error=str(exc)), 413
    inputs = None
    if "input" in request.form:
        try:
            inputs = parse_inputs(request.form["input"])
        except InputError as exc:
            return jsonify(error=str(exc)), 422
    run = queue_examples_run(item, code, inputs)
    return jsonify(id=run.id, url=url_for(".run_status", rid=run.id)), 202


@bp.get("/runs/<int:rid>")
@login_required
def run_status(rid: int):
    """The verdict of a "run examples" request, once the worker has it."""
    run = _own(db.session.get(CodeRun, rid))
    item = db.session.get_one(SessionItem, run.item_id)
    coding = item.body.get("coding") or {}
    return jsonify(status=run.status, verdict=shown_verdict(coding, run.verdict))
