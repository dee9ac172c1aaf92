"""Which app a background task runs in.

The worker (`interview.worker`) builds the app and binds it here before the consumer runs a
task; inline (Huey's immediate mode, tests) a task runs inside the caller's app context.
Nothing here imports the app, so task modules never pull in the pages.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from flask import Flask, has_app_context

_bound: Flask | None = None


def bind_app(app: Flask | None) -> None:
    """Tell tasks which app to run in (the worker's, or a test's in-process consumer)."""
    global _bound
    _bound = app


def app_context() -> AbstractContextManager[object]:
    """The bound app's context, or none when the caller already has one."""
    if has_app_context():
        return nullcontext()
    if _bound is None:
        raise RuntimeError("No app is bound for background tasks: start the consumer with "
                           "`huey_consumer interview.worker.huey`.")
    return _bound.app_context()
