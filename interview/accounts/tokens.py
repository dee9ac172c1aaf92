"""Personal API tokens: what scripts send as `Authorization: Bearer <token>`.

Only a SHA-256 digest of the secret is stored, so a leaked database does not leak working
tokens; the secret itself is shown once, when the token is created. The first characters
are kept apart as a prefix so the owner can tell tokens apart on the settings page.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.accounts.models import User
from interview.clock import utcnow
from interview.extensions import Model, db

TOKEN_PREFIX = "iv_"  # noqa: S105 - a public marker, not a secret
MAX_NAME = 80
MAX_ACTIVE_TOKENS = 20
LAST_USED_RESOLUTION = timedelta(minutes=1)  # avoid a write on every API call


class TokenError(ValueError):
    """A rule about tokens was broken; the message is safe to show."""


class ApiToken(Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def digest(secret: str) -> str:
    """The stored form of a token; SHA-256 suffices because secrets are long and random."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise TokenError("Give the token a name, e.g. the script that will use it.")
    if len(name) > MAX_NAME:
        raise TokenError(f"Use at most {MAX_NAME} characters for the name.")
    return name


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret; the caller shows the secret once and never again."""
    name = _clean_name(name)
    if len(list_tokens(user)) >= MAX_ACTIVE_TOKENS:
        raise TokenError(f"You already have {MAX_ACTIVE_TOKENS} active tokens; "
                         "revoke one you no longer use first.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret),
                     prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    return token, secret


def list_tokens(user: User, include_revoked: bool = False) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user.id)
    if not include_revoked:
        stmt = stmt.where(ApiToken.revoked_at.is_(None))
    return list(db.session.scalars(stmt.order_by(ApiToken.created_at.desc(),
                                                  ApiToken.id.desc())))


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoking twice is harmless; the row stays so the owner sees when it stopped."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def user_for_token(secret: str, now: datetime | None = None) -> User | None:
    """The active user behind an unrevoked token, or None; records when it was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = now or utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user
