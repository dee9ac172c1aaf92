"""Account operations shared by the pages, the API and the CLI."""

from __future__ import annotations

from sqlalchemy import select

from interview.accounts.models import Role, User
from interview.extensions import db

MIN_PASSWORD = 10
MAX_PASSWORD = 128
COMMON_PASSWORDS = frozenset({
    "password", "password1", "password123", "1234567890", "12345678910", "qwertyuiop",
    "iloveyou123", "letmein123", "passw0rd123", "administrator", "welcome123",
    "abcdefghij", "0987654321", "1111111111", "machinelearning",
})


class AccountError(ValueError):
    """A rule about accounts was broken; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return "This password is too easy to guess; pick something less common."
    local = email.split("@", 1)[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return "Do not build the password from your email address."
    return None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: str = Role.CANDIDATE, name: str = "") -> User:
    """Create an account, refusing duplicates and weak passwords."""
    email = normalise_email(email)
    if role not in set(Role):
        raise AccountError(f"Unknown role {role!r}; use candidate, coach or admin.", "role")
    if find_user(email):
        raise AccountError("An account with this email already exists.", "email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    user = User(email=email, role=role, name=name.strip())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; callers show one generic message."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("Your current password is not right.", "current_password")
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem, "new_password")
    user.set_password(new)
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
