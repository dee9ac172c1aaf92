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
