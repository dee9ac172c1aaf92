"""One total: after a coach's override every page, chart, export and endpoint shows the
reviewed total, and the automatic one beside it where it is shown to the candidate."""

from __future__ import annotations

import json

import pytest

from interview.accounts.tokens import create_token
from interview.coaching import review
from interview.extensions import db
from interview.practice.models import Attempt

API = "/api/v1"


@pytest.fixture
def reviewed(world, client):
    """The coach sets every criterion of A's attempt to 41%: a total no scorer gave it."""
    attempt = db.session.get(Attempt, world.attempt.id)
    automatic = attempt.score.total
    for criterion in attempt.score.criteria:
        review.override(attempt, criterion.id, world.coach_a, 41, "Reviewed by hand")
    db.session.commit()
    assert round(automatic * 100) != 41
    return world, attempt, f"{round(automatic * 100)}%"


def _signed_in(client, user):
    from tests.conftest import PASSWORD

    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}
                       ).status_code == 302
    return client


def _bearer(user) -> dict[str, str]:
    _, secret = create_token(user, "t")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


CANDIDATE_PAGES = [
    lambda w, a: f"/practice/attempts/{a.id}",
    lambda w, a: "/practice/history",
    lambda w, a: f"/practice/sessions/{a.item.session_id}?summary=1",
    lambda w, a: "/dashboard",
]


@pytest.mark.parametrize("page", CANDIDATE_PAGES, ids=["result", "history", "session",
                                                       "dashboard"])
def test_candidate_pages_show_the_reviewed_total_and_the_automatic_one(reviewed, client, page):
    world, attempt, automatic = reviewed
    text = _signed_in(client, world.cand_a).get(page(world, attempt)).text
    assert "41%" in text and automatic in text


@pytest.mark.parametrize("page", [
    lambda w, a: f"/coaching/candidates/{w.cand_a.id}",
    lambda w, a: f"/coaching/attempts/{a.id}",
], ids=["candidate", "review"])
def test_coach_pages_show_the_reviewed_total(reviewed, client, page):
    world, attempt, automatic = reviewed
    text = _signed_in(client, world.coach_a).get(page(world, attempt)).text
    assert "41%" in text and automatic in text


def test_cohort_dashboard_and_csv_average_the_reviewed_total(reviewed, client):
    world, attempt, _ = reviewed
    coach = _signed_in(client, world.coach_a)
    assert "41" in coach.get(f"/coaching/cohorts/{world.cohort.id}/dashboard").text
    csv_text = coach.get(f"/coaching/cohorts/{world.cohort.id}/dashboard.csv").text
    assert "0.41" in csv_text or "41" in csv_text


@pytest.mark.parametrize("path", [
    lambda a: f"/attempts/{a.id}", lambda a: f"/attempts/{a.id}/status", lambda a: "/history",
], ids=["attempt", "status", "history"])
def test_api_reports_the_reviewed_total(reviewed, client, path):
    world, attempt, _ = reviewed
    body = client.get(API + path(attempt), headers=_bearer(world.cand_a)).json
    assert "0.41" in json.dumps(body)


def test_cli_export_has_the_reviewed_total_and_the_automatic_one(reviewed, app):
    world, attempt, _ = reviewed
    result = app.test_cli_runner().invoke(args=["history", "export", "--user",
                                                world.cand_a.email])
    row = next(r for r in json.loads(result.output) if r["attempt_id"] == attempt.id)
    assert row["total"] == pytest.approx(0.41, abs=1e-4)
    assert row["automatic_total"] == pytest.approx(attempt.score.automatic_total)


def test_progress_readiness_uses_the_reviewed_total(reviewed):
    from interview.practice import progress

    world, attempt, _ = reviewed
    averages = progress.summary(world.cand_a.id, world.cand_a.target_level)["averages"]
    assert any(abs(v - 0.41) < 1e-3 for v in averages.values())
