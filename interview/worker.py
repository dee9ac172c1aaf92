"""The background worker's entry: `huey_consumer interview.worker.huey`.

It builds the app once so tasks run with the same configuration and database as the web
processes, and imports every tasks module so the consumer knows all task names.
"""

from __future__ import annotations

import importlib

from interview import create_app
from interview.extensions import huey

app = create_app()

for _name in ("practice", "scoring", "sandbox", "resume"):
    try:
        importlib.import_module(f"interview.{_name}.tasks")
    except ModuleNotFoundError:  # that capability has no background tasks
        continue

from interview.scoring.tasks import bind_app  # noqa: E402 - after the tasks modules load

bind_app(app)

__all__ = ["app", "huey"]
