"""One rule, every face: the pages, the API and the CLI give the same bad input the same
answer, because each rule is stated once in a service; a refused request leaves nothing."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from interview.coaching import services as coaching
from interview.coaching.models import Override, QuestionSet
from interview.extensions import db
from interview.practice.models import Attempt
from tests.api.conftest import assert_error


@pytest.fixture
def coach(make_user):
    return make_user(role="coach")


def set_count() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionSet))


def test_a_refused_set_leaves_nothing_behind(app, bank, api_as):
    api = api_as("coach")
    response = api.post("/coaching/sets", json={"title": "Week 1", "questions": [
        {"question_id": "sd-example-news-feed"}, {"question_id": "no-such-question"}]})
    assert "not in the bank" in assert_error(response, 422)["message"]
    assert set_count() == 0


LONG_NOTE = "n" * (coaching.NOTE_MAX + 1)


def test_an_over_long_set_note_is_refused_by_page_api_and_cli(app, bank, client, login,
                                                               coach, api_as):
    login(coach)
    page = client.post("/coaching/sets", data={"title": "Week 1", "note": LONG_NOTE},
                       follow_redirects=True)
    assert f"the limit is {coaching.NOTE_MAX:,}" in page.text
    assert_error(api_as("coach").post("/coaching/sets", json={"title": "Week 1",
                                                              "note": LONG_NOTE}), 422)
    result = app.test_cli_runner().invoke(args=["sets", "create", coach.email, "Week 1",
                                                "--note", LONG_NOTE])
    assert result.exit_code != 0 and f"the limit is {coaching.NOTE_MAX:,}" in result.output
    assert set_count() == 0


def test_a_note_at_the_limit_is_kept_whole_on_every_face(app, bank, client, login, coach,
                                                         api_as):
    note = "n" * coaching.NOTE_MAX
    login(coach)
    client.post("/coaching/sets", data={"title": "Page", "note": note})
    assert api_as("coach").post("/coaching/sets", json={"title": "Api", "note": note}
                                ).status_code == 201
    app.test_cli_runner().invoke(args=["sets", "create", coach.email, "Cli", "--note", note])
    notes = db.session.scalars(select(QuestionSet.note)).all()
    assert sorted(map(len, notes)) == [coaching.NOTE_MAX] * 3


def test_an_over_long_override_reason_is_refused_by_page_and_api(app, bank, client, login):
    from tests.coaching.world import build_world

    world = build_world()
    db.session.commit()
    attempt = db.session.get(Attempt, world.attempt.id)
    criterion = attempt.score.criteria[0]
    reason = "r" * (coaching.REASON_MAX + 1)
    login(world.coach_a)
    page = client.post(f"/coaching/attempts/{attempt.id}/override", data={
        "criterion_id": criterion.id, "score": "80", "reason": reason}, follow_redirects=True)
    assert f"the limit is {coaching.REASON_MAX:,}" in page.text
    from interview.accounts.tokens import create_token

    _, secret = create_token(world.coach_a, "t")
    db.session.commit()
    response = client.post(f"/api/v1/coaching/attempts/{attempt.id}/overrides",
                           headers={"Authorization": f"Bearer {secret}"},
                           json={"criterion_id": criterion.id, "percent": 80, "reason": reason})
    assert_error(response, 422)
    assert db.session.scalar(select(func.count()).select_from(Override)) == 0


@pytest.mark.parametrize("field,value", [("kind", "poetry"), ("level", "wizard")])
def test_pick_filters_are_checked_once_for_page_and_api(app, bank, client, login, make_user,
                                                         api_as, field, value):
    login(make_user())
    page = client.post("/practice/pick", data={field: value, "count": 2},
                       follow_redirects=True)
    assert f"Unknown {field} {value!r}" in html.unescape(page.text)
    assert_error(api_as().post("/sessions", json={"mode": "pick", field: value}), 422)
