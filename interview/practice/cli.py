"""`flask code run`, `flask score batch|eval`, `flask history export`: practice from the
shell."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from interview.accounts import services
from interview.bank.services import get_question
from interview.extensions import db
from interview.practice.progress import HistoryFilter, history_query
from interview.text import spreadsheet_safe

code_cli = AppGroup("code", help="Run code against a coding question's tests in the sandbox.")


@code_cli.command("run")
@click.option("--question", "qid", required=True, help="A coding question's id.")
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--examples-only", is_flag=True, help="Run only the visible examples.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def run(qid: str, path: str, examples_only: bool, as_json: bool) -> None:
    """Print the sandbox's verdict; exit 1 unless every test passed."""
    from interview.practice.code import run_for_question
    from interview.sandbox.runner import render_verdict

    question = get_question(qid)
    if question is None or question.kind != "coding":
        raise click.ClickException(f"no coding question {qid!r} (load the bank first)")
    code = Path(path).read_text(encoding="utf-8", errors="replace")
    verdict = run_for_question(code, question.body["coding"], include_hidden=not examples_only)
    click.echo(json.dumps(verdict) if as_json else render_verdict(verdict))
    if verdict["status"] != "passed":
        raise SystemExit(1)


score_cli = AppGroup("score", help="Score answers outside the web app.")


@score_cli.command("batch")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True))
@click.option("--output", "output_path", required=True, type=click.Path())
@click.option("--scorer", type=click.Choice(["offline", "llm"]), default="offline",
              show_default=True)
def batch(input_path: str, output_path: str, scorer: str) -> None:
    """Score every JSON line of IN; bad lines get an `error` and do not stop the batch."""
    from interview.practice.lifecycle import judge_settings
    from interview.scoring.batch import score_batch

    settings = judge_settings() if scorer == "llm" else None
    if scorer == "llm" and settings is None:
        raise click.ClickException("--scorer llm needs LLM_MODEL and LLM_BASE_URL or "
                                   "LLM_API_KEY to be set")
    count = score_batch(input_path, output_path, scorer=scorer, settings=settings)
    click.echo(f"scored {count} line(s) into {output_path}")


@score_cli.command("eval")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True),
              help="JSON lines in the batch format, each with a human `grade` from 0 to 1.")
@click.option("--scorer", type=click.Choice(["llm", "offline"]), default="llm",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate(input_path: str, scorer: str, as_json: bool) -> None:
    """Compare the scorer with the human grades in IN: Pearson, Spearman, mean absolute
    error and the confusion of score bands."""
    from interview.practice.lifecycle import judge_settings
    from interview.scoring.evaluate import evaluate_file, render

    settings = judge_settings() if scorer == "llm" else None
    if scorer == "llm" and settings is None:
        raise click.ClickException("--scorer llm needs LLM_MODEL and LLM_BASE_URL or "
                                   "LLM_API_KEY to be set (or use --scorer offline)")
    result = evaluate_file(input_path, settings)
    if result.n == 0:
        raise click.ClickException("no line of the input could be scored against a grade")
    click.echo(json.dumps(result.to_dict(), indent=2) if as_json else render(result))


history_cli = AppGroup("history", help="A candidate's practice history.")
COLUMNS = ("attempt_id", "submitted_at", "question_id", "title", "kind", "status", "late",
           "seconds_taken", "total", "automatic_total", "scorer", "answer")


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
            "automatic_total": score.automatic_total if score else None,
            "scorer": score.scorer if score else None, "answer": attempt.answer,
        })
    return rows


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()}
                     for row in rows)
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
