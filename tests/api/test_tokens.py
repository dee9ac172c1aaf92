"""API tokens: the settings page and `flask tokens`, and the secret shown only once."""

from __future__ import annotations

import csv
import io
import json
import re

from interview.accounts.tokens import ApiToken, list_tokens
from interview.extensions import db
from tests.api.test_questions_practice import GOOD_ANSWER

SECRET = re.compile(r"iv_[A-Za-z0-9_\-]{30,}")


def test_page_creates_a_token_shown_once_that_works(app, client, login, make_user, bank):
    user = make_user()
    login(user)
    created = client.post("/settings/tokens", data={"name": "laptop"})
    assert created.status_code == 201
    secret = SECRET.search(created.text).group(0)
    listing = client.get("/settings/tokens").text
    assert "laptop" in listing and secret not in listing and secret[:10] in listing
    api = client.get("/api/v1/questions", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_page_refuses_a_missing_name(client, login, make_user):
    login(make_user())
    response = client.post("/settings/tokens", data={"name": "  "})
    assert response.status_code == 422 and not SECRET.search(response.text)


def test_page_revokes_own_token_but_not_someone_elses(client, login, make_user):
    from interview.accounts.tokens import create_token

    owner, other = make_user(), make_user()
    mine, secret = create_token(owner, "mine")
    theirs, _ = create_token(other, "theirs")
    login(owner)
    assert client.post(f"/settings/tokens/{theirs.id}/revoke").status_code == 404
    assert client.post(f"/settings/tokens/{mine.id}/revoke").status_code == 302
    assert list_tokens(owner) == [] and list_tokens(other) == [theirs]
    api = client.get("/api/v1/questions", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_token_pages_need_sign_in(client):
    assert "/login" in client.get("/settings/tokens").headers["Location"]


def test_cli_create_list_revoke(app, make_user, bank):
    user = make_user()
    runner = app.test_cli_runner()
    created = runner.invoke(args=["tokens", "create", user.email, "--name", "ci"])
    assert created.exit_code == 0, created.output
    secret = SECRET.search(created.output).group(0)
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    listed = runner.invoke(args=["tokens", "list", user.email])
    assert "ci" in listed.output and secret not in listed.output
    assert runner.invoke(args=["tokens", "revoke", str(token.id)]).exit_code == 0
    assert runner.invoke(args=["tokens", "list", user.email]).output.strip() == ""
    assert "revoked" in runner.invoke(args=["tokens", "list", user.email, "--all"]).output
    client = app.test_client()
    assert client.get("/api/v1/questions",
                      headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_cli_errors_are_messages_not_tracebacks(app):
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["tokens", "create", "nobody@example.com", "--name", "x"])
    assert unknown.exit_code != 0 and "no account" in unknown.output
    assert "no token" in runner.invoke(args=["tokens", "revoke", "999"]).output


def test_history_export_json_and_csv(app, started, tmp_path):
    me, session = started
    me.post(f"/items/{session['items'][0]['id']}/submit", json={"answer": GOOD_ANSWER})
    runner = app.test_cli_runner()
    as_json = runner.invoke(args=["history", "export", "--user", me.user.email])
    rows = json.loads(as_json.output)
    assert len(rows) == 1 and rows[0]["answer"] == GOOD_ANSWER and rows[0]["total"] is not None
    out = tmp_path / "h.csv"
    runner.invoke(args=["history", "export", "--user", me.user.email, "--format", "csv",
                        "--output", str(out)])
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    assert table[0]["question_id"] == "beh-example-silent-drift" and table[0]["scorer"]
    missing = runner.invoke(args=["history", "export", "--user", "nobody@example.com"])
    assert missing.exit_code != 0 and "no account" in missing.output
