"""interview: practice for Machine Learning Engineer interviews.

`create_app` is the only way to build the app: the CLI, gunicorn (`wsgi.py`), the worker
and the tests all go through it, so they share one configuration path.
"""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask
from sqlalchemy import event
from werkzeug.routing import IntegerConverter

from interview.config import INSTANCE_DIR, ROOT, Config, config_for

TEMPLATES = Path(__file__).parent / "templates"  # the shell; capabilities bring their own


class DatabaseInt(IntegerConverter):
    """`<int:id>` that stops at the database's integer range: a larger id is a 404, not a
    PostgreSQL overflow error."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = 2**31 - 1, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(config: type[Config] | None = None, **overrides: object) -> Flask:
    """Build the app from a config class (APP_ENV's by default) plus keyword overrides.

    Overrides are applied before the extensions start, so a test's database URL is the one
    the engine is built with.
    """
    load_dotenv(ROOT / ".env")
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES),
        instance_path=str(INSTANCE_DIR),
    )
    _configure(app, config, overrides)
    app.url_map.converters["int"] = DatabaseInt
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from interview import access, inputs, transaction, web

    inputs.init_app(app)
    transaction.init_app(app)
    web.init_app(app)
    app.jinja_env.globals["nav_links"] = partial(web.nav_links, access.may_open)
    return app


def _configure(app: Flask, config: type[Config] | None, overrides: dict[str, object]) -> None:
    app.config.from_object(config or config_for())
    app.config.update(overrides)
    private_instance(Path(app.instance_path))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    logging.getLogger("interview").setLevel(os.environ.get("LOG_LEVEL", "INFO"))
    from interview.config import DEV_SECRET_KEY

    if app.config["ENV_NAME"] == "production" and app.config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise RuntimeError(
            "Refusing to start in production with the development SECRET_KEY. "
            "Set SECRET_KEY to a long random value, e.g. "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )


def private_instance(folder: Path) -> None:
    """The instance folder (database, queue) is for this account alone: 0700, files 0600,
    so neither another user nor candidate code running under another uid can read it."""
    folder.mkdir(parents=True, exist_ok=True)
    if folder.stat().st_uid != os.geteuid():
        return  # not ours to change (a shared deployment decides for itself)
    folder.chmod(0o700)
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_uid == os.geteuid():
            path.chmod(0o600)


def _init_extensions(app: Flask) -> None:
    from interview.extensions import csrf, db, huey, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"),
                     render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)
    huey.immediate = bool(app.config["HUEY_IMMEDIATE"])
    from interview import models  # noqa: F401  (every table known to Alembic)


def tune_sqlite(engine) -> None:
    """SQLite for several processes: write-ahead log (readers never wait for the writer),
    fsync at checkpoints rather than every commit, and a wait instead of "database is locked"."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from interview.accounts.views import bp as accounts_bp
    from interview.api.views import bp as api_bp
    from interview.bank.views import bp as bank_bp
    from interview.coaching import views_candidate  # noqa: F401 - its routes join coaching_bp
    from interview.coaching.views import bp as coaching_bp
    from interview.practice.speech import bp as speech_bp
    from interview.practice.views import bp as practice_bp
    from interview.practice.views import home as home_bp
    from interview.resume.views import bp as resume_bp

    for bp in (accounts_bp, bank_bp, home_bp, practice_bp, speech_bp, resume_bp, coaching_bp,
               api_bp):
        app.register_blueprint(bp)


def _register_cli(app: Flask) -> None:
    from interview.cli import register

    register(app)
