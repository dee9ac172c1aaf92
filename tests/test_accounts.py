"""Register, sign in, sign out, change password, and the bad input around them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from interview.accounts.models import User
from interview.extensions import db
from tests.conftest import PASSWORD


def register(client, **overrides):
    data = {"name": "Ada", "email": "ada@example.com", "password": PASSWORD,
            "confirm": PASSWORD, "target_level": "senior"} | overrides
    return client.post("/register", data=data)


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_register_creates_the_account_then_the_user_signs_in(client):
    response = register(client)
    assert response.status_code == 302 and "/login" in response.location
    user = db.session.scalar(select(User))
    assert user.email == "ada@example.com" and user.target_level == "senior"
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)
    client.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert "Hello, Ada" in client.get("/dashboard").text


def test_registering_an_existing_email_looks_exactly_like_a_new_one(client, make_user):
    make_user(email="ada@example.com")
    taken = register(client, email="ADA@example.com", password="another long secret phrase",
                     confirm="another long secret phrase")
    first = client.get(taken.location).text
    new = register(client, email="grace@example.com")
    second = client.get(new.location).text
    assert taken.status_code == new.status_code == 302
    assert taken.location.split("email=")[0] == new.location.split("email=")[0]
    assert "If this email was new" in first and "If this email was new" in second
    assert first.count("already") == second.count("already")  # the generic message alone
    assert users() == 2
    assert db.session.scalar(select(User).where(User.email == "ada@example.com")
                             ).check_password(PASSWORD)  # the old password still holds


def test_weak_password_is_refused_with_a_reason(client):
    short = register(client, password="short", confirm="short")
    common = register(client, password="password123", confirm="password123")
    guessable = register(client, password="password12", confirm="password12")
    assert "too easy to guess" in guessable.text
    assert "at least 10 characters" in short.text
    assert "too easy to guess" in common.text
    assert users() == 0


def test_over_long_field_is_refused(client):
    response = register(client, name="x" * 101)
    assert response.status_code == 422
    assert "Field cannot be longer than 100 characters" in response.text
    assert users() == 0


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user):
    user = make_user()
    wrong = client.post("/login", data={"email": user.email, "password": "not the password"})
    unknown = client.post("/login", data={"email": "nobody@example.com", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 422
    message = "That email and password do not match an account."
    assert message in wrong.text and message in unknown.text


def test_logout_needs_a_post(client, make_user, login):
    login(make_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302  # back to sign-in


def test_change_password(client, make_user, login):
    user = make_user()
    login(user)
    bad = client.post("/settings/password", data={"current_password": "wrong one!!",
                                                  "new_password": "another long one",
                                                  "confirm": "another long one"})
    assert "current password is not right" in bad.text
    ok = client.post("/settings/password", data={"current_password": PASSWORD,
                                                 "new_password": "another long one",
                                                 "confirm": "another long one"})
    assert ok.status_code == 302
    db.session.refresh(user)
    assert user.check_password("another long one")


def test_disabled_account_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 422


def test_users_cli_create_and_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--role", "coach", "c@example.com",
                                 "--password", PASSWORD])
    assert "created coach c@example.com" in result.output
    dup = runner.invoke(args=["users", "create", "c@example.com", "--password", PASSWORD])
    assert dup.exit_code != 0 and "already exists" in dup.output
    first = runner.invoke(args=["demo", "create"])
    second = runner.invoke(args=["demo", "create"])
    assert first.output.count("password:") == 2
    assert "password:" not in second.output and "already exists" in second.output
    assert users() == 3


def test_registering_without_a_name_is_refused(client):
    response = register(client, name="   ")
    assert response.status_code == 422 and "Enter your name." in response.text
    assert users() == 0


def test_register_and_sign_in_carry_the_next_page(client):
    response = register(client, email="next@example.com", name="Nia")
    assert "next=" not in response.location
    response = client.post("/register?next=/invites/abc", data={
        "name": "Ola", "email": "ola@example.com", "password": PASSWORD, "confirm": PASSWORD,
        "target_level": "mid"})
    assert response.status_code == 302 and "next=/invites/abc" in response.location
    assert "invite" in client.get(response.location).text
    signed = client.post(response.location, data={"email": "ola@example.com",
                                                  "password": PASSWORD})
    assert signed.location.endswith("/invites/abc")


def test_profile_changes_name_email_level_and_focus(client, make_user, login):
    user = make_user(email="p@example.com")
    other = make_user(email="taken@example.com")
    login(user)
    assert "Profile" in client.get("/settings/profile").text
    data = {"name": "Pat", "email": "pat@example.com", "target_level": "staff",
            "focus": "ml_fundamentals"}
    assert client.post("/settings/profile", data=data).status_code == 302
    db.session.refresh(user)
    assert (user.name, user.email, user.target_level, user.focus) == (
        "Pat", "pat@example.com", "staff", "ml_fundamentals")
    refused = client.post("/settings/profile", data=data | {"email": other.email})
    assert refused.status_code == 422 and "cannot be used" in refused.text
    assert client.post("/settings/profile", data=data | {"name": ""}).status_code == 422


def _link_from_log(caplog) -> str:
    import re

    found = [r.getMessage() for r in caplog.records if "reset link" in r.getMessage()]
    assert found, "no reset link in the log"
    return re.search(r"https?://\S+", found[-1]).group(0).split("localhost", 1)[1]


def test_password_reset_end_to_end(app, client, make_user, login, caplog):
    from interview.accounts.models import LoginSession

    user = make_user(email="r@example.com")
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": user.email, "password": PASSWORD})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.com"})
    said_unknown = client.get(unknown.location).text
    known = client.post("/password/forgot", data={"email": "R@example.com"})
    said_known = client.get(known.location).text
    assert unknown.status_code == known.status_code == 302
    assert unknown.location == known.location
    assert "If an account uses that email" in said_unknown and "If an account" in said_known
    path = _link_from_log(caplog)
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"new_password": "password1", "confirm": "password1"})
    assert weak.status_code == 422
    new = "a fresh and lengthy passphrase"
    done = client.post(path, data={"new_password": new, "confirm": new})
    assert done.status_code == 302
    db.session.refresh(user)
    assert user.check_password(new)
    assert db.session.scalar(select(func.count()).select_from(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))) == 0
    assert other_browser.get("/dashboard").status_code == 302  # signed out
    again = client.get(path)
    assert again.status_code == 410 and "already used" in again.text
    assert client.get("/password/reset/made-up").status_code == 404


def test_reset_links_expire_after_an_hour(app, client, make_user):
    from datetime import timedelta

    from interview.accounts import services
    from interview.clock import utcnow

    user = make_user()
    token = services.create_reset(user, now=utcnow() - timedelta(minutes=61))
    db.session.commit()
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 410 and "expired" in response.text


def test_users_cli_reset_link_prints_a_working_link(app, make_user):
    user = make_user(email="cli@example.com")
    out = app.test_cli_runner().invoke(args=["users", "reset-link", user.email])
    assert out.exit_code == 0, out.output
    path = out.stdout.strip().split("localhost:5000", 1)[1]
    assert app.test_client().get(path).status_code == 200


@pytest.mark.parametrize("role,sees_coaching", [("candidate", False), ("coach", True),
                                                ("admin", True)])
def test_the_menu_offers_what_the_role_may_open(client, make_user, login, role, sees_coaching):
    login(make_user(role=role))
    page = client.get("/dashboard").text
    assert ('href="/coaching/"' in page) is sees_coaching
    assert 'href="/practice/"' in page and 'href="/resume/"' in page
