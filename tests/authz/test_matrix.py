"""Every route in the URL map, requested as six people, against the expected table.

A route without an entry in a `rules_*.py` module fails the test by name, so a new page
cannot ship without someone deciding who may open it. Requests use real ids of objects that
belong to candidate A or to A's coach. Routes that change things run last, so that leaving
or removing a member does not change what the other routes see.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from flask import g

from interview.accounts.tokens import create_token
from interview.extensions import db
from interview.practice.speech import Recording
from interview.resume.models import ResumeUpload
from tests.authz.table import ROLES
from tests.coaching.world import build_world
from tests.conftest import PASSWORD

LAST = ("coaching.leave_cohort", "coaching.cohort_remove", "coaching.accept_invite",
        "accounts.revoke_token", "accounts.logout", "accounts.sign_out_everywhere")
# Data that lets a request reach its access check without side effects (too long to run).
POST_DATA = {"practice.run_examples": {"answer": "x" * 20_001},
             "api_practice.submit": {"answer": "A valid answer."},
             "api_practice.save_draft": {"text": "A draft."}}


def expected_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for path in sorted(Path(__file__).parent.glob("rules_*.py")):
        module = importlib.import_module(f"tests.authz.{path.stem}")
        table.update(module.RULES)
    return table


def path_values(w, spare_token_id: int) -> dict[str, object]:
    item = w.attempt.item
    upload = ResumeUpload(user_id=w.cand_a.id, kind="check", filename="cv.txt",
                          status="failed", error="An unreadable test file.")
    recording = Recording(item_id=item.id, candidate_id=w.cand_a.id, status="done",
                          mime="audio/webm", size_bytes=3, audio=b"abc", transcript="Hello.")
    db.session.add_all([upload, recording])
    db.session.commit()
    return {"tid": spare_token_id, "aid": w.attempt.id, "iid": item.id, "sid": item.session_id,
            "rid": w.run.id,
            "qid": "sd-example-news-feed", "set_id": w.qset.id, "cohort_id": w.cohort.id,
            "uid": w.cand_a.id, "item_id": w.qset.items[0].id, "asg_id": w.assignment.id,
            "code": w.code, "token": "not-a-reset-token", "upload_id": upload.id,
            "recording_id": recording.id}


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return "login"
    if status < 400 or status in (400, 409, 413, 422):
        return "ok"
    return str(status)


def credentials(app, user) -> tuple[str, str] | None:
    """Sign in once through the real form (pages) and make an API token (the API); each
    request then gets a fresh client carrying them."""
    if user is None:
        return None
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client.get_cookie("session").value, create_token(user, "matrix")[1]


def request_as(app, creds: tuple[str, str] | None, rule, url: str) -> str:
    g.pop("_login_user", None)  # requests share the test's app context: forget the last user
    client, headers = app.test_client(), {}
    if creds is not None:
        client.set_cookie("session", creds[0])
        headers["Authorization"] = f"Bearer {creds[1]}"
    method = next(m for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m in rule.methods)
    data = POST_DATA.get(rule.endpoint, {})
    if method == "GET":
        return outcome(client.get(url, headers=headers))
    if url.startswith("/api/"):
        return outcome(client.open(url, method=method, json=data, headers=headers))
    return outcome(client.open(url, method=method, data=data, headers=headers))


def ordered_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    return sorted(rules, key=lambda r: (r.endpoint in LAST, LAST.index(r.endpoint)
                                        if r.endpoint in LAST else 0, r.rule))


def test_every_route_matches_the_expected_table(app, bank):
    w = build_world()
    users = (None, w.cand_a, w.cand_b, w.coach_a, w.coach_b, w.admin)
    people = {role: credentials(app, u) for role, u in zip(ROLES, users, strict=True)}
    spare = create_token(w.cand_a, "spare")[0].id
    table, values, problems = expected_table(), path_values(w, spare), []
    special = {"practice.run_examples": {"iid": w.code_item.id}}  # a coding question
    for rule in ordered_rules(app):
        if rule.endpoint not in table:
            problems.append(f"{rule.endpoint} ({rule.rule}) has no entry in tests/authz/rules_*.py")
            continue
        missing = [a for a in rule.arguments if a not in values]
        if missing:
            problems.append(f"{rule.endpoint}: no test value for {missing} in path_values()")
            continue
        args = {a: values[a] for a in rule.arguments} | special.get(rule.endpoint, {})
        url = rule.build(args)[1]
        for role, user in people.items():
            got = request_as(app, user, rule, url)
            if got != table[rule.endpoint][role]:
                problems.append(f"{rule.endpoint} as {role}: expected "
                                f"{table[rule.endpoint][role]}, got {got}")
    assert not problems, "\n".join(problems)


def test_table_has_no_stale_entries(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    stale = sorted(set(expected_table()) - endpoints)
    assert not stale, f"entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("url", ["/coaching/attempts/999999", "/coaching/sets/999999",
                                 "/coaching/cohorts/999999", "/invites/guessed-code",
                                 "/coaching/candidates/999999"])
def test_guessed_ids_are_404(app, bank, url, login):
    w = build_world()
    client = login(w.cand_b if "invites" in url else w.coach_a)
    assert client.get(url).status_code == 404


def test_rule_names_are_valid():
    assert all(re.fullmatch(r"[\w.\-]+", e) for e in expected_table())
