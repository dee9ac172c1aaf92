"""One transaction per request, command or task: services flush, the boundary commits.

A request that ends in a 4xx or 5xx rolls back, so a refused request leaves nothing behind;
a CLI command or task commits when it returns and rolls back when it raises. Work that must
wait until the data is really stored (queueing a task that reads it) registers with
`after_commit`.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response

from interview.extensions import db

_KEY = "after_commit"


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the current transaction commits; never if it rolls back."""
    db.session.info.setdefault(_KEY, []).append(callback)


def commit() -> None:
    """Commit, then run what waited for the commit (in the order it was registered)."""
    db.session.commit()
    for callback in db.session.info.pop(_KEY, []):
        callback()


def rollback() -> None:
    db.session.rollback()
    db.session.info.pop(_KEY, None)


def init_app(app: Flask) -> None:
    @app.after_request
    def _end_request(response: Response) -> Response:
        if response.status_code < 400:
            commit()
        else:
            rollback()
        return response

    @app.teardown_appcontext
    def _end_context(exc: BaseException | None) -> None:
        if exc is not None:
            rollback()
        elif db.session().in_transaction() or _KEY in db.session.info:
            commit()  # a CLI command or task that returned normally
