"""`flask sets list|create|add|assign`: a coach's question sets and assignments from scripts."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from interview.accounts.services import find_user
from interview.coaching import services
from interview.coaching.models import QuestionSet
from interview.extensions import db

sets_cli = AppGroup("sets", help="A coach's question sets and assignments.")


def _coach(email: str):
    user = find_user(email)
    if user is None or not user.is_coach:
        raise click.ClickException(f"no coach account for {email}")
    return user


def _own_set(coach, set_id: int) -> QuestionSet:
    qset = db.session.get(QuestionSet, set_id)
    if qset is None or qset.owner_id != coach.id:
        raise click.ClickException(f"coach {coach.email} has no set {set_id}")
    return qset


@sets_cli.command("list")
@click.argument("coach_email")
def list_sets(coach_email: str) -> None:
    """The coach's sets with their questions."""
    for qset in services.coach_sets(_coach(coach_email)):
        ids = ", ".join(i.version.question_id for i in qset.items) or "(empty)"
        click.echo(f"{qset.id}\t{qset.title}\t{ids}")


@sets_cli.command("create")
@click.argument("coach_email")
@click.argument("title")
@click.option("--question", "questions", multiple=True, help="A question id; repeat to add more.")
@click.option("--note", default="", help="A note shown to candidates.")
def create(coach_email: str, title: str, questions: tuple[str, ...], note: str) -> None:
    """Create a set, optionally with questions in order."""
    coach = _coach(coach_email)
    try:
        qset = services.create_set(coach, title, note)
        for qid in questions:
            services.add_question(qset, qid)
    except services.CoachingError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created set {qset.id} with {len(qset.items)} question(s)")


@sets_cli.command("assign")
@click.argument("coach_email")
@click.argument("set_id", type=int)
@click.option("--due", required=True, help="Due date and time, e.g. 2026-12-31T18:00 (UTC).")
@click.option("--cohort", "cohort_id", type=int, help="A cohort id of this coach.")
@click.option("--candidate", "candidate_email", help="A candidate in one of the coach's cohorts.")
def assign(coach_email: str, set_id: int, due: str, cohort_id: int | None,
           candidate_email: str | None) -> None:
    """Assign a set to a cohort or to one candidate, with a due date."""
    coach = _coach(coach_email)
    qset = _own_set(coach, set_id)
    candidate = find_user(candidate_email) if candidate_email else None
    if candidate_email and candidate is None:
        raise click.ClickException(f"no account for {candidate_email}")
    try:
        due_at = datetime.fromisoformat(due)
        assignment = services.assign(qset, coach, due_at, cohort_id=cohort_id,
                                     candidate_id=candidate.id if candidate else None)
    except ValueError as exc:  # CoachingError is a ValueError; so is a bad date
        raise click.ClickException(str(exc)) from None
    click.echo(f"assignment {assignment.id}: set {qset.id} due {assignment.due_at:%Y-%m-%d %H:%M}")
