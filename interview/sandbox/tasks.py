"""Run a candidate's code against the visible examples, in the worker."""

from __future__ import annotations

import logging

from interview.extensions import db, huey
from interview.scoring.tasks import app_context

log = logging.getLogger(__name__)


@huey.task()
def run_examples_task(run_id: int) -> None:
    from interview.practice.models import SessionItem
    from interview.sandbox.models import CodeRun
    from interview.sandbox.service import run_for_question

    with app_context():
        run = db.session.get(CodeRun, run_id)
        if run is None or run.status == "done":
            return
        item = db.session.get(SessionItem, run.item_id)
        try:
            run.verdict = run_for_question(run.code, item.body["coding"], include_hidden=False)
        except Exception as exc:  # report, never lose the request silently
            log.exception("run %s failed", run_id)
            run.verdict = {"status": "error", "message": f"The runner failed: {exc}",
                           "tests": [], "passed": 0, "total": 0}
        run.status = "done"
        db.session.commit()


def queue_examples_run(item, code: str):
    """Store the request, then queue it; the page polls for the verdict."""
    from interview.sandbox.models import CodeRun

    run = CodeRun(item_id=item.id, candidate_id=item.candidate_id, code=code)
    db.session.add(run)
    db.session.commit()
    run_examples_task(run.id)
    return run
