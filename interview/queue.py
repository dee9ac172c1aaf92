"""Which app a background task runs in, and how many tasks may use each resource at once.

The worker (`interview.worker`) builds the app and binds it here before the consumer runs a
task; inline (Huey's immediate mode, tests) a task runs inside the caller's app context.
Nothing here imports the app, so task modules never pull in the pages.

The worker runs many threads because scoring mostly waits on an LLM. What a thread may do is
bounded by slots: `LLM_CONCURRENCY` requests to the judge (held per request, in
`scoring.llm`), and `CPU_CONCURRENCY` code runs or offline scorings (`cpu_slot` here).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from flask import Flask, has_app_context

from interview.config import CORES

_bound: Flask | None = None
_cpu = threading.BoundedSemaphore(CORES)

# Huey runs higher priorities first: a candidate waiting on "run the examples" goes before
# the scoring backlog; the minute's recovery sweep goes last.
PRIORITY_RUN = 20
PRIORITY_SCORE = 10
PRIORITY_SWEEP = 0


def bind_app(app: Flask | None) -> None:
    """Tell tasks which app to run in (the worker's, or a test's in-process consumer), and
    size the slots from its settings."""
    global _bound
    _bound = app
    if app is not None:
        configure_slots(app.config["LLM_CONCURRENCY"], app.config["CPU_CONCURRENCY"])


def configure_slots(llm_slots: int, cpu_slots: int) -> None:
    global _cpu
    from interview.scoring import llm

    llm.set_concurrency(llm_slots)
    _cpu = threading.BoundedSemaphore(max(1, cpu_slots))


@contextmanager
def cpu_slot() -> Iterator[None]:
    """Hold one CPU slot (a sandbox run, an offline scoring) for the block."""
    with _cpu:
        yield


def app_context() -> AbstractContextManager[object]:
    """The bound app's context, or none when the caller already has one."""
    if has_app_context():
        return nullcontext()
    if _bound is None:
        raise RuntimeError("No app is bound for background tasks: start the worker with "
                           "`python -m interview.worker`.")
    return _bound.app_context()
