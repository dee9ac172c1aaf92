"""Hostile and careless input gets a 4xx with a clear message, never a 500, and nothing is
stored wrongly; sessions end when they should. Runs on SQLite and on PostgreSQL in CI."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from flask import g
from sqlalchemy import func, select

from interview import transaction
from interview.accounts import services as accounts
from interview.accounts.models import LoginSession
from interview.coaching import services as coaching
from interview.coaching.models import Membership
from interview.extensions import db
from interview.inputs import content_disposition, json_problem
from interview.practice import services as practice
from interview.practice.models import Attempt, Draft
from interview.queue import bind_app
from tests.api.conftest import assert_error
from tests.conftest import PASSWORD

API = "/api/v1"


def _bearer(user) -> dict[str, str]:
    from interview.accounts.tokens import create_token

    _, secret = create_token(user, "t")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


# --- 2. input that used to reach a 500 -----------------------------------------------------


@pytest.mark.parametrize("body", [
    '{"answer": "\\ud800"}',
    '{"answer": "a\\u0000b"}',
])
def test_unstorable_text_in_api_json_is_422_and_nothing_is_stored(started, body):
    me, session = started
    item_id = session["items"][0]["id"]
    for path in (f"/items/{item_id}/submit", f"/items/{item_id}/draft"):
        response = me.post(path, data=body, headers={"Content-Type": "application/json"})
        assert "answer" in assert_error(response, 422)["fields"]
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


@pytest.mark.parametrize("body,why", [
    ("[" * 100_000 + "]" * 100_000, "nested"),
    ('{"answer": "x", "n": ' + "9" * 5000 + "}", "digits"),
])
def test_hostile_json_is_400_with_a_reason(started, body, why):
    me, session = started
    item_id = session["items"][0]["id"]
    response = me.post(f"/items/{item_id}/submit", data=body,
                       headers={"Content-Type": "application/json"})
    assert why in assert_error(response, 400)["message"]


def test_json_checks_ignore_digits_and_brackets_inside_strings():
    assert json_problem(b'{"answer": "' + b"[" * 500 + b"9" * 500 + b'"}') is None


@pytest.mark.parametrize("path", ["/questions/", "/practice/history", "/admin/users",
                                  "/coaching/candidates/{uid}"])
def test_page_numbers_beyond_the_database_are_the_last_page_not_a_500(
        app, bank, client, login, make_user, path):
    admin = make_user(role="admin")
    login(admin)
    response = client.get(path.format(uid=admin.id) + "?page=99999999999999999999")
    assert response.status_code in (200, 404)


def test_huge_ids_in_forms_are_refused_plainly(app, bank, client, login, make_user):
    from tests.coaching.world import build_world

    world = build_world()
    db.session.commit()
    login(world.coach_a)
    response = client.post(f"/coaching/sets/{world.qset.id}/assign", data={
        "target": "cohort:99999999999999999999", "due": "2030-01-01"}, follow_redirects=True)
    assert response.status_code == 200 and "Choose a cohort or a candidate" in response.text


def test_a_crlf_in_next_is_ignored_after_a_good_sign_in(client, make_user):
    user = make_user()
    response = client.post("/login?next=/dashboard%0d%0aSet-Cookie:%20x=1",
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/dashboard")
    assert "x=1" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("name", ["Łukasz Nowak", "张伟"])
def test_download_names_outside_latin1_use_rfc6266(name):
    header = content_disposition(f"{name}.pdf")
    header.encode("latin-1")  # a header must be Latin-1: this raised before
    assert "filename*=UTF-8''" in header


@pytest.mark.parametrize("field", ["email", "password"])
def test_nul_in_anonymous_forms_is_400_not_a_database_error(client, field):
    data = {"email": "a@example.com", "password": "long enough secret here", "name": "A",
            "confirm": "long enough secret here"}
    data[field] = "x\x00y"
    for path in ("/login", "/register"):
        response = client.post(path, data=data)
        assert response.status_code == 400 and "NUL" in response.text


# --- 3. an answer of invisible characters ---------------------------------------------------


@pytest.mark.parametrize("text", ["\u200b\u200c\u200d", "\ufeff \u2060\n\t"])
def test_invisible_answers_are_refused(started, text):
    me, session = started
    item_id = session["items"][0]["id"]
    response = me.post(f"/items/{item_id}/submit", json={"answer": text})
    assert "empty" in assert_error(response, 422)["message"]


# --- 4. sessions ----------------------------------------------------------------------------


def test_a_cookie_saved_before_logout_no_longer_opens_the_dashboard(app, client, make_user):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    saved = client.get_cookie("session").value
    assert client.get("/dashboard").status_code == 200
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/dashboard").status_code == 302


def test_a_password_change_signs_out_the_other_browsers_only(app, client, make_user):
    user = make_user()
    other = app.test_client()
    for c in (client, other):
        c.post("/login", data={"email": user.email, "password": PASSWORD})
    new = "violet tractor under seven moons"
    changed = client.post("/settings/password", data={"current_password": PASSWORD,
                                                      "new_password": new, "confirm": new})
    assert changed.status_code == 302, changed.text
    assert client.get("/dashboard").status_code == 200
    g.pop("_login_user", None)  # requests share the test's app context: forget the last user
    assert other.get("/dashboard").status_code == 302


def test_sign_out_everywhere_ends_every_session(app, client, make_user):
    user = make_user()
    other = app.test_client()
    for c in (client, other):
        c.post("/login", data={"email": user.email, "password": PASSWORD})
    client.post("/settings/sessions/end")
    assert client.get("/dashboard").status_code == 302
    assert other.get("/dashboard").status_code == 302
    live = select(func.count()).select_from(LoginSession).where(LoginSession.revoked_at.is_(None))
    assert db.session.scalar(live) == 0


def test_a_form_from_before_sign_out_is_refused(app, make_user):
    from tests.conftest import csrf_token

    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    client = app.test_client()
    token = csrf_token(client.get("/login").text)
    client.post("/login", data={"email": user.email, "password": PASSWORD,
                                "csrf_token": token})
    page_token = csrf_token(client.get("/settings/password").text)
    client.post("/logout", data={"csrf_token": page_token})
    client.post("/login", data={"email": user.email, "password": PASSWORD,
                                "csrf_token": csrf_token(client.get("/login").text)})
    stale = client.post("/settings/sessions/end", data={"csrf_token": page_token})
    assert stale.status_code == 400


# --- 5. enumeration -------------------------------------------------------------------------


def test_unknown_emails_cost_the_same_password_hash(app, make_user, monkeypatch):
    calls: list[str] = []
    real = accounts.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        calls.append(hashed.split("$")[0])
        return real(hashed, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    monkeypatch.setattr("interview.accounts.models.check_password_hash", counting)
    user = make_user()
    accounts.authenticate(user.email, "wrong password here")
    accounts.authenticate("nobody@example.com", "wrong password here")
    assert len(calls) == 2 and calls[0] == calls[1]  # one hash each, of the same kind


def test_an_account_is_locked_after_repeated_failures_known_or_not(app, client, make_user):
    app.config["RATELIMIT_ENABLED"] = True
    user = make_user()
    for email in (user.email, "nobody@example.com"):
        codes = [client.post("/login", data={"email": email, "password": "not it at all"},
                             environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
                 for i in range(11)]
        assert codes[:10] == [422] * 10 and codes[10] == 429


# --- 6. invite race -------------------------------------------------------------------------


def test_a_single_use_invite_admits_one_candidate_under_concurrency(app, make_user):
    coach = make_user(role="coach")
    cohort = coaching.create_cohort(coach, "Spring")
    _, code = coaching.create_invite(cohort, coach)
    candidates = [make_user() for _ in range(6)]
    db.session.commit()
    ids = [c.id for c in candidates]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(ids))

    def accept(uid: int) -> None:
        with app.app_context():
            user = db.session.get(type(candidates[0]), uid)
            barrier.wait()
            try:
                coaching.accept_invite(code, user)
                transaction.commit()
                outcomes.append("joined")
            except Exception:  # noqa: BLE001 - a refusal or a lost race both count as refused
                transaction.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=accept, args=(uid,)) for uid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.expire_all()
    assert outcomes.count("joined") == 1
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


# --- 8. smaller ----------------------------------------------------------------------------


def test_the_cli_history_csv_neutralises_formulas(app, bank, make_user):
    user = make_user()
    item = practice.start_session(user, ["beh-example-silent-drift"]).items[0]
    practice.submit(item, '=HYPERLINK("http://evil.example","click")', 20_000)
    transaction.commit()
    result = app.test_cli_runner().invoke(args=["history", "export", "--user", user.email,
                                                "--format", "csv"])
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert row["answer"].startswith("'=")


def test_a_file_of_exactly_two_mib_is_not_refused_by_the_request_limit(app):
    from interview.resume.extract import MAX_UPLOAD_BYTES

    assert app.config["MAX_CONTENT_LENGTH"] >= MAX_UPLOAD_BYTES + 16 * 1024


def test_a_refused_over_long_answer_keeps_the_whole_text_as_draft(app, bank, client, login,
                                                                   make_user):
    user = make_user()
    login(user)
    item = practice.start_session(user, ["beh-example-silent-drift"]).items[0]
    db.session.commit()
    text = "word " * (app.config["MAX_ANSWER_CHARS"] // 5 + 100)
    page = client.post(f"/practice/items/{item.id}/submit", data={"answer": text},
                       follow_redirects=True)
    assert "Your whole text is kept as a draft" in page.text
    db.session.expire_all()
    assert practice.get_draft(item).text == text
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_recovery_requeues_once_per_worker_not_once_per_thread(app, monkeypatch):
    from interview.practice import tasks

    calls: list[bool] = []
    monkeypatch.setattr(tasks, "requeue", lambda on_startup: calls.append(on_startup) or 0)
    monkeypatch.setattr(tasks, "_recovered", threading.Lock())
    bind_app(app)  # as the worker does: consumer threads have no app context of their own
    try:
        threads = [threading.Thread(target=tasks.recover_on_startup) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        bind_app(None)
    assert calls == [True]


SURROGATE = "\\ud800"


@pytest.mark.parametrize("path,body", [
    ("/sessions", '{"mode": "pick", "question_ids": ["' + SURROGATE + '"]}'),
    ("/coaching/cohorts", '{"name": "Spring ' + SURROGATE + '"}'),
    ("/coaching/sets", '{"title": "Week ' + SURROGATE + '"}'),
    ("/resumes/build", '{"role": "mle", "level": "mid", "format": "md", '
                       '"details": {"name": "A' + SURROGATE + '"}}'),
    ("/coaching/attempts/{aid}/comments", '{"body": "Good ' + SURROGATE + '"}'),
    ("/coaching/attempts/{aid}/overrides", '{"criterion_id": 1, "percent": 50, '
                                           '"reason": "x' + SURROGATE + '"}'),
])
def test_lone_surrogates_are_422_on_every_api_input(app, bank, client, path, body):
    from tests.coaching.world import build_world

    world = build_world()
    db.session.commit()
    response = client.post(API + path.format(aid=world.attempt.id), data=body,
                           headers={**_bearer(world.coach_a if "coaching" in path
                                              else world.cand_a),
                                    "Content-Type": "application/json"})
    assert_error(response, 422)


@pytest.mark.parametrize("name", ["Łukasz Nowak", "张伟"])
def test_the_api_builds_resumes_for_names_outside_latin1(api_as, name):
    me = api_as()
    response = me.post("/resumes/build", json={"role": "mle", "level": "mid", "format": "pdf",
                                               "details": {"name": name}})
    assert response.status_code == 200, response.text
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
