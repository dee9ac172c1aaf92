"""`flask` commands: each capability's group (in its `cli.py`) plus the developer tools here.

Groups are named here with their one-line help and imported only when one of their commands
runs (or its help is shown), so `flask --help` does not load the sandbox, the scorers or the
resume exporters. `tests/test_cli_commands.py` loads every group, so a broken import still
fails loudly rather than dropping a command.
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from flask import Flask

# name -> (module:attribute, one-line help shown by `flask --help`)
GROUPS: dict[str, tuple[str, str]] = {
    "users": ("interview.accounts.cli:users_cli", "Manage accounts."),
    "demo": ("interview.accounts.cli:demo_cli", "Demo accounts for trying the app."),
    "tokens": ("interview.accounts.cli:tokens_cli",
               "Personal API tokens (Authorization: Bearer)."),
    "bank": ("interview.bank.cli:bank_cli", "Validate, load and count the question bank."),
    "code": ("interview.practice.cli:code_cli",
             "Run code against a coding question's tests in the sandbox."),
    "score": ("interview.practice.cli:score_cli", "Score answers outside the web app."),
    "history": ("interview.practice.cli:history_cli", "A candidate's practice history."),
    "sets": ("interview.coaching.cli:sets_cli", "A coach's question sets and assignments."),
    "resume": ("interview.resume.cli:resume_cli",
               "Build ATS-friendly resumes and keyword reports."),
    "dev": ("interview.cli.dev:dev_cli", "Development helpers: seed benchmark data."),
}


class LazyGroup(click.Group):
    """Stands in for a command group until it is used, then hands over to the real one."""

    def __init__(self, name: str, spec: str, short_help: str) -> None:
        super().__init__(name=name, help=short_help, short_help=short_help)
        self.spec = spec
        self._real: click.Command | None = None

    def real(self) -> click.Command:
        if self._real is None:
            self._real = load(self.spec)
        return self._real

    def list_commands(self, ctx: click.Context) -> list[str]:
        real = self.real()
        return real.list_commands(ctx) if isinstance(real, click.Group) else []

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        real = self.real()
        return real.get_command(ctx, cmd_name) if isinstance(real, click.Group) else None

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        return self.real().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        return self.real().invoke(ctx)


def register(app: Flask) -> None:
    for name, (spec, short_help) in GROUPS.items():
        app.cli.add_command(LazyGroup(name, spec, short_help))


def load(spec: str) -> click.Command:
    module, name = spec.split(":")
    command = getattr(importlib.import_module(module), name)
    if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
        raise TypeError(f"{spec} is not a click command")
    return command
