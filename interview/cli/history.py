"""`flask history export`: a candidate's attempts with their scores, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click
from flask.cli import AppGroup

from interview.accounts import services
from interview.extensions import db
from interview.practice.progress import HistoryFilter, history_query

history_cli = AppGroup("history", help="A candidate's practice history.")
COLUMNS = ("attempt_id", "submitted_at", "question_id", "title", "kind", "status", "late",
           "seconds_taken", "total", "scorer", "answer")


def rows_for(user_id: int) -> list[dict[str, Any]]:
    """One flat row per attempt, newest first (the history page's order)."""
    rows = []
    for attempt in db.session.scalars(history_query(user_id, HistoryFilter())):
        score = attempt.score
        rows.append({
            "attempt_id": attempt.id, "submitted_at": attempt.submitted_at.isoformat() + "Z",
            "question_id": attempt.question_id, "title": attempt.title,
            "kind": attempt.kind, "status": attempt.status, "late": attempt.late,
            "seconds_taken": attempt.seconds_taken,
            "total": round(score.total, 4) if score else None,
            "scorer": score.scorer if score else None, "answer": attempt.answer,
        })
    return rows


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@history_cli.command("export")
@click.option("--user", "email", required=True, help="The candidate's email.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export(email: str, fmt: str, output: str | None) -> None:
    """Every attempt of one candidate with its score."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"no account with email {email!r}")
    rows = rows_for(user.id)
    text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else to_csv(rows)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"wrote {len(rows)} attempt(s) to {output}", err=True)
    else:
        click.echo(text, nl=False)
