"""Tokens as credentials, and the one JSON error shape under /api/."""

from __future__ import annotations

from interview.accounts.tokens import ApiToken, digest, revoke_token
from interview.extensions import db
from tests.api.conftest import assert_error


def test_no_token_is_401_with_a_bearer_challenge(api_as, bank):
    response = api_as(None).get("/questions")
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_wrong_or_revoked_token_is_401(api_as, bank):
    me = api_as()
    assert me.get("/questions").status_code == 200
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == me.user.id))
    revoke_token(token)
    error = assert_error(me.get("/questions"), 401)
    assert "revoked" in error["message"]
    bogus = me.get("/questions", headers={"Authorization": "Bearer iv_not-a-real-token"})
    assert "invalid_token" in bogus.headers["WWW-Authenticate"]


def test_disabled_user_cannot_use_their_token(api_as, bank):
    me = api_as()
    me.user.active = False
    db.session.commit()
    assert_error(me.get("/questions"), 401)


def test_token_is_stored_hashed_and_last_use_recorded(api_as, bank):
    me = api_as()
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == me.user.id))
    assert token.token_hash == digest(me.secret) and me.secret not in token.token_hash
    assert token.last_used_at is None
    me.get("/questions")
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_session_cookie_alone_does_not_authenticate_the_api(app, api_as, login, make_user,
                                                            bank):
    user = make_user()
    client = login(user)
    assert_error(client.get("/api/v1/questions"), 401)
    # and a cookie cannot start a session by POST either (no CSRF bypass through the API)
    assert_error(client.post("/api/v1/sessions", json={"mode": "loop"}), 401)


def test_unknown_path_and_wrong_method_are_json(api_as):
    me = api_as()
    assert_error(me.get("/no-such-thing"), 404)
    response = me.open("DELETE", "/questions")
    assert_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_malformed_json_body_is_400_with_a_message(started):
    me, session = started
    item = session["items"][0]["id"]
    response = me.post(f"/items/{item}/submit", data="{not json",
                       headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)


def test_unknown_and_missing_fields_are_422_per_field(api_as, bank):
    response = api_as().post("/sessions", json={"mode": "sideways", "colour": "red"})
    error = assert_error(response, 422)
    assert set(error["fields"]) == {"mode", "colour"}


def test_body_over_the_limit_is_413_stating_the_limit(app, started):
    me, session = started
    app.config["MAX_CONTENT_LENGTH"] = 4096
    item = session["items"][0]["id"]
    error = assert_error(me.post(f"/items/{item}/submit", json={"answer": "x" * 10_000}), 413)
    assert "4 KiB" in error["message"]


def test_openapi_document_is_valid_openapi_3(client):
    from jsonschema import Draft4Validator
    from schemathesis.specs.openapi.definitions import OPENAPI_30

    spec = client.get("/api/v1/openapi.json").json
    problems = [e.message for e in Draft4Validator(OPENAPI_30).iter_errors(spec)]
    assert problems == []
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]


def test_openapi_document_and_local_docs(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.") and "/api/v1/items/{iid}/submit" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "http" not in page.split("<body>")[1]  # nothing loaded from a CDN
    asset = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert asset.status_code == 200
    asset.close()


def test_nul_characters_are_422_not_a_database_error(api_as, bank):
    me = api_as()
    body = {"mode": "pick", "question_ids": ["a\x00b"]}
    assert "question_ids" in assert_error(me.post("/sessions", json=body), 422)["fields"]
    assert "q" in assert_error(me.get("/questions?q=x%00y"), 422)["fields"]
    assert_error(me.get("/questions/a%00b"), 404)
