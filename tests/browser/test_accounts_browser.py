"""A new user in a real browser: register, sign in, sign out, sign in, see the dashboard."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_register_logout_login_dashboard(page, live_server):
    page.goto(live_server.url + "/register")
    page.fill("#name", "Grace")
    page.fill("#email", "grace@example.com")
    page.fill("#password", "a long enough secret")
    page.fill("#confirm", "a long enough secret")
    page.click("button[type=submit]")
    page.wait_for_url("**/login?email=*")
    assert "If this email was new, your account is ready" in page.inner_text("main")
    assert page.input_value("#email") == "grace@example.com"
    page.fill("#password", "a long enough secret")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard")
    assert "Hello, Grace" in page.inner_text("main")

    page.click("text=Sign out")
    page.wait_for_url("**/login")
    page.fill("#email", "grace@example.com")
    page.fill("#password", "wrong password here")
    page.click("button[type=submit]")
    assert "do not match an account" in page.inner_text("main")

    page.fill("#email", "grace@example.com")
    page.fill("#password", "a long enough secret")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard")
    assert "Hello, Grace" in page.inner_text("main")


def test_a_form_posted_without_its_csrf_token_is_refused(page, live_server):
    page.goto(live_server.url + "/login")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.fill("#email", "someone@example.com")
    page.fill("#password", "whatever it is")
    page.click("button[type=submit]")
    assert "security token" in page.inner_text("main")
    assert page.title().startswith("400")


def test_follow_an_invite_register_sign_in_and_land_in_the_cohort(page, live_server,
                                                                  live_app):
    from interview.accounts.services import create_user
    from interview.coaching import services as coaching
    from interview.extensions import db
    from tests.conftest import PASSWORD

    with live_app.app_context():
        coach = create_user("coach@example.com", PASSWORD, role="coach", name="Cora")
        cohort = coaching.create_cohort(coach, "Autumn cohort")
        _, code = coaching.create_invite(cohort, coach)
        db.session.commit()
    url = live_server.url
    page.goto(f"{url}/invites/{code}")
    page.wait_for_url("**/login?next=**")
    assert "invite" in page.inner_text("#invite-pending")
    page.click("#invite-pending a")
    page.wait_for_url("**/register?next=**")
    page.fill("#name", "Nell")
    page.fill("#email", "nell@example.com")
    page.fill("#password", "a long enough secret")
    page.fill("#confirm", "a long enough secret")
    page.click("button[type=submit]")
    page.wait_for_url("**/login?**next=**")
    page.fill("#password", "a long enough secret")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/invites/{code}")
    assert "Join Autumn cohort" in page.inner_text("h1")
    assert page.inner_text("#invite-state") == "open"
    page.click("#accept-invite")
    page.wait_for_url("**/my/assignments")
    assert "You joined Autumn cohort" in page.inner_text("main")
    assert "Autumn cohort" in page.inner_text("#my-cohorts")
    page.goto(f"{url}/invites/{code}")
    assert page.inner_text("#invite-state") == "used"
    assert page.locator("#accept-invite").count() == 0
    assert "You are a member" in page.inner_text("#invite")


def test_password_reset_with_the_link_from_the_log(page, live_server, live_app, caplog):
    import logging
    import re

    from interview.accounts.services import create_user
    from interview.extensions import db
    from tests.conftest import PASSWORD

    with live_app.app_context():
        create_user("rita@example.com", PASSWORD, name="Rita")
        db.session.commit()
    url = live_server.url
    page.goto(url + "/login")
    page.click("text=Forgot your password?")
    page.wait_for_url("**/password/forgot")
    with caplog.at_level(logging.WARNING):
        page.fill("#email", "nobody@example.com")
        page.click("button[type=submit]")
        page.wait_for_url("**/login")
        unknown = page.inner_text(".flash")
        page.goto(url + "/password/forgot")
        page.fill("#email", "rita@example.com")
        page.click("button[type=submit]")
        page.wait_for_url("**/login")
        assert page.inner_text(".flash") == unknown  # nothing tells who has an account
    lines = [r.getMessage() for r in caplog.records if "Password reset link" in r.getMessage()]
    assert len(lines) == 1 and "rita@example.com" in lines[0]
    link = re.search(r"http://\S+", lines[0]).group(0)
    page.goto(link)
    page.fill("#new_password", "brand new lengthy passphrase")
    page.fill("#confirm", "brand new lengthy passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/login?email=*")
    assert "every device signed out" in page.inner_text(".flash")
    page.fill("#password", "brand new lengthy passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard")
    page.goto(link)
    assert "already used" in page.inner_text("#reset-problem")


def test_profile_changes_name_and_focus(page, live_server, live_app):
    from interview.accounts.services import create_user
    from interview.extensions import db
    from tests.browser.conftest import sign_in
    from tests.conftest import PASSWORD

    with live_app.app_context():
        create_user("pia@example.com", PASSWORD, name="Pia")
        db.session.commit()
    sign_in(page, live_server.url, "pia@example.com")
    page.click("header .nav-wide >> text=Pia")
    page.wait_for_url("**/settings/profile")
    page.fill("#name", "Pia Lund")
    page.select_option("#target_level", "senior")
    page.select_option("#focus", "ml_fundamentals")
    page.click("main button[type=submit]")
    assert "Profile saved." in page.inner_text(".flash")
    page.goto(live_server.url + "/dashboard")
    lead = page.inner_text(".lead")
    assert "Senior" in lead and "ML fundamentals" in lead
    assert "Hello, Pia Lund" in page.inner_text("h1")
