"""The background worker's entry: `python -m interview.worker` (or
`huey_consumer interview.worker.huey -k thread -w N`).

It builds the app once so tasks run with the same configuration and database as the web
processes, binds it for the tasks, and imports the task modules so the consumer knows every
task name. `python -m interview.worker` starts `WORKER_THREADS` threads (by default
`LLM_CONCURRENCY + CPU_CONCURRENCY`): most of them wait on the judge, and the slots in
`interview.queue` bound what each kind of work may use. The models the offline scorer needs
are loaded when the worker starts, not by the first answer.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from interview import create_app
from interview.config import config_for
from interview.extensions import huey
from interview.practice import code as _code  # noqa: F401 - the engines load at start,
from interview.practice import lifecycle as _lifecycle  # noqa: F401 - not on the first answer
from interview.practice import speech as _speech_tasks  # noqa: F401 - registers the tasks
from interview.practice import tasks as _practice_tasks  # noqa: F401 - registers the tasks
from interview.queue import bind_app
from interview.resume import tasks as _resume_tasks  # noqa: F401 - registers the task

IMPORTED = time.monotonic()  # the app, the tasks and the scoring engines are imported
# An idle thread polls the queue at most this long apart (Huey's default backs off to 10 s,
# which a candidate waiting for a score would feel after every quiet spell).
POLL_MAX_DELAY = 0.5
log = logging.getLogger("interview.worker")


def _engine_options() -> dict[str, object]:
    """A database connection for every thread that may hold one (a thread writing
    follow-ups keeps its transaction open across the LLM request)."""
    cfg = config_for()
    options = dict(cfg.SQLALCHEMY_ENGINE_OPTIONS)
    if cfg.SQLALCHEMY_DATABASE_URI not in ("sqlite://", "sqlite:///:memory:"):
        options.setdefault("pool_size", cfg.WORKER_THREADS)
        options.setdefault("max_overflow", 4)
    return options


app = create_app(SQLALCHEMY_ENGINE_OPTIONS=_engine_options())
bind_app(app)
_warmed = threading.Lock()


@huey.on_startup()
def warm_models() -> None:
    """Load the embedding model and the scorer's code paths once, at start-up (Huey calls
    this hook in every consumer thread; the first one does the work)."""
    if not _warmed.acquire(blocking=False):
        return
    from interview.scoring import embeddings
    from interview.scoring.service import score_answer

    began = time.monotonic()
    embeddings.embed(["warm up the embedding model"])
    try:  # one offline scoring walks every lazy path of the scorer once
        score_answer({"prompt": "Why monitor a model after launch?", "kind": "concept",
                      "model_answer": "Input drift and label drift erode accuracy, so track "
                                      "feature distributions and delayed labels."},
                     "I would track feature drift and compare predictions with late labels.")
    except Exception:  # noqa: BLE001 - warming is best effort; a real answer will say more
        log.warning("warming the offline scorer failed", exc_info=True)
    log.info("worker ready: models loaded in %.2f s, %.2f s after the imports",
             time.monotonic() - began, time.monotonic() - IMPORTED)


def main() -> None:
    """Run the consumer with the configured number of threads."""
    threads = int(app.config["WORKER_THREADS"])
    logging.getLogger("huey").setLevel(os.environ.get("HUEY_LOG_LEVEL", "WARNING"))
    consumer = huey.create_consumer(workers=threads, worker_type="thread",
                                    initial_delay=0.05, max_delay=POLL_MAX_DELAY,
                                    check_worker_health=True)
    consumer.run()


__all__ = ["app", "huey", "main"]

if __name__ == "__main__":
    main()
