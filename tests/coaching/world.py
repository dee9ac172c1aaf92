"""A small coaching world shared by the coaching tests and the authorization matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from interview import transaction
from interview.accounts.services import create_user
from interview.clock import utcnow
from interview.coaching import services
from interview.extensions import db
from interview.practice import services as practice
from interview.practice.models import Attempt, CodeRun
from tests.conftest import PASSWORD

ANSWER = ("We clarify the goal first: long-term engagement measured by dwell time, with hides "
          "as a guardrail metric. Candidate generation retrieves a few hundred posts, then a "
          "ranking model orders them within a p99 latency budget. We monitor drift.")


@dataclass
class World:
    cand_a: object
    cand_b: object
    coach_a: object
    coach_b: object
    admin: object
    qset: object
    cohort: object
    assignment: object
    attempt: object
    attempt_b: object
    run: object
    code: str
    code_item: object


def answer(user, qid: str = "sd-example-news-feed") -> Attempt:
    item = practice.start_session(user, [qid]).items[0]
    attempt = practice.submit(item, ANSWER, 20_000)
    transaction.commit()  # as the request would
    return attempt


def build_world() -> World:
    """A's coach owns a set and a cohort holding A (joined by invite); B is on their own."""
    users = [create_user(f"{name}@example.com", PASSWORD, role=role) for name, role in (
        ("cand-a", "candidate"), ("cand-b", "candidate"), ("coach-a", "coach"),
        ("coach-b", "coach"), ("admin", "admin"))]
    cand_a, cand_b, coach_a, coach_b, admin = users
    qset = services.create_set(coach_a, "Week 1", "Warm up")
    services.add_question(qset, "sd-example-news-feed", 20)
    services.add_question(qset, "beh-example-silent-drift")
    cohort = services.create_cohort(coach_a, "Spring")
    _, code = services.create_invite(cohort, coach_a)
    membership = services.accept_invite(code, cand_a)
    membership.joined_at = utcnow() - timedelta(seconds=5)
    db.session.commit()
    assignment = services.assign(qset, coach_a, utcnow() + timedelta(days=3), cohort_id=cohort.id)
    attempt, attempt_b = answer(cand_a), answer(cand_b)
    run = CodeRun(item_id=attempt.item_id, candidate_id=cand_a.id, code="x = 1", status="done")
    db.session.add(run)
    _, spare = services.create_invite(cohort, coach_a)
    db.session.commit()
    code_item = practice.start_session(cand_a, ["code-example-moving-average"]).items[0]
    return World(cand_a, cand_b, coach_a, coach_b, admin, qset, cohort, assignment, attempt,
                 attempt_b, run, spare, code_item)
