"""At a phone's width (390 px) no page scrolls sideways and the menu folds into one button."""

from __future__ import annotations

import pytest

from interview.bank.services import load_bank
from interview.extensions import db
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.coaching.world import build_world
from tests.conftest import FIXTURE_BANK

pytestmark = pytest.mark.browser
WIDTH = 390


@pytest.fixture
def world(live_app):
    with live_app.app_context():
        load_bank(FIXTURE_BANK)
        w = build_world()
        db.session.commit()
        ids = {"aid": w.attempt.id, "sid": w.attempt.item.session_id, "iid": w.code_item.id,
               "cohort": w.cohort.id, "set": w.qset.id, "uid": w.cand_a.id}
    return ids


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844},
                                  device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def check(page, url: str, name: str, problems: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    width = overflow(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"mobile-{name}.png"), full_page=True)
    if width > WIDTH:
        problems.append(f"{name} ({url}) is {width}px wide")


def test_no_page_scrolls_sideways_at_390px(phone, live_server, world):
    url, problems = live_server.url, []
    for name, path in (("home", "/"), ("login", "/login"), ("register", "/register"),
                       ("overview", "/questions/overview")):
        check(phone, url + path, name, problems)

    sign_in(phone, url, "cand-a@example.com")
    header = phone.locator("header.top").bounding_box()
    assert header["height"] < 80, f"the nav is {header['height']}px tall"
    assert not phone.locator(".nav-wide").is_visible()
    phone.click(".nav-menu summary")
    assert phone.locator(".nav-menu-body a", has_text="Assignments").is_visible()
    assert overflow(phone) <= WIDTH
    phone.screenshot(path=str(ARTIFACTS / "mobile-menu-open.png"))
    for name, path in (
            ("dashboard", "/dashboard"), ("bank", "/questions/?q=feed"),
            ("question", "/questions/sd-example-news-feed"),
            ("practice-start", "/practice/"), ("practice-item", f"/practice/items/{world['iid']}"),
            ("session", f"/practice/sessions/{world['sid']}"),
            ("result", f"/practice/attempts/{world['aid']}"), ("history", "/practice/history"),
            ("resume", "/resume/"), ("assignments", "/my/assignments"),
            ("profile", "/settings/profile"), ("tokens", "/settings/tokens")):
        check(phone, url + path, name, problems)

    phone.click(".nav-menu summary")
    phone.click(".nav-menu-body button:has-text('Sign out')")
    phone.wait_for_url("**/login")
    sign_in(phone, url, "coach-a@example.com")
    for name, path in (
            ("coaching", "/coaching/"), ("cohort", f"/coaching/cohorts/{world['cohort']}"),
            ("cohort-dashboard", f"/coaching/cohorts/{world['cohort']}/dashboard"),
            ("set", f"/coaching/sets/{world['set']}?q=feed"),
            ("candidate", f"/coaching/candidates/{world['uid']}"),
            ("review", f"/coaching/attempts/{world['aid']}")):
        check(phone, url + path, name, problems)
    assert not problems, "\n".join(problems)
