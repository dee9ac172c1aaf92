"""The candidate's side of coaching: invites, assignments, leaving a cohort."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from interview.clock import utcnow
from interview.coaching import services
from interview.coaching.blueprint import bp
from interview.coaching.services import CoachingError


@bp.get("/invites/<code>")
@login_required
def invite(code: str):
    """What the invite is for, its state, and (while open) a button to accept it. Unknown
    codes are 404. Someone signed out is sent to sign in (or register) and back here."""
    found = services.find_invite(code)
    if found is None:
        abort(404)
    member = services.active_membership(found.cohort_id, current_user.id) is not None
    return render_template("coaching/invite.html", invite=found, code=code,
                           state=found.state(utcnow()), member=member,
                           mine=found.used_by == current_user.id)


@bp.post("/invites/<code>")
@login_required
def accept_invite(code: str):
    if services.find_invite(code) is None:
        abort(404)
    try:
        membership = services.accept_invite(code, current_user)
    except CoachingError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".invite", code=code))
    flash(f"You joined {membership.cohort.name}.", "success")
    return redirect(url_for(".my_assignments"))


@bp.get("/my/assignments")
@login_required
def my_assignments():
    """Assignments with due, overdue, in-progress and done states, and the cohorts I am in."""
    return render_template("coaching/my_assignments.html",
                           items=services.candidate_assignments(current_user),
                           memberships=services.my_memberships(current_user))


@bp.post("/my/assignments/<int:asg_id>/start")
@login_required
def start_assignment(asg_id: int):
    try:
        session = services.start_assignment(current_user, asg_id)
    except CoachingError:
        abort(404)
    return redirect(url_for("practice.session", sid=session.id))


@bp.post("/my/cohorts/<int:cohort_id>/leave")
@login_required
def leave_cohort(cohort_id: int):
    try:
        services.end_membership(cohort_id, current_user.id)
    except CoachingError:
        abort(404)
    flash("You left the cohort. Your coach no longer sees what you do from now on.", "success")
    return redirect(url_for(".my_assignments"))
