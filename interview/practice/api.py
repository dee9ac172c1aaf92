"""Practice over the API: start a session, read items, save drafts, submit, poll results.

The same services and the same rule as the practice pages: a session, item or attempt is
visible only to its candidate (anyone else, admins included, gets 404; coaches see their
candidates' work through the coaching endpoints). Ownership is checked before the body is
parsed, so a stranger learns nothing from validation messages either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import current_app, request, url_for
from flask_smorest import abort
from sqlalchemy import select

from interview.access import owns
from interview.api.core import api_user, fetch, limit_key, make_blueprint, page_body, setting
from interview.api.schemas import Error, PageArgs
from interview.extensions import db, limiter
from interview.practice import api_schemas as schemas
from interview.practice import assembly, services
from interview.practice.models import Attempt, PracticeSession, SessionItem

blp = make_blueprint("api_practice", "Sessions, answers and results.")


def _own(obj: Any) -> Any:
    """The object when it is the caller's own practice data; 404 otherwise."""
    if obj is None or not owns(api_user(), obj.candidate_id):
        abort(404, message="Nothing with this id among your practice.")
    return obj


def owned(model: type, key: str) -> Callable:
    """Check ownership of `model` (id in the URL as `key`) before anything else runs."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            _own(fetch(model, kwargs[key]))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _not_loop() -> bool:
    body = request.get_json(silent=True)
    return not isinstance(body, dict) or body.get("mode") != "loop"


def _question_ids(data: dict[str, Any]) -> list[str]:
    if data["mode"] == "loop":
        return assembly.assemble_loop(api_user())
    if data.get("question_ids"):
        return list(dict.fromkeys(data["question_ids"]))
    return assembly.pick_matching(data.get("kind"), data.get("level"), data.get("topic"),
                                  data["count"])


@blp.route("/sessions", methods=["POST"])
@limiter.limit(lambda: setting("API_EXPENSIVE_LIMIT"), key_func=limit_key,
               exempt_when=_not_loop)
@blp.arguments(schemas.StartSessionIn)
@blp.response(201, schemas.SessionOut)
@blp.alt_response(422, schema=Error, description="Invalid fields or no question")
def start_session(data: dict[str, Any]):
    """Start a full loop at your target level, or pick questions (by id or by filters)."""
    user = api_user()
    title = f"Full loop ({user.target_level})" if data["mode"] == "loop" else None
    try:
        ids = _question_ids(data)
        return services.start_session(user, ids, source=data["mode"], title=title)
    except services.PracticeError as exc:
        abort(422, message=str(exc))


@blp.route("/sessions", methods=["GET"])
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.SessionPage)
def list_sessions(page: int, per_page: int):
    """Your sessions, newest first."""
    stmt = (select(PracticeSession).where(PracticeSession.candidate_id == api_user().id)
            .order_by(PracticeSession.created_at.desc(), PracticeSession.id.desc()))
    return page_body(db.paginate(stmt, page=page, per_page=per_page, error_out=False),
                     per_page)


@blp.route("/sessions/<int:sid>", methods=["GET"])
@blp.response(200, schemas.SessionOut)
def get_session(sid: int):
    """One session with its items and which of them have an attempt."""
    return _own(fetch(PracticeSession, sid))


@blp.route("/items/<int:iid>", methods=["GET"])
@blp.response(200, schemas.ItemDetail)
def get_item(iid: int):
    """Read a question of a session. Like the page, the first read starts its clock."""
    item = services.open_item(_own(fetch(SessionItem, iid)))
    draft = services.get_draft(item)
    return _ItemDetail(item, seconds_left=services.seconds_left(item),
                       draft=draft.text if draft else None,
                       coding=item.body.get("coding") if item.is_code else None)


@dataclass(frozen=True)
class _ItemDetail:
    """An item with what only its detail shows; every other attribute is the item's."""

    item: SessionItem
    seconds_left: int | None
    draft: str | None
    coding: dict[str, Any] | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.item, name)


def _check_size(text: str) -> None:
    limit = current_app.config["MAX_ANSWER_CHARS"]
    if len(text) > limit:
        abort(413, message=f"The answer is {len(text):,} characters; the limit is "
                           f"{limit:,} characters.")


@blp.route("/items/<int:iid>/draft", methods=["POST"])
@owned(SessionItem, "iid")
@blp.arguments(schemas.AnswerIn)
@blp.response(200, schemas.DraftOut)
@blp.alt_response(409, schema=Error, description="Already submitted")
def save_draft(data: dict[str, str], iid: int):
    """Keep the latest unsent text (last write wins)."""
    item = _own(fetch(SessionItem, iid))
    if item.attempt is not None:
        abort(409, message="This question is already submitted; the draft was not changed.")
    _check_size(data["answer"])
    return services.save_draft(item, data["answer"], current_app.config["MAX_ANSWER_CHARS"])


def attempt_ref(attempt: Attempt) -> dict[str, Any]:
    return {"id": attempt.id, "status": attempt.status, "late": attempt.late,
            "url": url_for("api_practice.get_attempt", aid=attempt.id),
            "status_url": url_for("api_practice.attempt_status", aid=attempt.id)}


@blp.route("/items/<int:iid>/submit", methods=["POST"])
@limiter.limit(lambda: setting("API_SUBMIT_LIMIT"), key_func=limit_key)
@owned(SessionItem, "iid")
@blp.arguments(schemas.AnswerIn)
@blp.response(202, schemas.AttemptRef)
@blp.alt_response(409, schema=Error, description="Already submitted")
def submit(data: dict[str, str], iid: int):
    """Store the answer and queue scoring; poll `status_url` until `ready` is true."""
    item = _own(fetch(SessionItem, iid))
    if item.attempt is not None:
        abort(409, message="This question was already submitted; the first answer is kept.",
              headers={"Location": url_for("api_practice.get_attempt", aid=item.attempt.id)})
    _check_size(data["answer"])
    try:
        attempt = services.submit(item, data["answer"], current_app.config["MAX_ANSWER_CHARS"])
    except services.PracticeError as exc:
        abort(422, message=str(exc), errors={"answer": [str(exc)]})
    ref = attempt_ref(attempt)
    return ref, 202, {"Location": ref["url"]}


@blp.route("/attempts/<int:aid>", methods=["GET"])
@blp.response(200, schemas.AttemptOut)
def get_attempt(aid: int):
    """The answer and, once scored, the score per rubric point and the model answer."""
    return _own(fetch(Attempt, aid))


@blp.route("/attempts/<int:aid>/status", methods=["GET"])
@blp.response(200, schemas.AttemptStatus)
def attempt_status(aid: int):
    """Cheap to poll: whether the score is ready."""
    attempt = _own(fetch(Attempt, aid))
    score = attempt.score
    return {"status": attempt.status, "ready": score is not None,
            "total": score.total if score else None}
