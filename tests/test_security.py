"""Headers, redirects, CSRF, rate limits, error pages and the production secret check."""

from __future__ import annotations

import pytest

from interview import create_app
from interview.access import safe_next_url
from interview.config import ProductionConfig, TestingConfig
from tests.conftest import PASSWORD, csrf_token


def test_security_headers_on_every_response(client):
    for path in ("/", "/login", "/no-such-page", "/static/css/app.css"):
        response = client.get(path)
        headers = response.headers
        response.close()
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("target,expected", [
    ("/questions/?kind=coding", "/questions/?kind=coding"),
    ("https://evil.example/", None), ("//evil.example/", None), ("/\\evil.example", None),
    ("javascript:alert(1)", None), ("", None),
])
def test_next_only_goes_to_our_own_pages(target, expected):
    assert safe_next_url(target) == expected


def test_login_redirect_ignores_foreign_next(client, make_user):
    user = make_user()
    response = client.post("/login?next=https://evil.example/",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/dashboard"


def test_forms_without_csrf_token_are_refused(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.db'}")
    client = app.test_client()
    refused = client.post("/login", data={"email": "a@example.com", "password": "x" * 12})
    assert refused.status_code == 400
    assert "security token" in refused.text
    page = client.get("/login").text
    assert 'name="csrf_token"' in page
    assert csrf_token(page)


def test_login_is_rate_limited(client, app):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [client.post("/login", data={"email": "a@example.com", "password": "x" * 12})
             .status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]


def test_errors_are_html_in_the_browser_and_json_under_api(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "Traceback" not in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json["error"]["status"] == 404


def test_unexpected_errors_show_no_stack_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_oversized_request_states_the_limit(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "a" * 4000, "password": "x"})
    assert response.status_code == 413
    assert "limit of 1 KiB" in response.text


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "dev-only-insecure-secret-key")
    with pytest.raises(RuntimeError, match="development SECRET_KEY"):
        create_app(ProductionConfig)


def test_pages_need_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_ids_beyond_the_database_range_are_404(client, make_user, login):
    login(make_user())
    assert client.get("/practice/attempts/99999999999999999999").status_code == 404
    assert client.get("/questions/bad%00id").status_code == 404
