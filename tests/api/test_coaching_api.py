"""Coach endpoints: the coaching pages' rules (403 for candidates, 404 for others' objects)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interview.accounts.tokens import create_token
from interview.extensions import db
from tests.api.conftest import ApiClient, assert_error
from tests.coaching.world import build_world


@pytest.fixture
def world(app, bank, client):
    w = build_world()
    w.api = {name: ApiClient(client, create_token(getattr(w, name), "t")[1], getattr(w, name))
             for name in ("cand_a", "cand_b", "coach_a", "coach_b", "admin")}
    db.session.commit()  # services flush; set-up commits like a request would
    return w


def _due(days: int = 3) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def test_candidates_are_403_on_coach_endpoints(world):
    cand = world.api["cand_a"]
    for path in ("/coaching/sets", "/coaching/cohorts", f"/coaching/sets/{world.qset.id}",
                 f"/coaching/attempts/{world.attempt.id}"):
        assert_error(cand.get(path), 403)
    assert_error(cand.post("/coaching/sets", json={"title": "mine"}), 403)


def test_no_token_is_401_on_coach_endpoints(world, api_as):
    assert_error(api_as(None).get("/coaching/sets"), 401)


def test_sets_create_list_add_and_validate(world):
    coach = world.api["coach_a"]
    made = coach.post("/coaching/sets", json={"title": "Week 2", "questions": [
        {"question_id": "beh-example-silent-drift", "minutes": 15}]})
    assert made.status_code == 201, made.text
    sid = made.json["id"]
    assert made.json["items"][0]["time_limit_minutes"] == 15
    added = coach.post(f"/coaching/sets/{sid}/items",
                       json={"question_id": "ask-example-retraining"})
    assert [i["question_id"] for i in added.json["items"]] == [
        "beh-example-silent-drift", "ask-example-retraining"]
    assert {s["title"] for s in coach.get("/coaching/sets").json} == {"Week 1", "Week 2"}
    assert set(assert_error(coach.post("/coaching/sets", json={"note": "x"}), 422)[
        "fields"]) == {"title"}
    assert_error(coach.post(f"/coaching/sets/{sid}/items", json={"question_id": "nope"}), 422)


def test_other_coaches_objects_are_404_admin_sees_them(world):
    other, admin = world.api["coach_b"], world.api["admin"]
    for path in (f"/coaching/sets/{world.qset.id}", f"/coaching/cohorts/{world.cohort.id}",
                 f"/coaching/attempts/{world.attempt.id}",
                 f"/coaching/candidates/{world.cand_a.id}/attempts"):
        assert_error(other.get(path), 404)
        assert admin.get(path).status_code == 200
    # checked before the body: no validation messages about someone else's set
    assert_error(other.post(f"/coaching/sets/{world.qset.id}/items", json={}), 404)
    assert world.api["coach_a"].get(f"/coaching/attempts/{world.attempt_b.id}").status_code == 404


def test_cohorts_invites_and_assignments(world):
    coach = world.api["coach_a"]
    cohorts = coach.get("/coaching/cohorts").json
    assert cohorts[0]["members"][0]["candidate_id"] == world.cand_a.id
    assert coach.post("/coaching/cohorts", json={"name": "Autumn"}).status_code == 201
    invite = coach.post(f"/coaching/cohorts/{world.cohort.id}/invites")
    assert invite.status_code == 201 and len(invite.json["code"]) > 10
    made = coach.post("/coaching/sets", json={"title": "Solo", "questions": [
        {"question_id": "beh-example-silent-drift"}]}).json
    assigned = coach.post(f"/coaching/sets/{made['id']}/assignments",
                          json={"due_at": _due(), "candidate_id": world.cand_a.id})
    assert assigned.status_code == 201, assigned.text
    again = coach.post(f"/coaching/sets/{made['id']}/assignments",
                       json={"due_at": _due(), "candidate_id": world.cand_a.id})
    assert_error(again, 409)
    stranger = coach.post(f"/coaching/sets/{made['id']}/assignments",
                          json={"due_at": _due(), "candidate_id": world.cand_b.id})
    assert "not in any of your cohorts" in assert_error(stranger, 422)["message"]
    both = coach.post(f"/coaching/sets/{made['id']}/assignments",
                      json={"due_at": _due(), "candidate_id": 1, "cohort_id": 1})
    assert "candidate_id" in assert_error(both, 422)["fields"]
    assert len(coach.get(f"/coaching/sets/{made['id']}/assignments").json) == 1


def test_candidate_sees_and_starts_assignments(world):
    cand = world.api["cand_a"]
    mine = cand.get("/assignments").json
    assert [a["assignment"]["id"] for a in mine] == [world.assignment.id]
    started = cand.post(f"/assignments/{world.assignment.id}/start")
    assert started.status_code == 201 and started.json["source"] == "assignment"
    assert cand.get("/assignments").json[0]["session_id"] == started.json["id"]
    assert_error(world.api["cand_b"].post(f"/assignments/{world.assignment.id}/start"), 404)


def test_review_override_and_comment(world):
    coach = world.api["coach_a"]
    review = coach.get(f"/coaching/attempts/{world.attempt.id}").json
    criterion = review["criteria"][0]
    changed = coach.post(f"/coaching/attempts/{world.attempt.id}/overrides", json={
        "criterion_id": criterion["id"], "percent": 100, "reason": "Covered in the diagram"})
    assert changed.status_code == 201, changed.text
    after = changed.json["criteria"][0]
    assert after["effective"] == 1.0 and after["overrides"][0]["reason"]
    assert after["score"] == criterion["score"]  # the automatic score is kept
    bad = coach.post(f"/coaching/attempts/{world.attempt.id}/overrides",
                     json={"criterion_id": criterion["id"], "percent": 140, "reason": ""})
    assert set(assert_error(bad, 422)["fields"]) == {"percent", "reason"}
    note = coach.post(f"/coaching/attempts/{world.attempt.id}/comments",
                      json={"body": "Good structure."})
    assert note.status_code == 201 and note.json["body"] == "Good structure."
    assert_error(coach.post(f"/coaching/attempts/{world.attempt.id}/comments", json={}), 422)
    assert coach.get(f"/coaching/attempts/{world.attempt.id}").json["comments"][0]["body"]
