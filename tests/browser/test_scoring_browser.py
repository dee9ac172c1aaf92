"""With a real worker and a slow LLM judge, the result page says scoring is under way and
updates itself when the score arrives; the request never waits for the scorer."""

from __future__ import annotations

import time

import pytest

from interview import create_app
from interview.accounts.services import create_user
from interview.bank.services import load_bank
from interview.config import TestingConfig
from interview.extensions import db
from tests.browser.conftest import LiveServer, sign_in
from tests.conftest import FIXTURE_BANK, PASSWORD
from tests.fake_llm import FakeLLMServer, auto, slow

pytestmark = pytest.mark.browser
ANSWER = ("Clarify the goal and guardrail metrics, generate candidates then rank them within a "
          "p99 latency budget, and monitor drift with alerts that trigger retraining.")


def test_result_page_waits_for_the_worker_then_shows_the_llm_score(page, worker, tmp_path):
    with FakeLLMServer() as llm:
        llm.enqueue(slow(2.5, score=0.6), auto(0.6))
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/w.db",
                         WTF_CSRF_ENABLED=True, HUEY_IMMEDIATE=False, LLM_BASE_URL=llm.url,
                         LLM_API_KEY="test", LLM_MODEL="fake-judge", LLM_TIMEOUT=10)
        with app.app_context():
            db.create_all()
            load_bank(FIXTURE_BANK)
            create_user("w@example.com", PASSWORD)
        worker(app)
        with LiveServer(app) as server:
            sign_in(page, server.url, "w@example.com")
            page.goto(server.url + "/questions/sd-example-news-feed")
            page.click("#practise-this")
            page.wait_for_url("**/practice/items/*")
            page.fill("#answer", ANSWER)
            started = time.monotonic()
            page.click("#submit")
            page.wait_for_url("**/practice/attempts/*")
            assert time.monotonic() - started < 2.0  # submit did not wait for the judge
            assert "Scoring under way" in page.inner_text("main")
            page.wait_for_selector("#score", timeout=20_000)
            assert "LLM judge (fake-judge)" in page.inner_text("#score")
        with app.app_context():
            db.engine.dispose()
