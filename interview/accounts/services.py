"""Account operations shared by the pages, the API and the CLI."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from interview.accounts.models import LoginSession, PasswordReset, Role, User, token_digest
from interview.clock import utcnow
from interview.extensions import db
from interview.levels import LEVELS

MIN_PASSWORD = 10
MAX_PASSWORD = 128
MIN_STRENGTH = 3  # zxcvbn's 0-4 scale: 3 resists an offline attack on a slow hash
NAME_MAX = 100
RESET_MINUTES = 60  # a password-reset link lives an hour
FOCUS_KINDS = ("system_design", "coding", "ml_fundamentals", "behavioral", "ask_employer")

class AccountError(ValueError):
    """A rule about accounts was broken; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AccountExists(AccountError):
    """The email has an account: the CLI may say so, the public pages must not."""


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a password is too weak, or None when it is acceptable.

    Strength is zxcvbn's estimate (its dictionaries of common and leaked passwords ship in
    the package, so nothing is looked up online); the email and name count as guessable.
    """
    if len(password) < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    hints = [h for h in (email, email.split("@", 1)[0], name) if h]
    verdict = zxcvbn(password, user_inputs=hints)
    if verdict["score"] < MIN_STRENGTH:
        advice = verdict["feedback"].get("warning") or "it is a common pattern"
        return (f"This password is too easy to guess ({advice.rstrip('.').lower()}). Try a "
                "few unrelated words.")
    return None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: str = Role.CANDIDATE, name: str = "") -> User:
    """Create an account, refusing duplicates and weak passwords."""
    email = normalise_email(email)
    if len(name.strip()) > NAME_MAX:
        raise AccountError(f"Use at most {NAME_MAX} characters for your name.", "name")
    if role not in set(Role):
        raise AccountError(f"Unknown role {role!r}; use candidate, coach or admin.", "role")
    problem = password_problem(password, email, name)
    if problem:
        raise AccountError(problem, "password")
    if find_user(email):
        raise AccountExists("An account with this email already exists.", "email")
    user = User(email=email, role=role, name=name.strip())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; callers show one generic message.

    An unknown email costs the same password hash as a known one, so the time taken does
    not tell anyone which emails have accounts.
    """
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def start_session(user: User) -> str:
    """Record a signed-in browser; the returned token goes in its session cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=token_digest(token)))
    db.session.flush()
    return token


def end_sessions(user: User, keep: str | None = None) -> int:
    """Sign out the user's browsers (all but the one holding `keep`); returns how many."""
    stmt = (update(LoginSession).where(LoginSession.user_id == user.id,
                                       LoginSession.revoked_at.is_(None))
            .values(revoked_at=utcnow()))
    if keep:
        stmt = stmt.where(LoginSession.token_hash != token_digest(keep))
    return int(cast("CursorResult[Any]", db.session.execute(stmt)).rowcount or 0)


def end_session(token: str | None) -> None:
    """Sign out one browser: its cookie, even if someone saved a copy, is worth nothing."""
    if token:
        db.session.execute(update(LoginSession).where(
            LoginSession.token_hash == token_digest(token)).values(revoked_at=utcnow()))


def change_password(user: User, current: str, new: str, keep: str | None = None) -> None:
    """Set a new password and sign out every other browser (all but `keep`'s)."""
    if not user.check_password(current):
        raise AccountError("Your current password is not right.", "current_password")
    problem = password_problem(new, user.email, user.name)
    if problem:
        raise AccountError(problem, "new_password")
    user.set_password(new)
    end_sessions(user, keep=keep)
    db.session.flush()


def update_user(admin: User, user: User, role: str, active: bool) -> User:
    """Change a user's role or disable them; admins cannot lock themselves out."""
    if role not in {r.value for r in Role}:
        raise AccountError("Unknown role.")
    if user.id == admin.id and (role != Role.ADMIN or not active):
        raise AccountError("You cannot remove your own admin rights or disable yourself.")
    user.role, user.active = role, active
    db.session.flush()
    return user


def all_users():
    return select(User).order_by(User.created_at.desc(), User.id.desc())


def update_profile(user: User, name: str, email: str, target_level: str, focus: str) -> None:
    """Change the name, email, target level and focus. A taken email is refused with the
    same words as a malformed one, so the page does not confirm who has an account."""
    name, email = name.strip(), normalise_email(email)
    if not name:
        raise AccountError("Enter your name.", "name")
    if len(name) > NAME_MAX:
        raise AccountError(f"Use at most {NAME_MAX} characters for your name.", "name")
    if target_level not in LEVELS:
        raise AccountError("Choose a level from the list.", "target_level")
    if focus and focus not in FOCUS_KINDS:
        raise AccountError("Choose a focus from the list.", "focus")
    if email != user.email:
        if "@" not in email or len(email) > 254 or find_user(email) is not None:
            raise AccountError("That email cannot be used for this account.", "email")
        user.email = email
    user.name, user.target_level, user.focus = name, target_level, focus
    db.session.flush()


# --- password reset by a one-time link ----------------------------------------------------


class ResetInvalid(AccountError):
    """The reset link cannot be used; `reason` is unknown, used or expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(RESET_MESSAGES[reason])
        self.reason = reason


RESET_MESSAGES = {
    "unknown": "This password-reset link is not valid. Ask for a new one.",
    "used": "This password-reset link was already used. Ask for a new one if you need to.",
    "expired": "This password-reset link has expired (links last one hour). Ask for a new one.",
}


def create_reset(user: User, now: datetime | None = None) -> str:
    """A new single-use reset token for the user; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = now or utcnow()
    db.session.add(PasswordReset(user_id=user.id, token_hash=token_digest(token),
                                 created_at=now,
                                 expires_at=now + timedelta(minutes=RESET_MINUTES)))
    db.session.flush()
    return token


def request_reset(email: str) -> tuple[User, str] | None:
    """A token for an active account with this email, or None (callers say the same)."""
    user = find_user(email)
    if user is None or not user.active:
        return None
    return user, create_reset(user)


def find_reset(token: str, now: datetime | None = None) -> PasswordReset:
    """The live reset for this token, or ResetInvalid saying why not."""
    if not token or len(token) > 100:
        raise ResetInvalid("unknown")
    reset = db.session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == token_digest(token)))
    if reset is None:
        raise ResetInvalid("unknown")
    if reset.used_at is not None:
        raise ResetInvalid("used")
    if reset.expires_at <= (now or utcnow()):
        raise ResetInvalid("expired")
    return reset


def reset_password(token: str, new: str, now: datetime | None = None) -> User:
    """Set a new password with a reset link: the link is spent, every other reset link of the
    account too, and every signed-in browser of the account is signed out."""
    now = now or utcnow()
    reset = find_reset(token, now)
    user = db.session.get(User, reset.user_id)
    if user is None or not user.active:
        raise ResetInvalid("unknown")
    problem = password_problem(new, user.email, user.name)
    if problem:
        raise AccountError(problem, "new_password")
    spent = cast("CursorResult[Any]", db.session.execute(update(PasswordReset).where(
        PasswordReset.id == reset.id, PasswordReset.used_at.is_(None)).values(used_at=now)))
    if spent.rowcount != 1:  # a second tab used it between our read and this write
        raise ResetInvalid("used")
    db.session.execute(update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now))
    user.set_password(new)
    end_sessions(user)
    db.session.flush()
    return user
