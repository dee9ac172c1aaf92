"""Browse the bank: filter, search, read a question with hints one at a time."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required

from interview.bank import services
from interview.bank.schemas import KINDS, LEVELS
from interview.inputs import page_arg

bp = Blueprint("bank", __name__, url_prefix="/questions", template_folder="templates")


def _filter_from_args() -> services.QuestionFilter:
    args = request.args
    kind = args.get("kind") if args.get("kind") in KINDS else None
    level = args.get("level") if args.get("level") in LEVELS else None
    return services.QuestionFilter(kind=kind, level=level, topic=args.get("topic") or None,
                                   q=(args.get("q") or "")[:200] or None)


@bp.get("/")
@login_required
def index():
    """List questions with filters, search and pagination."""
    flt = _filter_from_args()
    page = page_arg()
    pagination = services.browse(flt, page, current_app.config["PER_PAGE"])
    return render_template("bank/index.html", pagination=pagination, flt=flt, kinds=KINDS,
                           levels=LEVELS, topics=services.all_topics())


@bp.get("/<qid>")
@login_required
def show(qid: str):
    """One question; `?hints=N` reveals the first N hints (works without JavaScript)."""
    question = services.get_question(qid)
    if question is None or question.current_version is None:
        abort(404)
    body = question.body
    shown = max(0, min(request.args.get("hints", 0, type=int), len(body["hints"])))
    return render_template("bank/show.html", question=question, body=body, shown=shown)
