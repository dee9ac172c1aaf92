"""Extension objects, created once here and bound to the app in `create_app`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from huey import PriorityRedisHuey, SqliteHuey
from huey.api import Huey
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from interview.config import INSTANCE_DIR

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Named constraints so that Alembic batch migrations work on SQLite too."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)

# The base class of every model. At run time it is `db.Model` (our Base plus Flask-SQLAlchemy's
# Model mixin: `query`, bind keys). mypy resolves base classes before it knows the types of
# attributes, so it cannot follow `class X(db.Model)`; it is shown the same class spelled out.
if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as _FSAModel

    class Model(_FSAModel, Base):
        __abstract__ = True
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def make_huey() -> Huey:
    """The task queue: Redis when REDIS_URL is set, else a SQLite file in instance/.

    Built at import time because the consumer (`python -m interview.worker`) imports it
    before any app exists; both sides read the same environment. Both storages honour task
    priorities (code runs jump the scoring queue). On Redis the queue is a sorted set under
    its own name; a plain list left by an older version is not read, and the worker's
    start-up sweep re-queues whatever it held.
    """
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return PriorityRedisHuey("interview-tasks", url=redis_url)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = os.environ.get("HUEY_SQLITE_PATH", str(INSTANCE_DIR / "huey.db"))
    return SqliteHuey("interview", filename=path)


huey = make_huey()
