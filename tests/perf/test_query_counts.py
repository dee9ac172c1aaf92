"""Listing pages run the same number of SQL statements whatever the number of rows they show.

Each test renders a page twice over the same data, once showing a few rows and once many,
and compares the statement counts: a loop that loads something per row (N+1) makes the
second count larger and fails here before it makes a page slow in production.
"""

from __future__ import annotations

import random

import pytest
from flask import Flask

from interview.bank.services import load_bank
from interview.cli.dev import Seeder, bank_versions, next_ids
from interview.extensions import db
from tests.conftest import ROOT

FEW, MANY = 2, 20


@pytest.fixture
def real_bank(app: Flask):
    """The real bank (about 200 questions): enough rows to fill a long page."""
    return load_bank(ROOT / "question_bank")


def seed_sessions(candidate_id: int, sessions: int, size: int = 2) -> None:
    """Finished, scored sessions for one candidate, written the way `flask dev seed` does."""
    seeder = Seeder(bank_versions(), next_ids(), random.Random(5))  # noqa: S311
    for _ in range(sessions):
        seeder.session(candidate_id, size)
    seeder.flush()
    db.session.commit()


def statements(client, count_queries, url: str) -> tuple[int, str]:
    """How many SQL statements one GET runs, and the page's text."""
    db.session.expire_all()
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return counter.count, response.text


def at_page_size(app, client, count_queries, url: str, size: int) -> tuple[int, str]:
    app.config["PER_PAGE"] = size
    return statements(client, count_queries, url)


@pytest.mark.parametrize("url", ["/questions/", "/questions/?q=model",
                                 "/questions/?kind=coding", "/questions/?level=senior"])
def test_question_list_queries_do_not_grow_with_rows(app, client, make_user, login,
                                                      real_bank, count_queries, url):
    login(make_user())
    few, few_html = at_page_size(app, client, count_queries, url, FEW)
    many, many_html = at_page_size(app, client, count_queries, url, MANY)
    assert many_html.count('href="/questions/') > few_html.count('href="/questions/')
    assert many == few


def test_history_queries_do_not_grow_with_rows(app, client, make_user, login, real_bank,
                                               count_queries):
    user = make_user()
    seed_sessions(user.id, sessions=15)
    login(user)
    client.get("/practice/history")  # the progress summary is computed once per new score
    few, few_html = at_page_size(app, client, count_queries, "/practice/history", FEW)
    many, many_html = at_page_size(app, client, count_queries, "/practice/history", MANY)
    assert many_html.count("/practice/attempts/") >= MANY > few_html.count("/practice/attempts/")
    assert many == few


def test_practice_start_queries_do_not_grow_with_sessions(app, client, make_user, login,
                                                          real_bank, count_queries):
    user = make_user()
    login(user)
    seed_sessions(user.id, sessions=FEW)
    few, few_html = statements(client, count_queries, "/practice/")
    seed_sessions(user.id, sessions=MANY)
    many, many_html = statements(client, count_queries, "/practice/")
    assert many_html.count("/practice/sessions/") > few_html.count("/practice/sessions/")
    assert many == few


def test_session_summary_queries_do_not_grow_with_items(app, client, make_user, login,
                                                        real_bank, count_queries):
    user = make_user()
    login(user)
    seed_sessions(user.id, sessions=1, size=FEW)
    seed_sessions(user.id, sessions=1, size=MANY)
    first, last = (s for s in db.session.scalars(db.text(
        "SELECT id FROM practice_sessions ORDER BY id")))
    few, _ = statements(client, count_queries, f"/practice/sessions/{first}?summary=1")
    many, _ = statements(client, count_queries, f"/practice/sessions/{last}?summary=1")
    assert many == few


def api_statements(client, count_queries, url: str, secret: str) -> tuple[int, dict]:
    db.session.expire_all()
    with count_queries() as counter:
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200, response.text[:500]
    return counter.count, response.get_json()


@pytest.mark.parametrize("url", ["/api/v1/questions", "/api/v1/history"])
def test_api_lists_queries_do_not_grow_with_rows(app, client, make_user, real_bank,
                                                 count_queries, url):
    from interview.accounts.tokens import create_token

    user = make_user()
    seed_sessions(user.id, sessions=15)
    _, secret = create_token(user, "perf test")
    db.session.commit()
    api_statements(client, count_queries, url, secret)  # first use stamps the token
    few, few_json = api_statements(client, count_queries, f"{url}?per_page={FEW}", secret)
    many, many_json = api_statements(client, count_queries, f"{url}?per_page={MANY}", secret)
    assert len(str(many_json)) > len(str(few_json))
    assert many == few
