"""`flask` commands. Each group is a thin face over the capability's services."""

from __future__ import annotations

import importlib

from flask import Flask

GROUPS = (
    "interview.cli.users:users_cli",
    "interview.cli.users:demo_cli",
    "interview.cli.bank:bank_cli",
    "interview.cli.code:code_cli",
    "interview.cli.score:score_cli",
    "interview.resume.cli:resume_cli",
    "interview.cli.dev:dev_cli",
    "interview.cli.tokens:tokens_cli",
    "interview.cli.sets:sets_cli",
    "interview.cli.history:history_cli",
)


def register(app: Flask) -> None:
    for spec in GROUPS:
        app.cli.add_command(_load(spec))


def _load(spec: str):
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)
