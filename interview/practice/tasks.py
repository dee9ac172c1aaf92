"""Background tasks of practice: score an attempt, run code examples, and the sweep that
recovers work a dead worker left behind.

Each task is one transaction per step: the lifecycle functions flush, the task commits.
The pages import this module to queue work; the scoring engines (the judge's HTTP client,
NumPy, the sandbox) are imported by the task bodies, so a web process that only queues
never loads them.
"""

from __future__ import annotations

import logging
import threading

from flask import current_app
from huey import crontab

from interview.extensions import db, huey
from interview.practice.models import CodeRun, SessionItem
from interview.queue import PRIORITY_RUN, PRIORITY_SCORE, PRIORITY_SWEEP, app_context, cpu_slot
from interview.sandbox.runner import sweep_stale_workdirs

log = logging.getLogger(__name__)


@huey.task(retries=3, retry_delay=10, priority=PRIORITY_SCORE)
def score_attempt_task(attempt_id: int) -> None:
    """Claim, read, score outside any transaction, store; then write the follow-ups.

    The score is committed as soon as it exists (the result page is waiting for it); the
    follow-ups, one more LLM request each when a judge is set, come in a second commit.
    """
    from interview.practice import lifecycle

    with app_context():
        claimed = lifecycle.claim(attempt_id)
        db.session.commit()  # the claim is visible to other workers at once
        if not claimed:
            return
        work = lifecycle.prepare(attempt_id)
        db.session.commit()  # no connection is held while code runs or the judge thinks
        if work is None:
            return
        result, verdict = lifecycle.evaluate(work)
        lifecycle.store_result(attempt_id, result, verdict)
        db.session.commit()
        lifecycle.follow_ups(attempt_id)
        db.session.commit()


def enqueue_scoring(attempt_id: int) -> None:
    """Queue the attempt; if the queue itself is down the recovery sweep picks it up."""
    try:
        score_attempt_task(attempt_id)
    except Exception:  # the answer is stored; a broken queue must not lose or 500 it
        log.exception("could not queue attempt %s; the recovery sweep will retry", attempt_id)


def requeue(on_startup: bool) -> int:
    from interview.practice import lifecycle

    with app_context():
        if on_startup and huey.immediate is False:
            lifecycle.release_claims()
            db.session.commit()
        ids = lifecycle.stale_attempt_ids(on_startup=on_startup)
    for attempt_id in ids:
        score_attempt_task(attempt_id)
    if ids:
        log.warning("re-queued %d unscored attempt(s): %s", len(ids), ids[:20])
    return len(ids)


_recovered = threading.Lock()


@huey.on_startup()
def recover_on_startup() -> None:
    """A worker that starts re-queues attempts a killed worker left behind: once per
    process, although Huey calls this hook in every consumer thread."""
    if _recovered.acquire(blocking=False):  # never released: the first thread does it
        with app_context():
            stale = 2 * current_app.config["SANDBOX_WALL_SECONDS"] + 60
        removed = sweep_stale_workdirs(older_than_seconds=stale)
        if removed:
            log.warning("removed %d sandbox folder(s) a killed worker left behind", removed)
        requeue(on_startup=True)


@huey.periodic_task(crontab(minute="*"), priority=PRIORITY_SWEEP)
def recover_periodically() -> None:
    requeue(on_startup=False)


@huey.task(priority=PRIORITY_RUN)
def run_examples_task(run_id: int) -> None:
    """Run a candidate's code against the visible examples and store the verdict."""
    from interview.practice import code

    with app_context():
        run = db.session.get(CodeRun, run_id)
        if run is None or run.status == "done":
            return
        try:
            item = db.session.get_one(SessionItem, run.item_id)
            source, coding, inputs = run.code, item.body["coding"], run.inputs
            db.session.commit()  # hold no connection while the code runs
            with cpu_slot():
                if inputs is not None:
                    verdict = code.run_with_inputs(source, coding, inputs)
                else:
                    verdict = code.run_for_question(source, coding, include_hidden=False)
            run = db.session.get_one(CodeRun, run_id)
            run.verdict = verdict
        except Exception as exc:  # report, never lose the request silently
            log.exception("run %s failed", run_id)
            run.verdict = {"status": "error", "message": f"The runner failed: {exc}",
                           "tests": [], "passed": 0, "total": 0}
        run.status = "done"
        db.session.commit()


def queue_examples_run(item: SessionItem, source: str,
                       inputs: list | None = None) -> CodeRun:
    """Store the request, then queue it; the page polls for the verdict. With `inputs` the
    code runs once on those arguments instead of on the visible examples."""
    run = CodeRun(item_id=item.id, candidate_id=item.candidate_id, code=source, inputs=inputs)
    db.session.add(run)
    db.session.commit()  # stored before the worker can look for it
    run_examples_task(run.id)
    return run
