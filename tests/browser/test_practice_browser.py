"""The candidate's loop in Chromium: full loop, draft survives reload, result, code, history."""

from __future__ import annotations

import pytest

from interview.accounts.services import create_user
from interview.bank.services import load_bank
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.conftest import FIXTURE_BANK, PASSWORD

pytestmark = pytest.mark.browser
ANSWER = ("We clarify the goal first: long-term engagement measured by dwell time, with hides "
          "as a guardrail metric. Candidate generation retrieves a few hundred posts and a "
          "ranking model orders them within a p99 latency budget. We monitor drift and retrain.")
CODE = ("def moving_average(values, window):\n"
        "    out, total = [], 0.0\n"
        "    for i, v in enumerate(values):\n"
        "        total += v\n"
        "        if i >= window:\n"
        "            total -= values[i - window]\n"
        "        if i >= window - 1:\n"
        "            out.append(total / window)\n"
        "    return out\n")


@pytest.fixture
def candidate(live_app):
    with live_app.app_context():
        load_bank(FIXTURE_BANK)
        return create_user("cand@example.com", PASSWORD).email


def test_full_loop_text_and_code_answers(page, live_server, candidate):
    sign_in(page, live_server.url, candidate)
    page.goto(live_server.url + "/practice/")
    page.click("#start-loop")
    page.wait_for_url("**/practice/items/*")
    assert "Rank posts" in page.inner_text("h1")
    assert "left" in page.inner_text("#timer")

    page.fill("#answer", ANSWER)
    page.locator("#save-status", has_text="Draft saved").wait_for(timeout=10_000)
    page.reload()
    assert page.input_value("#answer") == ANSWER

    page.click("text=Preview")
    page.wait_for_selector("#preview p")
    page.click("[data-tab=write]")
    page.click("#submit")
    page.wait_for_url("**/practice/attempts/*")
    page.wait_for_selector("#score", timeout=20_000)
    assert "Offline rubric scorer" in page.inner_text("main")
    assert "dwell time" in page.inner_text(".criteria")  # feedback quotes the answer

    page.click("text=Next question")  # the first question's follow-up comes straight after it
    page.wait_for_url("**/practice/items/*")
    assert "Follow-up" in page.inner_text("h1")
    assert "question 1 of " in page.inner_text(".crumbs")
    assert "follow-up 1" in page.inner_text(".crumbs")
    page.click(".crumbs a")
    page.wait_for_url("**/practice/sessions/*")
    questions = page.locator("tr.question").count()
    assert f"{questions} questions" in page.inner_text("#session-state")
    assert page.locator("tr.follow-up").count() >= 1
    page.locator("tr.question", has_text="Moving average").locator("text=answer now").click()
    page.wait_for_url("**/practice/items/*")
    assert "Moving average" in page.inner_text("h1")
    page.wait_for_selector(".cm-editor")
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(CODE)
    page.click("#run-examples")
    page.wait_for_selector(".run-result .verdict", timeout=20_000)
    assert "passed: 1 of 1" in page.inner_text(".run-result")
    page.click("#submit")
    page.wait_for_selector("#score", timeout=30_000)
    assert "Passes the visible and hidden tests" in page.inner_text(".criteria")

    page.goto(live_server.url + "/practice/history")
    assert page.locator("svg.chart").count() >= 1
    assert "Moving average" in page.inner_text("main")


def _open_question(live_app, email: str, question_id: str) -> int:
    """A one-question session for this candidate; the id of its item."""
    from interview.accounts.models import User
    from interview.extensions import db
    from interview.practice.services import start_session

    with live_app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        session = start_session(user, [question_id], source="pick")
        db.session.commit()
        return session.items[0].id


def test_code_editor_types_real_lines_under_the_strict_csp(page, live_app, live_server,
                                                            candidate):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, candidate)
    iid = _open_question(live_app, candidate, "code-example-moving-average")
    page.goto(f"{live_server.url}/practice/items/{iid}")
    page.wait_for_selector(".cm-editor")
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("def f(x):")
    page.keyboard.press("Enter")
    page.keyboard.type("return x")

    lines = page.locator(".cm-line").all_inner_texts()
    assert [line.replace("\u00a0", " ") for line in lines] == ["def f(x):", "    return x"]
    font = page.eval_on_selector(".cm-content", "e => getComputedStyle(e).fontFamily")
    assert "monospace" in font.lower()
    gutter = page.locator(".cm-gutters").bounding_box()
    code = page.locator(".cm-content").bounding_box()
    assert gutter and code and gutter["x"] < code["x"]  # beside the code, not above it
    assert abs(gutter["y"] - code["y"]) < 10
    editor = page.locator(".cm-editor").bounding_box()
    assert editor and editor["height"] > 250  # the page's styles still apply after typing
    submitted = page.input_value("#answer")
    assert submitted == "def f(x):\n    return x"
    assert "\u00a0" not in submitted
    assert not [e for e in errors if "Content Security Policy" in e], errors


SHOUTING = ("def moving_average(values, window):\n"
            "    print('window is', window)\n"
            "    return [sum(values[i:i + window]) / window\n"
            "            for i in range(len(values) - window + 1)]\n")


def _type_code(page, code: str) -> None:
    page.wait_for_selector(".cm-editor")
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def test_examples_show_real_calls_output_and_my_own_input(page, live_app, live_server,
                                                           candidate):
    sign_in(page, live_server.url, candidate)
    iid = _open_question(live_app, candidate, "code-example-moving-average")
    page.goto(f"{live_server.url}/practice/items/{iid}")
    assert "moving_average([1, 2, 3, 4], 2)" in page.inner_text(".examples")
    assert "[[1, 2, 3, 4], 2]" not in page.inner_text(".examples")
    _type_code(page, SHOUTING)

    page.click("#run-examples")
    page.wait_for_selector(".run-result .verdict", timeout=20_000)
    shown = page.inner_text(".run-result")
    assert "passed: 1 of 1" in shown
    assert "moving_average([1, 2, 3, 4], 2)" in shown
    assert "expected [1.5, 2.5, 3.5], got [1.5, 2.5, 3.5]" in shown
    assert "window is 2" in page.inner_text(".run-result pre.output")
    assert "hidden" not in shown

    page.fill("#run-input", "[10, 20, 30], 3")
    page.click("#run-mine")
    page.locator(".run-result .verdict", has_text="Ran with your input").wait_for(
        timeout=20_000)
    shown = page.inner_text(".run-result")
    assert "moving_average([10, 20, 30], 3)" in shown
    assert "returned [20.0]" in shown
    assert "window is 3" in shown
    assert "expected" not in shown
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "run_with_my_input.png"), full_page=True)

    page.fill("#run-input", "open('/etc/passwd')")
    page.click("#run-mine")
    page.locator(".run-result", has_text="Could not read the arguments").wait_for()


def test_single_question_ends_and_a_loop_shows_its_debrief(page, live_app, live_server,
                                                            candidate):
    sign_in(page, live_server.url, candidate)
    page.goto(live_server.url + "/practice/")
    page.click("#start-loop")
    page.wait_for_url("**/practice/items/*")
    page.fill("#answer", ANSWER)
    page.click("#submit")
    page.wait_for_selector("#score", timeout=20_000)
    page.click(".crumbs a")
    page.wait_for_url("**/practice/sessions/*")
    state = page.inner_text("#session-state")
    questions = page.locator("tr.question").count()
    assert f"{questions} questions · 1 answered" in state and "in progress" in state
    followups = page.locator("tr.follow-up").count()
    assert followups >= 1  # under their question, not counted as questions
    assert page.locator("tr.question").count() == questions

    page.click("#end-session")
    page.wait_for_selector("#debrief")
    assert "finished" in page.inner_text("#session-state")
    debrief = page.inner_text("#debrief")
    assert "1 of " in debrief and "answered" in debrief
    assert "System design" in debrief and "mid bar" in debrief
    assert page.locator("#strongest li").count() >= 1
    assert page.locator("#weakest li").count() >= 1
    assert page.locator("#practise-next li").count() >= 1
    assert "Time answering" in debrief
    assert "not answered" in page.inner_text("table.session-items")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "session_debrief.png"), full_page=True)
    page.goto(live_server.url + "/practice/")
    assert f"{questions} question(s) · finished" in page.inner_text("main")


def _set_deadline(live_app, iid: int, seconds: int) -> None:
    from datetime import timedelta

    from interview.clock import utcnow
    from interview.extensions import db
    from interview.practice.models import SessionItem

    with live_app.app_context():
        item = db.session.get(SessionItem, iid)
        item.started_at = utcnow() - timedelta(minutes=item.time_limit_minutes) + \
            timedelta(seconds=seconds)
        item.deadline_at = utcnow() + timedelta(seconds=seconds)
        db.session.commit()


def test_timer_stays_in_view_warns_and_hints_are_counted(page, live_app, live_server,
                                                          candidate):
    sign_in(page, live_server.url, candidate)
    iid = _open_question(live_app, candidate, "code-example-moving-average")
    _set_deadline(live_app, iid, 62)
    page.goto(f"{live_server.url}/practice/items/{iid}")
    assert "5 minutes" in page.inner_text("#timer-note")
    page.locator("#timer-note", has_text="1 minute left").wait_for(timeout=8_000)
    assert "warn1" in (page.get_attribute("#timer", "class") or "")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    box = page.locator("#timer").bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # still on screen after scrolling

    assert "0 of 1 hint used" in page.inner_text("#hint-count")
    page.click("#show-hint")
    page.locator("#hint-list li").first.wait_for()
    assert "running" in page.inner_text("#hint-list").lower() or \
        "previous sum" in page.inner_text("#hint-list")
    assert "1 of 1 hint used" in page.inner_text("#hint-count")
    assert page.locator("#show-hint").is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timer_warning_and_hint.png"))
    page.reload()  # the server remembers the hint was shown
    assert page.locator("#hint-list li").count() == 1
    _type_code(page, CODE)
    page.click("#submit")
    page.wait_for_url("**/practice/attempts/*")
    assert "1 of 1 hint used" in page.inner_text("#hints-used")


def test_time_up_submits_automatically_when_the_candidate_chose_so(page, live_app,
                                                                   live_server, candidate):
    sign_in(page, live_server.url, candidate)
    page.goto(live_server.url + "/practice/")
    page.check("input[name=on_time_up][value=submit]")
    page.click("#save-time-up")
    page.locator(".flash", has_text="submitted automatically").wait_for()
    iid = _open_question(live_app, candidate, "sd-example-news-feed")
    _set_deadline(live_app, iid, 4)
    page.goto(f"{live_server.url}/practice/items/{iid}")
    assert "submitted automatically at zero" in page.inner_text("#timer-note")
    page.fill("#answer", ANSWER)
    page.wait_for_url("**/practice/attempts/*", timeout=15_000)
    main = page.inner_text("main")
    assert "submitted automatically" in main
    assert "late" not in page.inner_text("p.meta")


def test_time_up_keeps_writing_marked_late_by_default(page, live_app, live_server, candidate):
    sign_in(page, live_server.url, candidate)
    iid = _open_question(live_app, candidate, "sd-example-news-feed")
    _set_deadline(live_app, iid, 2)
    page.goto(f"{live_server.url}/practice/items/{iid}")
    page.locator("#timer-note", has_text="keep writing").wait_for(timeout=8_000)
    assert "/practice/items/" in page.url
    page.fill("#answer", ANSWER)
    page.click("#submit")
    page.wait_for_url("**/practice/attempts/*")
    assert "late" in page.inner_text("p.meta")
