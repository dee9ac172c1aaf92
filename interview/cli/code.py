"""`flask code run --question ID --file SOLUTION.py [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from interview.bank.services import get_question

code_cli = AppGroup("code", help="Run code against a coding question's tests in the sandbox.")


@code_cli.command("run")
@click.option("--question", "qid", required=True, help="A coding question's id.")
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--examples-only", is_flag=True, help="Run only the visible examples.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def run(qid: str, path: str, examples_only: bool, as_json: bool) -> None:
    """Print the sandbox's verdict; exit 1 unless every test passed."""
    from interview.sandbox.runner import render_verdict
    from interview.sandbox.service import run_for_question

    question = get_question(qid)
    if question is None or question.kind != "coding":
        raise click.ClickException(f"no coding question {qid!r} (load the bank first)")
    code = Path(path).read_text(encoding="utf-8", errors="replace")
    verdict = run_for_question(code, question.body["coding"], include_hidden=not examples_only)
    click.echo(json.dumps(verdict) if as_json else render_verdict(verdict))
    if verdict["status"] != "passed":
        raise SystemExit(1)
