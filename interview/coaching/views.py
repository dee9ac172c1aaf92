"""Coach pages (sets, cohorts, assignments, reviews, dashboard), the candidate's side of
coaching (invites, assignments, leaving) and the admin's user list. Views stay thin."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from interview import access, transaction
from interview.accounts.models import Role, User
from interview.bank.schemas import KINDS, LEVELS
from interview.bank.services import QuestionFilter, all_topics, question_query
from interview.clock import utcnow
from interview.coaching import dashboard as dash
from interview.coaching import forms, review, services
from interview.coaching.blueprint import bp
from interview.coaching.models import Cohort, QuestionSet
from interview.coaching.services import CoachingError
from interview.extensions import db
from interview.inputs import content_disposition, page_arg
from interview.practice.models import Attempt

coach_only = access.role_required(Role.COACH)


@bp.app_template_global()
def coach_notes(attempt: Attempt) -> review.ResultNotes:
    """For the candidate's result page: the coach's overrides and comments on the attempt."""
    return review.result_notes(attempt)


@bp.app_template_global()
def open_assignments(user: User) -> list[services.AssignedItem]:
    """For the practice start page: what the coach assigned and is not finished yet."""
    return services.assigned_to_you(user)


@bp.app_template_global()
def coaching_notices(user: User) -> services.Notices:
    """For the dashboard: overdue, due soon, and answers the coach commented on lately."""
    return services.candidate_notices(user)


@bp.app_template_global()
def best_scores(user: User, question_ids: list[str]) -> dict[str, float]:
    """For the bank's list (bank sits below practice, so it cannot ask itself): the user's
    best score per question, by question id."""
    from interview.practice.dashboard import best_scores as best

    return best(user.id, question_ids)


def _set(set_id: int) -> QuestionSet:
    return access.get_coach_owned_or_404(db.session.get(QuestionSet, set_id), current_user)


def _cohort(cohort_id: int) -> Cohort:
    return access.get_coach_owned_or_404(db.session.get(Cohort, cohort_id), current_user)


def _attempt(aid: int) -> Attempt:
    return access.get_reviewable_or_404(db.session.get(Attempt, aid), current_user)


def _done(message: str, endpoint: str, **values) -> BaseResponse:
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def _refused(exc: CoachingError, endpoint: str, **values) -> BaseResponse:
    """Say why and go back; whatever the request had flushed is rolled back."""
    transaction.rollback()
    flash(str(exc), "error")
    return redirect(url_for(endpoint, **values))


@bp.get("/coaching/")
@coach_only
def index():
    """The coach's sets, cohorts and candidates."""
    return render_template("coaching/index.html", sets=services.coach_sets(current_user),
                           cohorts=services.coach_cohorts(current_user),
                           candidates=services.coach_candidates(current_user))


@bp.post("/coaching/sets")
@coach_only
def new_set():
    try:
        qset = services.create_set(current_user, request.form.get("title", ""),
                                   request.form.get("note", ""))
    except CoachingError as exc:
        return _refused(exc, ".index")
    return _done("Set created. Now add questions.", ".set_edit", set_id=qset.id)


@bp.get("/coaching/sets/<int:set_id>")
@coach_only
def set_edit(set_id: int):
    """Edit a set: its questions, their order and limits; search the bank; assign it."""
    qset = _set(set_id)
    args = request.args
    flt = QuestionFilter(kind=args.get("kind") if args.get("kind") in KINDS else None,
                         level=args.get("level") if args.get("level") in LEVELS else None,
                         topic=args.get("topic") or None, q=(args.get("q") or "")[:200] or None)
    found = db.session.scalars(question_query(flt).limit(25)).all() if args else []
    return render_template(
        "coaching/set.html", qset=qset, flt=flt, found=found, searched=bool(args), kinds=KINDS,
        levels=LEVELS, topics=all_topics(), assignments=services.set_assignments(qset),
        cohorts=services.coach_cohorts(current_user),
        candidates=services.coach_candidates(current_user))


@bp.post("/coaching/sets/<int:set_id>")
@coach_only
def set_update(set_id: int):
    qset = _set(set_id)
    try:
        services.update_set(qset, request.form.get("title", ""), request.form.get("note", ""))
    except CoachingError as exc:
        return _refused(exc, ".set_edit", set_id=set_id)
    return _done("Set saved.", ".set_edit", set_id=set_id)


@bp.post("/coaching/sets/<int:set_id>/items")
@coach_only
def set_add(set_id: int):
    qset = _set(set_id)
    try:
        services.add_question(qset, request.form.get("question_id", ""),
                              forms.optional_int(request.form.get("minutes")))
    except CoachingError as exc:
        return _refused(exc, ".set_edit", set_id=set_id)
    return _done("Question added.", ".set_edit", set_id=set_id)


@bp.post("/coaching/sets/<int:set_id>/items/<int:item_id>")
@coach_only
def set_item(set_id: int, item_id: int):
    """Move up or down, remove, or change the time limit of one question in the set."""
    qset, action = _set(set_id), request.form.get("action")
    try:
        if action in ("up", "down"):
            services.move_item(qset, item_id, -1 if action == "up" else 1)
        elif action == "remove":
            services.remove_item(qset, item_id)
        else:
            services.set_time_limit(qset, item_id,
                                    forms.optional_int(request.form.get("minutes")))
    except CoachingError as exc:
        return _refused(exc, ".set_edit", set_id=set_id)
    return _done("Set updated.", ".set_edit", set_id=set_id)


@bp.post("/coaching/sets/<int:set_id>/duplicate")
@coach_only
def set_duplicate(set_id: int):
    copy = services.duplicate_set(_set(set_id), current_user)
    return _done("Copy made; edit it freely.", ".set_edit", set_id=copy.id)


@bp.post("/coaching/sets/<int:set_id>/assign")
@coach_only
def set_assign(set_id: int):
    qset = _set(set_id)
    try:
        services.assign(qset, current_user, forms.due_at(request.form.get("due")),
                        **forms.target(request.form))
    except CoachingError as exc:
        return _refused(exc, ".set_edit", set_id=set_id)
    return _done("Set assigned.", ".set_edit", set_id=set_id)


@bp.post("/coaching/cohorts")
@coach_only
def new_cohort():
    try:
        cohort = services.create_cohort(current_user, request.form.get("name", ""))
    except CoachingError as exc:
        return _refused(exc, ".index")
    return _done("Cohort created. Invite candidates with a link.", ".cohort", cohort_id=cohort.id)


@bp.get("/coaching/cohorts/<int:cohort_id>")
@coach_only
def cohort(cohort_id: int):
    """Members, and every invite with its state and (while open) its link to copy."""
    group, now = _cohort(cohort_id), utcnow()
    invites = [(i, i.state(now), services.invite_code(i))
               for i in services.cohort_invites(group)]
    return render_template("coaching/cohort.html", cohort=group, invites=invites,
                           members=services.members(group))


@bp.post("/coaching/cohorts/<int:cohort_id>/invites")
@coach_only
def cohort_invite(cohort_id: int):
    """A new single-use invite; its link stays listed on the cohort page until it is used."""
    invite, _ = services.create_invite(_cohort(cohort_id), current_user)
    flash(f"New invite link ready: copy it from the list of invites and send it to one "
          f"candidate. It works once and expires on {invite.expires_at:%d %b %Y}.", "success")
    return redirect(url_for(".cohort", cohort_id=cohort_id, _anchor="invites"))


@bp.post("/coaching/cohorts/<int:cohort_id>/invites/revoke")
@coach_only
def invite_revoke(cohort_id: int):
    """Stop an open invite (form field `invite_id`) from working."""
    group = _cohort(cohort_id)
    try:
        services.revoke_invite(group, forms.optional_int(request.form.get("invite_id")))
    except CoachingError as exc:
        return _refused(exc, ".cohort", cohort_id=cohort_id)
    return _done("Invite revoked: its link no longer works.", ".cohort", cohort_id=cohort_id)


@bp.post("/coaching/cohorts/<int:cohort_id>/members/<int:uid>/remove")
@coach_only
def cohort_remove(cohort_id: int, uid: int):
    try:
        services.end_membership(_cohort(cohort_id).id, uid)
    except CoachingError as exc:
        return _refused(exc, ".cohort", cohort_id=cohort_id)
    return _done("Removed from the cohort.", ".cohort", cohort_id=cohort_id)


@bp.get("/coaching/cohorts/<int:cohort_id>/dashboard")
@coach_only
def dashboard(cohort_id: int):
    return render_template("coaching/dashboard.html",
                           dash=dash.cohort_dashboard(_cohort(cohort_id)))


@bp.get("/coaching/cohorts/<int:cohort_id>/dashboard.csv")
@coach_only
def dashboard_csv(cohort_id: int):
    body = dash.dashboard_csv(dash.cohort_dashboard(_cohort(cohort_id)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": content_disposition(f"cohort-{cohort_id}.csv")})


@bp.get("/coaching/candidates/<int:uid>")
@coach_only
def candidate(uid: int):
    """A candidate's attempts that the coach may see (made while in the coach's cohorts)."""
    person = db.session.get(User, uid)
    if person is None or not access.coaches_candidate(current_user, uid):
        abort(404)
    page = db.paginate(review.reviewable_attempts(current_user, uid),
                       page=page_arg(), per_page=20, error_out=False)
    return render_template("coaching/candidate.html", person=person, page=page)


@bp.get("/coaching/attempts/<int:aid>")
@coach_only
def review_attempt(aid: int):
    attempt = _attempt(aid)
    return render_template("coaching/review.html", attempt=attempt, item=attempt.item,
                           score=attempt.score, notes=review.result_notes(attempt))


@bp.post("/coaching/attempts/<int:aid>/override")
@coach_only
def override(aid: int):
    attempt = _attempt(aid)
    try:
        review.override(attempt, forms.optional_int(request.form.get("criterion_id")) or 0,
                        current_user, forms.percent(request.form.get("score")),
                        request.form.get("reason", ""))
    except CoachingError as exc:
        return _refused(exc, ".review_attempt", aid=aid)
    return _done("Score overridden; the original is kept.", ".review_attempt", aid=aid)


@bp.post("/coaching/attempts/<int:aid>/comment")
@coach_only
def comment(aid: int):
    attempt = _attempt(aid)
    try:
        review.comment(attempt, current_user, request.form.get("body", ""))
    except CoachingError as exc:
        return _refused(exc, ".review_attempt", aid=aid)
    return _done("Comment added.", ".review_attempt", aid=aid)

