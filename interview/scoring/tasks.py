"""Background tasks for scoring, and the sweep that recovers interrupted work."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext

from flask import Flask, has_app_context
from huey import crontab

from interview.extensions import huey

log = logging.getLogger(__name__)


_bound: Flask | None = None


def bind_app(app: Flask | None) -> None:
    """Tell tasks which app to run in (the worker's, or a test's in-process consumer)."""
    global _bound
    _bound = app


def app_context() -> AbstractContextManager:
    """Inside the worker, tasks need the app; inline (immediate mode) it is already there."""
    if has_app_context():
        return nullcontext()
    if _bound is None:
        from interview.worker import app

        bind_app(app)
    return _bound.app_context()


@huey.task(retries=3, retry_delay=10)
def score_attempt_task(attempt_id: int) -> None:
    from interview.scoring.pipeline import score_attempt

    with app_context():
        score_attempt(attempt_id)


def requeue(on_startup: bool) -> int:
    from interview.scoring.pipeline import release_claims, stale_attempt_ids

    with app_context():
        if on_startup and huey.immediate is False:
            release_claims()
        ids = stale_attempt_ids(on_startup=on_startup)
    for attempt_id in ids:
        score_attempt_task(attempt_id)
    if ids:
        log.warning("re-queued %d unscored attempt(s): %s", len(ids), ids[:20])
    return len(ids)


@huey.on_startup()
def recover_on_startup() -> None:
    """A worker that starts re-queues attempts a killed worker left behind."""
    requeue(on_startup=True)


@huey.periodic_task(crontab(minute="*"))
def recover_periodically() -> None:
    requeue(on_startup=False)
