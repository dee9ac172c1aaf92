"""Shared fixtures: the app on a real database, a client, and factories that make data.

The database is SQLite in a temporary file by default; set TEST_DATABASE_URL to run the
same tests against PostgreSQL (CI does both).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path

# The queue file for tests that run a real consumer; set before the app's modules load.
os.environ.setdefault("HUEY_SQLITE_PATH", os.path.join(tempfile.mkdtemp(), "huey.db"))

import pytest  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import event  # noqa: E402

from interview import create_app  # noqa: E402
from interview.config import TestingConfig  # noqa: E402
from interview.extensions import db  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
_emails = count(1)


def database_url(tmp_path: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that touch the database carry the `db` marker, so CI can rerun them on PostgreSQL."""
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker("db")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path),
                     WTF_CSRF_ENABLED=False)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., object]:
    """Factory: `make_user(role="coach")` returns a saved user with password PASSWORD."""
    from interview.accounts.services import create_user

    def make(role: str = "candidate", email: str | None = None, **fields: object):
        user = create_user(email or f"user{next(_emails)}@example.com", PASSWORD, role=role)
        for key, value in fields.items():
            setattr(user, key, value)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[[object], FlaskClient]:
    """Sign a user in through the real login form."""

    def do(user) -> FlaskClient:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return client

    return do


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], object]:
    """Count SQL statements run inside a `with count_queries() as n:` block (against N+1)."""

    class Counter:
        def __init__(self) -> None:
            self.count = 0

        def __enter__(self) -> Counter:
            event.listen(db.engine, "before_cursor_execute", self._hit)
            return self

        def __exit__(self, *exc: object) -> None:
            event.remove(db.engine, "before_cursor_execute", self._hit)

        def _hit(self, *args: object) -> None:
            self.count += 1

    return Counter


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


FIXTURE_BANK = ROOT / "tests" / "fixtures" / "bank"


@pytest.fixture
def bank(app: Flask):
    """The small fixture bank (one question of each kind) loaded into the database."""
    from interview.bank.services import load_bank

    return load_bank(FIXTURE_BANK)
