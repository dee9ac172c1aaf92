"""Coaching over the API: sets, cohorts, invites, assignments, reviews, overrides, comments.

The rules are the coaching pages' rules, from `interview.access`: candidates get 403 on
coach endpoints; a coach sees only their own sets and cohorts and the attempts made while
a candidate was in one of their cohorts (anything else is 404); admins see all. The role
and ownership are checked before the body is parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from functools import wraps
from typing import Any

from flask_smorest import abort

from interview import access
from interview.accounts.models import Role
from interview.api.core import api_user, fetch, make_blueprint, page_body
from interview.api.schemas import PageArgs
from interview.coaching import api_schemas as cs
from interview.coaching import review, services
from interview.coaching.models import Cohort, QuestionSet
from interview.coaching.services import CoachingError, Duplicate, NotYours
from interview.extensions import db
from interview.practice.api_schemas import HistoryPage, SessionOut
from interview.practice.models import Attempt

blp = make_blueprint("api_coaching", "For coaches: sets, cohorts, assignments and reviews; "
                     "for candidates: their assignments.")
coach_only = access.role_required(Role.COACH)
CHECKS: dict[str, Callable[[int], Any]] = {
    "set_id": lambda i: access.get_coach_owned_or_404(fetch(QuestionSet, i), api_user()),
    "cohort_id": lambda i: access.get_coach_owned_or_404(fetch(Cohort, i), api_user()),
    "aid": lambda i: access.get_reviewable_or_404(fetch(Attempt, i), api_user()),
}


def visible(view: Callable) -> Callable:
    """404 for objects the coach may not see, before any body is read."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        for key, check in CHECKS.items():
            if key in kwargs:
                check(kwargs[key])
        return view(*args, **kwargs)

    return wrapped


def refuse(exc: CoachingError) -> None:
    """A duplicate is a conflict (409); any other broken rule is unprocessable (422)."""
    if isinstance(exc, NotYours):
        abort(404, message=str(exc))
    abort(409 if isinstance(exc, Duplicate) else 422, message=str(exc))


@blp.route("/coaching/sets", methods=["GET"])
@coach_only
@blp.response(200, cs.SetOut(many=True))
def list_sets():
    """Your question sets, newest first."""
    return services.coach_sets(api_user())


@blp.route("/coaching/sets", methods=["POST"])
@coach_only
@blp.arguments(cs.SetIn)
@blp.response(201, cs.SetOut)
def create_set(data: dict[str, Any]):
    """A new set, optionally with its questions (in order, each with a time limit)."""
    try:
        qset = services.create_set(api_user(), data["title"], data["note"])
        for row in data["questions"]:
            services.add_question(qset, row["question_id"], row["minutes"])
    except CoachingError as exc:
        refuse(exc)  # the 422 rolls back the whole request: no half-built set is left
    return qset


@blp.route("/coaching/sets/<int:set_id>", methods=["GET"])
@coach_only
@visible
@blp.response(200, cs.SetOut)
def get_set(set_id: int):
    return fetch(QuestionSet, set_id)


@blp.route("/coaching/sets/<int:set_id>/items", methods=["POST"])
@coach_only
@visible
@blp.arguments(cs.SetQuestionIn)
@blp.response(201, cs.SetOut)
def add_to_set(data: dict[str, Any], set_id: int):
    """Append a question to the set, pinned to its current version."""
    qset = fetch(QuestionSet, set_id)
    try:
        services.add_question(qset, data["question_id"], data["minutes"])
    except CoachingError as exc:
        refuse(exc)
    db.session.refresh(qset)
    return qset


@blp.route("/coaching/sets/<int:set_id>/assignments", methods=["GET"])
@coach_only
@visible
@blp.response(200, cs.AssignmentOut(many=True))
def list_assignments(set_id: int):
    return services.set_assignments(fetch(QuestionSet, set_id))


@blp.route("/coaching/sets/<int:set_id>/assignments", methods=["POST"])
@coach_only
@visible
@blp.arguments(cs.AssignIn)
@blp.response(201, cs.AssignmentOut)
def assign(data: dict[str, Any], set_id: int):
    """Give the set to one candidate of your cohorts, or to one of your cohorts."""
    due = data["due_at"].astimezone(UTC).replace(tzinfo=None)
    try:
        return services.assign(fetch(QuestionSet, set_id), api_user(), due,
                               candidate_id=data.get("candidate_id"),
                               cohort_id=data.get("cohort_id"))
    except CoachingError as exc:
        refuse(exc)


@blp.route("/coaching/cohorts", methods=["GET"])
@coach_only
@blp.response(200, cs.CohortOut(many=True))
def list_cohorts():
    """Your cohorts with their current members."""
    return [_cohort_body(c) for c in services.coach_cohorts(api_user())]


def _cohort_body(cohort: Cohort) -> dict[str, Any]:
    return {"id": cohort.id, "name": cohort.name, "created_at": cohort.created_at,
            "members": services.members(cohort)}


@blp.route("/coaching/cohorts", methods=["POST"])
@coach_only
@blp.arguments(cs.CohortIn)
@blp.response(201, cs.CohortOut)
def create_cohort(data: dict[str, str]):
    try:
        return _cohort_body(services.create_cohort(api_user(), data["name"]))
    except CoachingError as exc:
        refuse(exc)


@blp.route("/coaching/cohorts/<int:cohort_id>", methods=["GET"])
@coach_only
@visible
@blp.response(200, cs.CohortOut)
def get_cohort(cohort_id: int):
    return _cohort_body(fetch(Cohort, cohort_id))


@blp.route("/coaching/cohorts/<int:cohort_id>/invites", methods=["POST"])
@coach_only
@visible
@blp.response(201, cs.InviteOut)
def create_invite(cohort_id: int):
    """A single-use invite code (shown once); candidates accept it on the invite page."""
    invite, code = services.create_invite(fetch(Cohort, cohort_id), api_user())
    return {"code": code, "cohort_id": cohort_id, "expires_at": invite.expires_at}


@blp.route("/coaching/candidates/<int:uid>/attempts", methods=["GET"])
@coach_only
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, HistoryPage)
def candidate_attempts(uid: int, page: int, per_page: int):
    """A candidate's attempts made while in one of your cohorts, newest first."""
    if not 0 < uid <= 2**31 - 1 or not access.coaches_candidate(api_user(), uid):
        abort(404, message="No such candidate among your cohorts.")
    stmt = review.reviewable_attempts(api_user(), uid)
    return page_body(db.paginate(stmt, page=page, per_page=per_page, error_out=False),
                     per_page)


def review_body(attempt: Attempt) -> dict[str, Any]:
    notes = review.result_notes(attempt)
    return {"attempt": attempt, "candidate_id": attempt.candidate_id,
            "criteria": notes.criteria, "comments": notes.comments,
            "original_total": notes.original_total, "total": notes.total}


@blp.route("/coaching/attempts/<int:aid>", methods=["GET"])
@coach_only
@visible
@blp.response(200, cs.ReviewOut)
def review_attempt(aid: int):
    """The attempt with each criterion's automatic and effective score, and comments."""
    return review_body(fetch(Attempt, aid))


@blp.route("/coaching/attempts/<int:aid>/overrides", methods=["POST"])
@coach_only
@visible
@blp.arguments(cs.OverrideIn)
@blp.response(201, cs.ReviewOut)
def override(data: dict[str, Any], aid: int):
    """Replace one criterion's score (0-100) with a reason; the original is kept."""
    attempt = fetch(Attempt, aid)
    try:
        review.override(attempt, data["criterion_id"], api_user(), data["percent"],
                        data["reason"])
    except CoachingError as exc:
        refuse(exc)
    return review_body(attempt)


@blp.route("/coaching/attempts/<int:aid>/comments", methods=["POST"])
@coach_only
@visible
@blp.arguments(cs.CommentIn)
@blp.response(201, cs.CommentOut)
def comment(data: dict[str, str], aid: int):
    try:
        return review.comment(fetch(Attempt, aid), api_user(), data["body"])
    except CoachingError as exc:
        refuse(exc)


@blp.route("/assignments", methods=["GET"])
@blp.response(200, cs.MyAssignmentOut(many=True))
def my_assignments():
    """Sets your coaches assigned to you, with their state."""
    return services.candidate_assignments(api_user())


@blp.route("/assignments/<int:asg_id>/start", methods=["POST"])
@blp.response(201, SessionOut)
def start_assignment(asg_id: int):
    """Open (or continue) your session for an assignment."""
    if not 0 < asg_id <= 2**31 - 1:
        abort(404)
    try:
        return services.start_assignment(api_user(), asg_id)
    except CoachingError as exc:
        refuse(exc)
