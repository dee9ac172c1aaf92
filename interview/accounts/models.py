"""The user account and its signed-in browsers."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime

from flask import session
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from interview.clock import utcnow
from interview.extensions import Model, db, login_manager


class Role(enum.StrEnum):
    CANDIDATE = "candidate"
    COACH = "coach"
    ADMIN = "admin"




class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.CANDIDATE, index=True)
    target_role: Mapped[str] = mapped_column(String(40), default="mle")
    target_level: Mapped[str] = mapped_column(String(20), default="mid")
    # A kind of question to practise most ("" = no preference); shown on the dashboard.
    focus: Mapped[str] = mapped_column(String(40), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # What a timed question does at zero: "submit" (automatically) or "late" (keep writing,
    # marked late). None means the default, "late".
    on_time_up: Mapped[str | None] = mapped_column(String(10))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_coach(self) -> bool:
        return self.role in (Role.COACH, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@", 1)[0]


class LoginSession(Model):
    """One signed-in browser. The cookie holds a random token whose hash is stored here, so
    signing out really ends that session (a saved copy of the cookie is worth nothing), and a
    password change or "sign out everywhere" ends the others."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class PasswordReset(Model):
    """A one-time password-reset link. Only the SHA-256 of its token is stored; the link
    expires and is spent by its first use."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's hook: the user, only while this browser's login session is live."""
    if not user_id.isdigit() or int(user_id) > 2**31 - 1:
        return None
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    live = db.session.scalar(select(LoginSession.id).where(
        LoginSession.user_id == int(user_id), LoginSession.token_hash == token_digest(token),
        LoginSession.revoked_at.is_(None)))
    return db.session.get(User, int(user_id)) if live else None


SESSION_KEY = "login_session"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
