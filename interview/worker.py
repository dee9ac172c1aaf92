"""The background worker's entry: `huey_consumer interview.worker.huey`.

It builds the app once so tasks run with the same configuration and database as the web
processes, binds it for the tasks, and imports the task modules so the consumer knows every
task name.
"""

from __future__ import annotations

from interview import create_app
from interview.extensions import huey
from interview.practice import speech as _speech_tasks  # noqa: F401 - registers the tasks
from interview.practice import tasks as _practice_tasks  # noqa: F401 - registers the tasks
from interview.queue import bind_app

app = create_app()
bind_app(app)

__all__ = ["app", "huey"]
