"""Coach builds a set, assigns it to a cohort; a candidate joins by invite and answers; the
coach overrides a criterion and comments; the candidate sees both on the result page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interview.accounts.services import create_user
from interview.bank.services import load_bank
from interview.clock import utcnow
from tests.browser.test_practice_browser import ANSWER, sign_in
from tests.conftest import FIXTURE_BANK, PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def people(live_app):
    with live_app.app_context():
        load_bank(FIXTURE_BANK)
        create_user("coach@example.com", PASSWORD, role="coach")
        create_user("cand@example.com", PASSWORD)


def sign_out(page):
    page.click("text=Sign out")
    page.wait_for_url("**/login")


def test_coach_assigns_candidate_answers_coach_reviews(page, live_server, people):
    url = live_server.url
    sign_in(page, url, "coach@example.com")
    page.goto(url + "/coaching/")
    page.fill("#set-title", "Week one")
    page.click("#create-set")
    page.wait_for_url("**/coaching/sets/*")
    page.fill("#bank-q", "feed")
    page.click("#bank-search")
    page.click("[data-add=sd-example-news-feed]")
    assert "Rank posts" in page.inner_text("#set-items")

    page.goto(url + "/coaching/")
    page.fill("#cohort-name", "Spring cohort")
    page.click("#create-cohort")
    page.click("#new-invite")
    link = page.input_value("#invite-list .invite-link")

    page.goto(url + "/coaching/")
    page.click("#sets a")
    page.select_option("#assign-target", label="Cohort: Spring cohort")
    page.fill("#assign-due", (utcnow() + timedelta(days=3)).date().isoformat())
    page.click("#assign")
    assert "Spring cohort" in page.inner_text("#assignments")
    sign_out(page)

    sign_in(page, url, "cand@example.com")
    page.goto(link)
    page.click("#accept-invite")
    page.wait_for_url("**/my/assignments")
    assert "Week one" in page.inner_text("#my-assignments")
    page.goto(url + "/practice/")
    page.click("#assigned button")
    page.wait_for_url("**/practice/items/*")
    page.fill("#answer", ANSWER)
    page.click("#submit")
    page.wait_for_selector("#score", timeout=20_000)
    result_url = page.url
    sign_out(page)

    sign_in(page, url, "coach@example.com")
    page.goto(url + "/coaching/")
    page.click("#candidates a")
    page.click("#attempts a")
    assert "dwell time" in page.inner_text("#review-answer")
    assert "Offline rubric scorer" in page.inner_text(".scorer-label")
    form = page.locator(".override-form").first
    form.locator("input[name=score]").fill("95")
    form.locator("input[name=reason]").fill("Explained the trade-off well in person")
    form.locator("button").click()
    page.wait_for_selector(".override-log")
    page.fill("#comment-body", "Good structure; name the metric earlier.")
    page.click("#add-comment")
    page.wait_for_selector("blockquote.comment")
    sign_out(page)

    sign_in(page, url, "cand@example.com")
    page.goto(result_url)
    notes = page.inner_text("#coach-notes")
    assert "95%" in notes and "Explained the trade-off well in person" in notes
    assert "automatic" in notes and "Good structure; name the metric earlier." in notes
    headline = page.inner_text("#score .total")
    assert "after your coach's review" in headline and "automatic" in headline


def test_coach_copies_and_revokes_invites_candidate_finds_assignments(page, live_server,
                                                                      live_app, people):
    from interview.accounts.services import find_user
    from interview.coaching import services
    from interview.extensions import db

    with live_app.app_context():
        coach, cand = find_user("coach@example.com"), find_user("cand@example.com")
        cohort = services.create_cohort(coach, "Winter cohort")
        _, code = services.create_invite(cohort, coach)
        services.accept_invite(code, cand)
        qset = services.create_set(coach, "Serving week")
        services.add_question(qset, "sd-example-news-feed")
        services.assign(qset, coach, utcnow() + timedelta(days=2), cohort_id=cohort.id)
        db.session.commit()
        cohort_id = cohort.id
    url = live_server.url
    sign_in(page, url, "coach@example.com")
    page.goto(f"{url}/coaching/cohorts/{cohort_id}")
    assert "used by" in page.inner_text("#invite-list")
    page.click("#new-invite")
    row = page.locator("#invite-list li[data-state=open]").first
    link = row.locator(".invite-link").input_value()
    assert "/invites/" in link
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.wait_for_load_state("load")  # copy.js is deferred
    row.locator("button[data-copy]").click()
    for _ in range(50):
        if page.evaluate("navigator.clipboard.readText()") == link:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("navigator.clipboard.readText()") == link
    row.locator(".revoke-invite").click()
    assert "Invite revoked" in page.inner_text(".flash")
    assert page.locator("#invite-list li[data-state=revoked]").count() == 1
    sign_out(page)

    sign_in(page, url, "cand@example.com")
    page.goto(link)
    assert page.inner_text("#invite-state") == "revoked"
    assert page.locator("#accept-invite").count() == 0
    page.goto(url + "/dashboard")
    card = page.inner_text("#due-card")
    assert "Serving week" in card and "Not started" in card and "Due " in card
    page.click("header .nav-wide >> text=Assignments")
    page.wait_for_url("**/my/assignments")
    assert "Serving week" in page.inner_text("#my-assignments")
    assert "Winter cohort" in page.inner_text("#my-cohorts")
    page.goto(url + "/practice/")
    assigned = page.inner_text("#assigned")
    assert "Not started" in assigned and "due due" not in assigned.lower()
