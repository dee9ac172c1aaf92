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
    assert "clickbait" in page.inner_text("main details")


def test_topic_search_bookmarks_and_the_public_overview(page, live_server, live_app):
    from interview.bank.models import QuestionTopic
    from interview.extensions import db

    with live_app.app_context():
        load_bank(FIXTURE_BANK)
        db.session.add(QuestionTopic(question_id="sd-example-news-feed", topic_id="containers"))
        create_user("saver@example.com", PASSWORD)
        db.session.commit()
    url = live_server.url
    page.goto(url + "/questions/overview")  # no sign-in needed
    kinds = page.inner_text("#bank-kinds")
    assert "ML fundamentals" in kinds and "ml_fundamentals" not in kinds
    sign_in(page, url, "saver@example.com")
    page.goto(url + "/questions/")
    page.fill("input[name=q]", "Kubernetes")
    page.click("form.filters button")
    assert page.locator(".qlist li").count() == 1
    assert "Rank posts in a social news feed" in page.inner_text(".qlist")
    page.click("text=Rank posts in a social news feed")
    page.click("#bookmark")
    assert "Saved" in page.inner_text("#bookmark")
    page.goto(url + "/questions/")
    page.check("input[name=saved]")
    page.click("form.filters button")
    assert page.locator(".qlist li").count() == 1
    assert "saved" in page.inner_text(".qlist li")
