"""A real server on loopback and headless Debian Chromium driven by Playwright.

Nothing here skips: a missing Chromium is a failure, with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from interview import create_app
from interview.config import TestingConfig
from interview.extensions import db

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is missing: `apt-get install chromium chromium-driver` "
                    "(make test does this under CI=true).")
    return path


class LiveServer:
    def __init__(self, app) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_app(tmp_path: Path):
    """The app with CSRF on, as in production, on a file database."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.db'}",
                     WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def pw():
    """One Playwright per test run: its sync API cannot be started twice in one thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(pw):
    browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                 args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def worker():
    """A real Huey consumer (threads, SQLite queue) running tasks for `live_app`.

    Use it with an app passed to `bind_app`; tasks then leave the request for good.
    """
    import signal

    from interview.extensions import huey
    from interview.practice import tasks as _practice_tasks  # noqa: F401 - registers the tasks
    from interview.queue import bind_app
    from interview.resume import tasks as _resume_tasks  # noqa: F401 - registers the task

    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    huey.immediate = False
    huey.flush()
    consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=False,
                                    check_worker_health=False)
    started = []

    def start(app) -> None:
        bind_app(app)
        consumer.start()
        started.append(True)

    yield start
    if started:
        consumer.stop(graceful=True)
    huey.immediate = True
    bind_app(None)
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def sign_in(page, base_url: str, email: str) -> None:
    """Sign in through the real form and land on the dashboard."""
    from tests.conftest import PASSWORD

    page.goto(base_url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard")
