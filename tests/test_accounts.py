"""Register, sign in, sign out, change password, and the bad input around them."""

from __future__ import annotations

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
