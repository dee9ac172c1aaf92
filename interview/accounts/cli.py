"""`flask users|demo|tokens`: accounts and API tokens from the shell, over the page services."""

from __future__ import annotations

import secrets
from typing import NoReturn

import click
from flask.cli import AppGroup
from sqlalchemy import select

from interview.accounts import services
from interview.accounts import tokens as token_services
from interview.accounts.models import Role, User
from interview.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo accounts for trying the app.")
ROLES = click.Choice([r.value for r in Role])


def _fail(message: str) -> NoReturn:
    raise click.ClickException(message)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLES, default="candidate", show_default=True)
@click.option("--name", default="")
@click.option("--password", help="Prompted for when omitted.")
def create(email: str, role: str, name: str, password: str | None) -> None:
    """Create an account."""
    password = password or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(email, password, role=role, name=name)
    except services.AccountError as exc:
        _fail(str(exc))
    click.echo(f"created {user.role} {user.email} (id {user.id})")


@users_cli.command("list")
@click.option("--role", type=ROLES)
def list_users(role: str | None) -> None:
    """List accounts."""
    stmt = select(User).order_by(User.id)
    if role:
        stmt = stmt.where(User.role == role)
    for user in db.session.scalars(stmt):
        state = "" if user.active else " (disabled)"
        click.echo(f"{user.id}\t{user.role}\t{user.email}{state}")


def _get(email: str) -> User:
    user = services.find_user(email)
    if user is None:
        _fail(f"no account for {email}")
    return user


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLES)
def set_role(email: str, role: str) -> None:
    """Change an account's role."""
    user = _get(email)
    user.role = role
    db.session.commit()
    click.echo(f"{user.email} is now {role}")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", help="Prompted for when omitted.")
def set_password(email: str, password: str | None) -> None:
    """Reset an account's password."""
    user = _get(email)
    password = password or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = services.password_problem(password, user.email)
    if problem:
        _fail(problem)
    user.set_password(password)
    db.session.commit()
    click.echo(f"password changed for {user.email}")


@users_cli.command("reset-link")
@click.argument("email")
def reset_link(email: str) -> None:
    """Print a one-time password-reset link for an account (valid one hour)."""
    from interview.accounts.mail import reset_link as link_for

    user = _get(email)
    if not user.active:
        _fail(f"{user.email} is disabled; enable it before resetting its password")
    token = services.create_reset(user)
    db.session.commit()
    click.echo(link_for(token))
    click.echo(f"single use, expires in {services.RESET_MINUTES} minutes", err=True)


@users_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Stop an account from signing in."""
    user = _get(email)
    user.active = False
    db.session.commit()
    click.echo(f"{user.email} disabled")


DEMO = (("coach@demo.local", Role.COACH, "Demo Coach"),
        ("candidate@demo.local", Role.CANDIDATE, "Demo Candidate"))


@demo_cli.command("create")
def demo_create() -> None:
    """Create the demo coach and candidate once; their passwords are printed only then."""
    for email, role, name in DEMO:
        if services.find_user(email):
            click.echo(f"{role.value:9} {email} already exists "
                       f"(reset with: flask users set-password {email})")
            continue
        password = "demo-" + secrets.token_urlsafe(9)
        services.create_user(email, password, role=role, name=name)
        click.echo(f"{role.value:9} {email}  password: {password}")


tokens_cli = AppGroup("tokens", help="Personal API tokens (Authorization: Bearer).")


def _user(email: str) -> User:
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"no account with email {email!r}")
    return user


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What will use the token, e.g. 'ci script'.")
def create_token(email: str, name: str) -> None:
    """Create a token and print its secret: the only time it is shown."""
    try:
        token, secret = token_services.create_token(_user(email), name)
    except token_services.TokenError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(secret)
    click.echo(f"token {token.id} '{token.name}' for {email}; store the secret now, it is "
               "not shown again", err=True)


@tokens_cli.command("list")
@click.argument("email")
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked tokens.")
def list_tokens(email: str, include_revoked: bool) -> None:
    """List a user's tokens: id, prefix, name, created, last used, state."""
    for token in token_services.list_tokens(_user(email), include_revoked):
        used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "-"
        state = "active" if token.active else "revoked"
        click.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t"
                   f"{token.created_at.isoformat(timespec='minutes')}\t{used}\t{state}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke a token by id; scripts using it get 401 from then on."""
    token = db.session.get(token_services.ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"no token with id {token_id}")
    token_services.revoke_token(token)
    click.echo(f"revoked token {token.id} '{token.name}' of {token.user.email}")
