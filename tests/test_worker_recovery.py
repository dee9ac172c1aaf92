"""Kill the real worker in the middle of scoring: the attempt still gets its score.

A real Huey consumer (a subprocess, SQLite queue), a real database file and the loopback
OpenAI-compatible fake: the first worker hangs inside the LLM call and is killed with
SIGKILL; a new worker starts, re-queues what was left behind and scores it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interview import create_app, transaction
from interview.accounts.services import create_user
from interview.bank.services import load_bank
from interview.config import TestingConfig
from interview.extensions import db
from interview.practice import services
from interview.practice.models import Attempt
from tests.conftest import FIXTURE_BANK, PASSWORD, ROOT
from tests.fake_llm import FakeLLMServer, auto, slow

ANSWER = ("We define engagement goals and guardrail metrics, use candidate generation then a "
          "ranking model with a p99 budget, and monitor drift with alerts before retraining.")


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def setup(tmp_path: Path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    env = {**os.environ, "DATABASE_URL": url, "INSTANCE_DIR": str(tmp_path),
           "HUEY_SQLITE_PATH": str(tmp_path / "queue.db"), "APP_ENV": "development",
           "FLASK_APP": "interview", "LLM_API_KEY": "test", "LLM_MODEL": "fake-judge",
           "LLM_TIMEOUT": "60", "LLM_MAX_RETRIES": "0", "SCORING_GRACE_SECONDS": "1"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], env=env, check=True,
                   cwd=ROOT, capture_output=True)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    monkeypatch.setattr("interview.practice.services.enqueue_scoring", lambda _id: None)
    with app.app_context():
        load_bank(FIXTURE_BANK)
        user = create_user("cand@example.com", PASSWORD)
        item = services.start_session(user, ["sd-example-news-feed"]).items[0]
        attempt_id = services.submit(item, ANSWER, 20_000).id  # stored, not yet scored
        transaction.commit()
        yield app, env, attempt_id
        db.engine.dispose()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    consumer = Path(sys.executable).parent / "huey_consumer"
    with log.open("ab") as out:
        return subprocess.Popen([str(consumer), "interview.worker.huey", "-w", "1", "-k",
                                 "thread"], env=env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def status(app, attempt_id: int) -> str:
    with app.app_context():
        db.session.expire_all()
        return db.session.get(Attempt, attempt_id).status


def test_killed_worker_loses_no_answer(setup, tmp_path):
    app, env, attempt_id = setup
    with FakeLLMServer() as llm:
        env["LLM_BASE_URL"] = llm.url
        llm.enqueue(slow(120))  # the first worker hangs inside the judge call
        log = tmp_path / "worker.log"
        first = start_worker(env, log)
        try:
            assert wait_for(lambda: status(app, attempt_id) == "scoring", 30), log.read_text()
            assert wait_for(lambda: len(llm.chat_requests()) == 1, 15), log.read_text()
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        assert status(app, attempt_id) == "scoring"  # interrupted mid-scoring

        llm.enqueue(auto(0.7))
        second = start_worker(env, log)
        try:
            assert wait_for(lambda: status(app, attempt_id) == "scored", 60), log.read_text()
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(10)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.answer == ANSWER
        assert attempt.score.scorer == "llm" and attempt.score.model == "fake-judge"
        assert len(llm.chat_requests()) >= 2  # the judge twice, then follow-up writing
