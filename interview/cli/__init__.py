"""`flask` commands: each capability's group (in its `cli.py`) plus the developer tools here.

Groups are named as strings and imported when the app is built; a broken import fails
loudly rather than dropping a command."""

from __future__ import annotations

import importlib

from flask import Flask

GROUPS = (
    "interview.accounts.cli:users_cli",
    "interview.accounts.cli:demo_cli",
    "interview.accounts.cli:tokens_cli",
    "interview.bank.cli:bank_cli",
    "interview.practice.cli:code_cli",
    "interview.practice.cli:score_cli",
    "interview.practice.cli:history_cli",
    "interview.coaching.cli:sets_cli",
    "interview.resume.cli:resume_cli",
    "interview.cli.dev:dev_cli",
)


def register(app: Flask) -> None:
    for spec in GROUPS:
        app.cli.add_command(_load(spec))


def _load(spec: str):
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)
