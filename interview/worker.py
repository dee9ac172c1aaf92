"""The background worker's entry: `huey_consumer interview.worker.huey`.

It builds the app once so tasks run with the same configuration and database as the web
processes, and imports every tasks module so the consumer knows all task names.
"""

from __future__ import annotations

import importlib
import importlib.util

from interview import create_app
from interview.extensions import huey

app = create_app()

for _name in ("practice", "scoring", "sandbox", "resume"):
    if importlib.util.find_spec(f"interview.{_name}.tasks"):
        importlib.import_module(f"interview.{_name}.tasks")

__all__ = ["app", "huey"]
