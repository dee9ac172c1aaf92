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

from interview.accounts.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow only signed-in users with one of `roles` (admins always pass)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from interview.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role != Role.ADMIN and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def owns(user: User, owner_id: int) -> bool:
    """A candidate's own data; admins may see everything."""
    return user.is_authenticated and (user.id == owner_id or user.role == Role.ADMIN)


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
    return target
