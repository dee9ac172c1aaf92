"""The background worker's entry: `huey_consumer interview.worker.huey`.

It builds the app once so tasks run with the same configuration and database as the web
processes, and imports every tasks module so the consumer knows all task names.
"""

from __future__ import annotations

from interview import create_app
from interview.extensions import huey
from interview.sandbox import tasks as _sandbox_tasks  # noqa: F401 - registers its task
from interview.scoring.tasks import bind_app

app = create_app()
bind_app(app)

__all__ = ["app", "huey"]
