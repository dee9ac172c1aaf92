"""`flask tokens create|list|revoke`: API tokens from the shell (the same services as Settings)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from interview.accounts import services
from interview.accounts import tokens as token_services
from interview.accounts.models import User
from interview.extensions import db

tokens_cli = AppGroup("tokens", help="Personal API tokens (Authorization: Bearer).")


def _user(email: str) -> User:
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"no account with email {email!r}")
    return user


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What will use the token, e.g. 'ci script'.")
def create(email: str, name: str) -> None:
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
