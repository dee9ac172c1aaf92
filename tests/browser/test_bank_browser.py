"""Browsing the bank in Chromium: filter, search, open a question, reveal hints one by one."""

from __future__ import annotations

import pytest

from interview.accounts.services import create_user
from interview.bank.services import load_bank
from tests.browser.conftest import sign_in
from tests.conftest import FIXTURE_BANK, PASSWORD

pytestmark = pytest.mark.browser


def test_filter_search_and_hints(page, live_server, live_app):
    with live_app.app_context():
        load_bank(FIXTURE_BANK)
        create_user("reader@example.com", PASSWORD)
    sign_in(page, live_server.url, "reader@example.com")
    page.goto(live_server.url + "/questions/")
    page.select_option("select[name=kind]", "coding")
    page.click("form.filters button")
    assert page.locator(".qlist li").count() == 1
    assert "Moving average" in page.inner_text(".qlist")
    page.select_option("select[name=kind]", "")
    page.fill("input[name=q]", "news feed")
    page.click("form.filters button")
    page.click("text=Rank posts in a social news feed")
    assert "50 million daily" in page.inner_text(".prompt")
    assert page.locator("ol.hints li").count() == 0
    page.click("text=Show hint 1 of 2")
    assert page.locator("ol.hints li").count() == 1
    page.click("text=Show hint 2 of 2")
    assert page.locator("ol.hints li").count() == 2
    page.click("text=Follow-up questions an interviewer may ask")
    assert "clickbait" in page.inner_text("details")
