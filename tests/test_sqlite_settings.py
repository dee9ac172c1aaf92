"""The default SQLite file is set up for a web server and a worker writing at once."""

from __future__ import annotations

from sqlalchemy import text

from interview import create_app
from interview.config import TestingConfig
from interview.extensions import db


def test_file_database_uses_wal_and_waits_instead_of_failing(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")
    with app.app_context():
        with db.engine.connect() as conn:
            mode = conn.execute(text("PRAGMA journal_mode")).scalar()
            timeout = conn.execute(text("PRAGMA busy_timeout")).scalar()
            sync = conn.execute(text("PRAGMA synchronous")).scalar()
        db.engine.dispose()
    assert (mode, timeout, sync) == ("wal", 5000, 1)
