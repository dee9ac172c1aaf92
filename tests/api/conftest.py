"""API fixtures: users with tokens, and a client that sends `Authorization: Bearer`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from interview.extensions import db


class ApiClient:
    """The test client with one user's token on every request."""

    def __init__(self, client: FlaskClient, secret: str | None, user=None) -> None:
        self.client, self.secret, self.user = client, secret, user

    def _headers(self, extra: dict | None) -> dict:
        headers = {"Authorization": f"Bearer {self.secret}"} if self.secret else {}
        return {**headers, **(extra or {})}

    def open(self, method: str, path: str, headers: dict | None = None, **kwargs):
        return self.client.open("/api/v1" + path, method=method,
                                headers=self._headers(headers), **kwargs)

    def get(self, path: str, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.open("POST", path, **kwargs)


@pytest.fixture
def api_as(app, client, make_user) -> Callable[..., ApiClient]:
    """`api_as("coach")` makes a user of that role with a token; `api_as(None)`: no token."""
    from interview.accounts.tokens import create_token

    def make(role: str | None = "candidate", **fields) -> ApiClient:
        if role is None:
            return ApiClient(client, None)
        user = make_user(role=role, **fields)
        _, secret = create_token(user, "tests")
        db.session.commit()  # services flush; the test, like a request, commits
        return ApiClient(client, secret, user)

    return make


def assert_error(response, status: int) -> dict:
    """Every API error is JSON in one shape, never an HTML page."""
    assert response.status_code == status, response.text
    assert response.is_json, response.text
    error = response.json["error"]
    assert error["status"] == status and error["title"] and error["message"]
    return error


@pytest.fixture
def started(api_as, bank):
    """A candidate with a one-question session on the behavioral fixture question."""
    me = api_as()
    response = me.post("/sessions", json={"mode": "pick",
                                          "question_ids": ["beh-example-silent-drift"]})
    assert response.status_code == 201, response.text
    return me, response.json
