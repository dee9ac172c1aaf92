"""`flask bank validate | load | stats`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from interview.bank import services
from interview.bank.loader import check_teeth, read_bank

bank_cli = AppGroup("bank", help="Validate, load and count the question bank.")


def _root(path: str | None) -> Path:
    return Path(path or current_app.config["BANK_DIR"])


def _teeth(question: dict) -> list[str]:
    from interview.sandbox.teeth import teeth_problems

    return teeth_problems(question)


@bank_cli.command("validate")
@click.option("--dir", "path", help="Bank folder (default: BANK_DIR).")
@click.option("--no-run", is_flag=True, help="Skip running coding solutions in the sandbox.")
def validate(path: str | None, no_run: bool) -> None:
    """Check every file; exit 1 naming file, question and field for each problem."""
    bank = read_bank(_root(path))
    if not no_run and not bank.errors:
        check_teeth(bank, _teeth)
    for error in bank.errors:
        click.echo(str(error), err=True)
    click.echo(f"{len(bank.questions)} questions checked, {len(bank.errors)} error(s)")
    if bank.errors:
        raise SystemExit(1)


@bank_cli.command("load")
@click.option("--dir", "path", help="Bank folder (default: BANK_DIR).")
def load(path: str | None) -> None:
    """Upsert questions by id: edits become new versions, removed files are retired."""
    try:
        report = services.load_bank(_root(path))
    except services.BankInvalid as exc:
        for error in exc.bank.errors:
            click.echo(str(error), err=True)
        raise click.ClickException("the bank has errors; nothing was loaded") from None
    click.echo(f"created {len(report.created)}, updated {len(report.updated)}, "
               f"retired {len(report.retired)}, unchanged {report.unchanged}")


@bank_cli.command("stats")
@click.option("--dir", "path", help="Bank folder (default: BANK_DIR).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(path: str | None, as_json: bool) -> None:
    """Counts by kind, level and topic."""
    data = services.bank_stats(read_bank(_root(path)))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"total: {data['total']}")
    for section in ("by_kind", "by_level", "by_topic", "by_language"):
        click.echo(section.replace("_", " ") + ":")
        for key, count in data[section].items():
            click.echo(f"  {key:32} {count}")
