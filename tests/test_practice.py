"""The candidate's loop at the service and page level: assembly, deadlines, submit, drafts."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from interview import transaction
from interview.clock import utcnow
from interview.extensions import db
from interview.practice import assembly, progress, services
from interview.practice.models import Attempt, SessionItem

LIMIT = 20_000
GOOD = ("We clarify the goal first: long-term engagement measured by dwell time, with hides "
        "as a guardrail metric. Candidate generation retrieves a few hundred posts, then a "
        "ranking model orders them within a p99 latency budget. We monitor feature drift on "
        "dashboards and alert on distribution shift, and retrain weekly or when alerts fire.")


def submit(item, text: str, limit: int = LIMIT):
    """Submit as a request would: the service flushes, the request commits (and queues)."""
    attempt = services.submit(item, text, limit)
    transaction.commit()
    return attempt


def start(user, qid="sd-example-news-feed"):
    return services.start_session(user, [qid])


def test_full_loop_follows_an_onsite_at_the_target_level(bank, make_user):
    user = make_user(target_level="mid")
    ids = assembly.assemble_loop(user, random.Random(1))
    assert ids == ["sd-example-news-feed", "code-example-moving-average",
                   "beh-example-silent-drift", "ask-example-retraining"]


def test_loop_weights_towards_weak_topics():
    from types import SimpleNamespace as NS

    weak = NS(id="a", topic_ids=["sql"])
    strong = NS(id="b", topic_ids=["python"])
    weakness = {"sql": 0.9, "python": 0.1}
    assert assembly.weight(weak, weakness, set()) > 3 * assembly.weight(strong, weakness, set())
    assert assembly.weight(weak, weakness, {"a"}) < assembly.weight(strong, weakness, set())


def test_deadline_is_kept_on_the_server(bank, make_user):
    item = start(make_user()).items[0]
    t0 = utcnow()
    services.open_item(item, t0)
    services.open_item(item, t0 + timedelta(minutes=5))  # a reload
    assert item.deadline_at == t0 + timedelta(minutes=45)
    assert services.seconds_left(item, t0 + timedelta(minutes=5)) == 40 * 60


def test_late_answer_is_accepted_and_marked(bank, make_user):
    item = start(make_user()).items[0]
    t0 = utcnow() - timedelta(hours=2)
    services.open_item(item, t0)
    attempt = submit(item, GOOD, LIMIT)
    assert attempt.late and attempt.seconds_taken >= 7200


def test_submit_is_idempotent_and_scored(bank, make_user):
    item = start(make_user()).items[0]
    first = submit(item, GOOD, LIMIT)
    second = submit(item, "something else entirely", LIMIT)
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    db.session.refresh(first)
    assert first.status == "scored" and first.score.scorer == "offline"
    assert 0 < first.score.total <= 1
    for c in first.score.criteria:
        assert c.quote is None or c.quote in GOOD


@pytest.mark.parametrize("text,message", [("   ", "empty"), ("x" * (LIMIT + 1), "20,000")])
def test_bad_answers_are_refused_with_a_reason(bank, make_user, text, message):
    item = start(make_user()).items[0]
    with pytest.raises(services.PracticeError, match=message):
        services.submit(item, text, LIMIT)
    assert item.attempt is None


def test_draft_is_restored_and_last_write_wins(bank, make_user, login, client):
    user = make_user()
    item = start(user).items[0]
    login(user)
    client.post(f"/practice/items/{item.id}/draft", data={"answer": "first"},
                headers={"Accept": "application/json"})
    saved = client.post(f"/practice/items/{item.id}/draft", data={"answer": "second draft"},
                        headers={"Accept": "application/json"})
    assert saved.json["chars"] == len("second draft")
    assert "second draft" in client.get(f"/practice/items/{item.id}").text


def test_follow_ups_target_weak_points_and_are_scored(bank, make_user):
    user = make_user()
    item = start(user).items[0]
    attempt = submit(item, "We would monitor the model with dashboards and alerts "
                                    "for drift, and retrain it every week when alerts fire.",
                              LIMIT)
    follow_ups = db.session.scalars(select(SessionItem).where(
        SessionItem.parent_item_id == item.id).order_by(SessionItem.position)).all()
    assert 1 <= len(follow_ups) <= 2
    weakest = min(attempt.score.criteria, key=lambda c: c.score).point_id
    assert weakest in follow_ups[0].follow_up["points"]
    answer = submit(follow_ups[0], GOOD, LIMIT)
    assert answer.score is not None
    rubric = follow_ups[0].follow_up["rubric"]
    assert {c.point_id for c in answer.score.criteria} == {p["id"] for p in rubric}


def test_a_follow_up_is_scored_on_what_it_asks_not_on_the_parent(bank, make_user):
    from interview.practice.followups import _append, follow_up_for

    item = start(make_user()).items[0]
    point = next(p for p in item.body["rubric"] if p["id"] == "requirements")
    text, rubric = follow_up_for(point, item.body, "", None, set())
    assert "clickbait" in text and [p["id"] for p in rubric] == ["quality-signals", "long-term"]
    child = _append(item, text, [point["id"]], rubric)
    answer = submit(child, "Hides and reports after a click mark clickbait; we weigh dwell time "
                           "and optimise for retention with a counter metric on hides.")
    ids = [c.point_id for c in answer.score.criteria]
    assert ids == ["quality-signals", "long-term"] and answer.score.total > 0.5


def test_someone_elses_session_is_404(bank, make_user, login, client):
    owner, other = make_user(), make_user()
    item = start(owner).items[0]
    login(other)
    assert client.get(f"/practice/items/{item.id}").status_code == 404
    assert client.post(f"/practice/items/{item.id}/submit",
                       data={"answer": GOOD}).status_code == 404
    assert client.post(f"/practice/items/{item.id}/draft", data={"answer": "x"}).status_code == 404
    assert item.attempt is None


def test_submit_page_flow_and_double_submit(bank, make_user, login, client):
    user = make_user()
    item = start(user).items[0]
    login(user)
    client.get(f"/practice/items/{item.id}")
    first = client.post(f"/practice/items/{item.id}/submit", data={"answer": GOOD})
    again = client.post(f"/practice/items/{item.id}/submit", data={"answer": "other"},
                        follow_redirects=True)
    assert first.status_code == 302 and "/practice/attempts/" in first.headers["Location"]
    assert "already submitted" in again.text
    result = client.get(first.headers["Location"]).text
    assert "Offline rubric scorer" in result and "Model answer outline" in result


def test_recommendations_bring_back_poor_answers_after_an_interval(bank, make_user):
    user = make_user()
    item = start(user, "beh-example-silent-drift").items[0]
    attempt = submit(item, "I do not remember much about it really, sorry.", LIMIT)
    assert attempt.score.total < 0.6
    assert progress.due_for_review(user.id) == []
    later = utcnow() + timedelta(days=3)
    assert progress.due_for_review(user.id, now=later) == ["beh-example-silent-drift"]


def test_history_shows_chart_and_attempts(bank, make_user, login, client):
    user = make_user()
    submit(start(user).items[0], GOOD, LIMIT)
    login(user)
    page = client.get("/practice/history").text
    assert "<svg" in page and "Rank posts" in page
    assert "Readiness" in page


def test_llm_writes_follow_ups_and_bank_ones_stand_in_when_it_fails(app, bank, make_user):
    from tests.fake_llm import FakeLLMServer, auto, malformed, success

    with FakeLLMServer() as llm:
        app.config.update(LLM_BASE_URL=llm.url, LLM_API_KEY="k", LLM_MODEL="fake", LLM_TIMEOUT=5)
        written = "Which guardrail metric would stop clickbait from winning, and why?"
        llm.enqueue(auto(0.3), success({"question": written}), malformed(), malformed())
        item = start(make_user()).items[0]
        submit(item, GOOD, LIMIT)
        follow_ups = db.session.scalars(select(SessionItem).where(
            SessionItem.parent_item_id == item.id).order_by(SessionItem.position)).all()
        prompts = [f.follow_up["prompt"] for f in follow_ups]
        requests = llm.chat_requests()
    assert prompts[0] == written
    assert len(prompts) == 2 and prompts[1] in item.body["follow_ups"]
    follow_up_request = requests[1].contents("user")[0]
    assert GOOD in follow_up_request and GOOD not in requests[1].contents("system")[0]


def test_dashboard_shows_recent_answers_and_what_next(bank, make_user, login, client):
    user = make_user()
    submit(start(user, "beh-example-silent-drift").items[0],
                    "I do not remember much about it really, sorry.", LIMIT)
    login(user)
    page = client.get("/dashboard").text
    assert "A model that degraded without anyone noticing" in page
    assert "Weakest topics" in page and "monitoring-drift" in page


def test_progress_summary_follows_new_scores(bank, make_user):
    user = make_user(target_level="mid")
    submit(start(user, "beh-example-silent-drift").items[0], GOOD, LIMIT)
    first = progress.summary(user.id, "mid")
    assert progress.summary(user.id, "mid") is first  # unchanged scores: kept
    submit(start(user).items[0], GOOD, LIMIT)
    second = progress.summary(user.id, "mid")
    assert second["readiness"]["mid"]["attempts"] == first["readiness"]["mid"]["attempts"] + 1


def test_the_breadth_round_is_practised_in_a_loop_and_scored_offline(app, make_user, tmp_path):
    """ML fundamentals questions join the full loop and are scored on their short answers."""
    import shutil

    import yaml

    from interview.bank.services import load_bank
    from tests.conftest import FIXTURE_BANK, ROOT

    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, bank)
    question = yaml.safe_load((ROOT / "question_bank/ml_fundamentals/"
                               "mlf-knowledge-distillation.yaml").read_text())
    question["topics"] = ["deep-learning", "ml-fundamentals"]
    (bank / "ml_fundamentals").mkdir()
    (bank / "ml_fundamentals/mlf-knowledge-distillation.yaml").write_text(yaml.safe_dump(question))
    load_bank(bank)
    user = make_user(target_level="senior")
    ids = assembly.assemble_loop(user, random.Random(1))
    assert "mlf-knowledge-distillation" in ids
    item = next(i for i in services.start_session(user, ids).items
                if i.kind == "ml_fundamentals")
    good = submit(item, question["model_answer"])
    weak_item = services.start_session(user, ["mlf-knowledge-distillation"]).items[0]
    weak = submit(weak_item, "We would just make the model smaller so that it runs faster.")
    assert good.score.scorer == "offline" and good.score.total >= 0.7
    assert weak.score.total <= 0.3


@pytest.mark.parametrize(("typed", "args"), [
    ("[1, 5, 7, -1, 5], 6", [[1, 5, 7, -1, 5], 6]),
    ("[[1, 5, 7, -1, 5], 6]", [[1, 5, 7, -1, 5], 6]),
    ("'abc'", ["abc"]),
    ("None, True, (1, 2)", [None, True, [1, 2]]),
    ('{"a": 1}', [{"a": 1}]),
])
def test_typed_arguments_are_read_as_a_call_would(typed, args):
    from interview.practice.code import parse_inputs

    assert parse_inputs(typed) == args


@pytest.mark.parametrize("typed", ["", "open('x')", "__import__('os')", "{1, 2}", "1 +",
                                   "float('nan')"])
def test_typed_arguments_that_are_not_plain_literals_are_refused(typed):
    from interview.practice.code import InputError, parse_inputs

    with pytest.raises(InputError):
        parse_inputs(typed)


def test_examples_are_shown_as_real_calls():
    from interview.practice.code import call_text, shown_verdict

    coding = {"entry": "count_pairs", "style": "function"}
    assert call_text(coding, {"args": [[1, 5, 7, -1, 5], 6]}) == "count_pairs([1, 5, 7, -1, 5], 6)"
    cls = {"entry": "LRU", "style": "class"}
    assert call_text(cls, {"calls": [["LRU", [2]], ["get", [1]]]}) == "obj = LRU(2); obj.get(1)"
    verdict = {"tests": [{"visible": True, "args": [[1], 2], "expected": True, "actual": None},
                         {"visible": False, "status": "failed"}]}
    shown = shown_verdict(coding, verdict)["tests"]
    assert shown[0]["call"] == "count_pairs([1], 2)" and shown[0]["expected_text"] == "True"
    assert shown[0]["actual_text"] == "None" and "call" not in shown[1]


def test_hints_are_shown_one_by_one_and_counted_on_the_attempt(bank, make_user):
    item = start(make_user(), "code-example-moving-average").items[0]
    services.open_item(item)
    assert services.shown_hints(item) == []
    assert len(services.reveal_hint(item)) == 1
    assert len(services.reveal_hint(item)) == 1  # never more than the question has
    attempt = submit(item, "def moving_average(values, window):\n    return []\n")
    assert attempt.hints_used == 1
    with pytest.raises(services.PracticeError):
        services.reveal_hint(item)


def test_an_automatic_submission_at_zero_is_on_time_within_the_grace(bank, make_user):
    user = make_user()
    item = services.open_item(start(user).items[0])
    just_after = item.deadline_at + timedelta(seconds=5)
    attempt = services.submit(item, GOOD, LIMIT, now=just_after, automatic=True)
    assert attempt.late is False
    other = services.open_item(start(user).items[0])
    assert services.submit(other, GOOD, LIMIT, now=other.deadline_at + timedelta(seconds=5)
                           ).late is True


def test_time_up_choice_is_kept_on_the_user(bank, make_user):
    user = make_user()
    assert services.time_up_choice(user) == "late"
    services.set_time_up_choice(user, "submit")
    assert services.time_up_choice(user) == "submit"
    with pytest.raises(services.PracticeError):
        services.set_time_up_choice(user, "never")


def test_follow_ups_are_counted_with_their_question_and_end_session_stops_them(bank,
                                                                               make_user):
    user = make_user()
    session = services.start_session(user, ["sd-example-news-feed", "beh-example-silent-drift"])
    first = session.items[0]
    submit(first, "We would monitor the model with dashboards and alerts for drift.")
    db.session.refresh(session)
    assert len(session.questions) == 2 and len(session.items) > 2
    follow_up = services.next_open_item(session)
    assert follow_up is not None and follow_up.parent_item_id == first.id  # straight after it
    assert services.item_label(follow_up) == "question 1 of 2, follow-up 1"
    assert dict((s.id, n) for s, n in services.recent_sessions(user.id))[session.id] == 2
    services.end_session(session)
    assert session.finished and services.next_open_item(session) is None
    second = submit(session.items[1], GOOD)
    assert second.score is not None
    db.session.refresh(session)
    assert not [i for i in session.items if i.parent_item_id == second.item_id]
    assert session.finished


def test_history_charts_each_answer_until_there_are_enough_weeks(bank, make_user, login,
                                                                  client):
    user = make_user()
    for _ in range(21):
        submit(start(user, "beh-example-silent-drift").items[0], GOOD)
    summary = progress.summary(user.id, user.target_level)
    assert len(summary["trend"]["behavioral"]) == 1  # one week
    points, per_answer = progress.chart_trend(summary)["behavioral"]
    assert per_answer and len(points) == 21
    login(user)
    page = client.get("/practice/history").text
    assert page.count("<circle") == 21 and "scores by answer" in page
    assert "One dot per answer" in page


def test_typing_speed_is_shown_only_when_it_means_something(bank, make_user, login, client):
    from interview.practice.insights import answer_insights

    user = make_user()
    item = services.open_item(start(user).items[0])
    pasted = services.submit(item, GOOD * 30, LIMIT, now=item.started_at + timedelta(minutes=2))
    transaction.commit()
    found = answer_insights(pasted)
    assert found.words_per_minute is None and found.pasted
    login(user)
    page = client.get(f"/practice/attempts/{pasted.id}").text
    assert "words a minute" not in page and "faster than anyone types" in page
    other = services.open_item(start(user).items[0])
    typed = services.submit(other, GOOD, LIMIT, now=other.started_at + timedelta(minutes=3))
    transaction.commit()
    assert answer_insights(typed).words_per_minute == round(len(GOOD.split()) / 3)
