"""Questions, sessions, drafts, submission and results over the API."""

from __future__ import annotations

from tests.api.conftest import assert_error

BEH = "beh-example-silent-drift"
GOOD_ANSWER = (
    "Situation: our churn model silently drifted after a pricing change. I added "
    "population stability checks on every feature, alerts to the on-call channel and a "
    "retraining trigger; the result was drift caught within a day instead of a month, and "
    "I learned to monitor inputs, not only accuracy.")


def test_questions_list_filter_search_and_paginate(api_as, bank):
    me = api_as()
    everything = me.get("/questions").json
    assert everything["meta"]["total"] == 4 and len(everything["items"]) == 4
    coding = me.get("/questions?kind=coding").json["items"]
    assert [q["id"] for q in coding] == ["code-example-moving-average"]
    found = me.get("/questions?q=drift").json["items"]
    assert BEH in [q["id"] for q in found]
    page2 = me.get("/questions?per_page=3&page=2").json
    assert page2["meta"]["pages"] == 2 and len(page2["items"]) == 1


def test_questions_bad_filters_are_422(api_as, bank):
    error = assert_error(api_as().get("/questions?kind=poetry&per_page=0"), 422)
    assert set(error["fields"]) == {"kind", "per_page"}


def test_question_detail_hides_rubric_and_hidden_tests(api_as, bank):
    me = api_as()
    body = me.get("/questions/code-example-moving-average").json
    assert body["prompt"] and body["hints"] and body["coding"]["signature"]
    assert "rubric" not in body and "model_answer" not in body
    assert set(body["coding"]) <= {"entry", "signature", "starter", "examples"}
    assert_error(me.get("/questions/no-such-question"), 404)


def test_start_pick_by_ids_and_by_filters(api_as, bank):
    me = api_as()
    by_id = me.post("/sessions", json={"mode": "pick", "question_ids": [BEH]})
    assert by_id.status_code == 201 and by_id.json["items"][0]["question_id"] == BEH
    by_filter = me.post("/sessions", json={"mode": "pick", "kind": "coding", "count": 2})
    assert [i["question_id"] for i in by_filter.json["items"]] == [
        "code-example-moving-average"]
    assert me.get("/sessions").json["meta"]["total"] == 2


def test_start_validation(api_as, bank):
    me = api_as()
    error = assert_error(me.post("/sessions", json={"mode": "pick",
                                                     "question_ids": ["nope"]}), 422)
    assert "nope" in error["message"]
    assert_error(me.post("/sessions", json={"mode": "loop", "question_ids": [BEH]}), 422)
    assert_error(me.post("/sessions", json={"mode": "pick", "level": "staff",
                                             "kind": "coding"}), 422)


def test_start_loop_uses_target_level(api_as, bank):
    me = api_as(target_level="mid")
    response = me.post("/sessions", json={"mode": "loop"})
    assert response.status_code == 201, response.text
    assert response.json["source"] == "loop" and response.json["title"].endswith("(mid)")


def test_item_read_starts_the_clock_and_shows_the_draft(started):
    me, session = started
    iid = session["items"][0]["id"]
    assert session["items"][0]["started_at"] is None
    saved = me.post(f"/items/{iid}/draft", json={"answer": "first thoughts"})
    assert saved.status_code == 200 and saved.json["chars"] == len("first thoughts")
    item = me.get(f"/items/{iid}").json
    assert item["started_at"] and item["deadline_at"] and item["draft"] == "first thoughts"
    assert 0 < item["seconds_left"] <= item["time_limit_minutes"] * 60


def test_submit_returns_202_then_poll_then_result(started):
    me, session = started
    iid = session["items"][0]["id"]
    response = me.post(f"/items/{iid}/submit", json={"answer": GOOD_ANSWER})
    assert response.status_code == 202, response.text
    ref = response.json
    assert response.headers["Location"].endswith(ref["url"])
    status = me.client.get(ref["status_url"], headers=me._headers(None)).json
    assert status["ready"] is True and status["status"] == "scored"  # inline in tests
    result = me.client.get(ref["url"], headers=me._headers(None)).json
    assert result["answer"] == GOOD_ANSWER and 0 <= result["score"]["total"] <= 1
    assert result["score"]["criteria"] and result["model_answer"]
    assert me.get(f"/sessions/{session['id']}").json["items"][0]["attempt_id"] == ref["id"]


def test_double_submit_and_late_draft_are_409(started):
    me, session = started
    iid = session["items"][0]["id"]
    first = me.post(f"/items/{iid}/submit", json={"answer": GOOD_ANSWER}).json
    again = me.post(f"/items/{iid}/submit", json={"answer": "a different answer"})
    assert_error(again, 409)
    assert again.headers["Location"].endswith(first["url"])
    assert_error(me.post(f"/items/{iid}/draft", json={"answer": "more"}), 409)
    assert me.get(f"/attempts/{first['id']}").json["answer"] == GOOD_ANSWER


def test_submit_validation(app, started):
    me, session = started
    iid = session["items"][0]["id"]
    assert set(assert_error(me.post(f"/items/{iid}/submit", json={}), 422)["fields"]) == {
        "answer"}
    assert "empty" in assert_error(me.post(f"/items/{iid}/submit", json={"answer": "  "}),
                                   422)["message"]
    app.config["MAX_ANSWER_CHARS"] = 50
    error = assert_error(me.post(f"/items/{iid}/submit", json={"answer": "x" * 51}), 413)
    assert "50" in error["message"]


def test_other_candidates_objects_are_404(api_as, started):
    owner, session = started
    iid = session["items"][0]["id"]
    aid = owner.post(f"/items/{iid}/submit", json={"answer": GOOD_ANSWER}).json["id"]
    other = api_as()
    for path in (f"/sessions/{session['id']}", f"/items/{iid}", f"/attempts/{aid}",
                 f"/attempts/{aid}/status"):
        assert_error(other.get(path), 404)
    assert_error(other.post(f"/items/{iid}/draft", json={"answer": "x"}), 404)
    assert_error(other.post(f"/items/{iid}/submit", json={"answer": "x"}), 404)


def test_practice_data_is_the_candidates_alone_like_the_pages(api_as, started):
    owner, session = started
    iid = session["items"][0]["id"]
    for role in ("admin", "coach"):
        someone = api_as(role)
        assert_error(someone.get(f"/sessions/{session['id']}"), 404)
        # ownership is checked before the body: no validation message for strangers
        assert_error(someone.post(f"/items/{iid}/submit", json={}), 404)


def test_submit_is_rate_limited_with_retry_after(app, started):
    me, session = started
    app.config["API_SUBMIT_LIMIT"] = "2 per minute"
    iid = session["items"][0]["id"]
    codes = [me.post(f"/items/{iid}/submit", json={"answer": GOOD_ANSWER}).status_code
             for _ in range(2)]
    limited = me.post(f"/items/{iid}/submit", json={"answer": GOOD_ANSWER})
    assert codes == [202, 409]
    assert_error(limited, 429)
    assert int(limited.headers["Retry-After"]) > 0
