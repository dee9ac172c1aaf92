"""Questions: list, filter, search and read one, like the question pages."""

from __future__ import annotations

from typing import Any

from flask_smorest import abort

from interview.api.core import make_blueprint, page_body
from interview.api.schemas import Error
from interview.bank import api_schemas as schemas
from interview.bank import services
from interview.bank.models import Question
from interview.bank.schemas import follow_up_text

blp = make_blueprint("api_questions", "The question bank: filter, search, read.")


@blp.route("/questions", methods=["GET"])
@blp.arguments(schemas.QuestionArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.QuestionPage)
def list_questions(page: int, per_page: int, **filters: str):
    """Active questions; `q` searches titles, prompts and topics."""
    flt = services.QuestionFilter(**filters)
    return page_body(services.browse(flt, page, per_page), per_page)


def question_body(question: Question) -> dict[str, Any]:
    body = question.body
    coding = body.get("coding")
    return {"id": question.id, "kind": question.kind, "title": question.title,
            "level_names": question.level_names, "topic_ids": question.topic_ids,
            "time_limit_minutes": question.time_limit_minutes, "prompt": body["prompt"],
            "hints": body.get("hints", []), 
            "follow_ups": [follow_up_text(f) for f in body.get("follow_ups", [])],
            "coding": coding}


@blp.route("/questions/<string:qid>", methods=["GET"])
@blp.response(200, schemas.QuestionDetail)
@blp.alt_response(404, schema=Error, description="No such question")
def get_question(qid: str):
    """One question with its hints and follow-ups (never the rubric or model answer)."""
    question = None if "\x00" in qid else services.get_question(qid)
    if question is not None and question.current_version is not None:
        return question_body(question)
    abort(404, message="No question with this id.")
