"""The one place that decides who may see or change what.

Views, the API and the CLI ask here; the authorization matrix test reads `ROUTE_RULES`.
Objects a user may not see are reported as missing (404), so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, exists, literal, or_, select

from interview.accounts.models import Role, User
from interview.coaching.models import Cohort, Membership
from interview.extensions import db, login_manager

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow only signed-in users with one of `roles` (admins always pass)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != Role.ADMIN and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.roles = frozenset(roles)  # type: ignore[attr-defined]  # read by may_open
        return wrapped  # type: ignore[return-value]

    return decorator


def may_open(user: User, view: Callable[..., Any]) -> bool:
    """Whether `user` may open a page: signed in, and of a role the view admits (views
    without `role_required` admit every signed-in user). The menu asks this too."""
    if not user.is_authenticated:
        return False
    roles = getattr(view, "roles", None)
    return roles is None or user.role == Role.ADMIN or user.role in roles


def owns(user: User, owner_id: int) -> bool:
    """Practice data, drafts and tokens belong to their owner alone; admins manage accounts,
    not other people's answers (coaches see answers through `may_review`)."""
    return user.is_authenticated and user.id == owner_id


def get_owned_or_404(obj: Any, user: User, owner_attr: str = "candidate_id") -> Any:
    """Return `obj` when `user` may see it, else 404 (never 403: no probing of ids)."""
    if obj is None or not owns(user, getattr(obj, owner_attr)):
        abort(404)
    return obj


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths: `/x` yes; `//evil`, `http://evil`, `\\evil` no."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if target.startswith("//") or target.startswith("/\\") or "\\" in target:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in target):  # CR/LF would split the header
        return None
    return target


# --- Coaching: a coach sees a candidate only through the coach's own cohorts -------------
# A coach sees an attempt when the candidate was a member of one of the coach's cohorts at the
# moment the attempt was submitted (joined_at <= submitted_at < left_at). Admins see all.


def membership_covers(candidate_col: Any, time_col: Any | None = None) -> list[Any]:
    """SQL conditions: a `Membership` row of `candidate_col`, covering the moment `time_col`.

    The one definition of a coach's window: what happened before the candidate joined (or
    after they left) stays private. The cohort dashboard joins on it; `coach_window` wraps it.
    """
    cond = [Membership.candidate_id == candidate_col]
    if time_col is not None:
        cond += [Membership.joined_at <= time_col,
                 or_(Membership.left_at.is_(None), Membership.left_at > time_col)]
    return cond


def coach_window(coach_id: int, candidate_col: Any, time_col: Any | None = None) -> Any:
    """SQL EXISTS: a membership of `candidate_col` in a cohort owned by `coach_id`."""
    return exists().where(and_(Membership.cohort_id == Cohort.id, Cohort.owner_id == coach_id,
                               *membership_covers(candidate_col, time_col)))


def coaches_candidate(user: User, candidate_id: int) -> bool:
    """Whether `user` (a coach) has or had `candidate_id` in one of their cohorts."""
    if not user.is_authenticated or user.role not in (Role.COACH, Role.ADMIN):
        return False
    if user.role == Role.ADMIN:
        return True
    return bool(db.session.scalar(select(coach_window(user.id, literal(candidate_id)))))


def may_review(user: User, attempt: Any) -> bool:
    """Admins, or the coach whose cohort held the candidate when the attempt was submitted."""
    if not user.is_authenticated or user.role not in (Role.COACH, Role.ADMIN):
        return False
    if user.role == Role.ADMIN:
        return True
    clause = coach_window(user.id, literal(attempt.candidate_id), literal(attempt.submitted_at))
    return bool(db.session.scalar(select(clause)))


def get_reviewable_or_404(attempt: Any, user: User) -> Any:
    if attempt is None or not may_review(user, attempt):
        abort(404)
    return attempt


def get_coach_owned_or_404(obj: Any, user: User) -> Any:
    """Sets and cohorts: their owner (or an admin) only; anyone else gets 404."""
    if obj is None or not (owns(user, obj.owner_id) or user.role == Role.ADMIN):
        abort(404)
    return obj

