"""Browse the bank: filter, search, read a question with hints one at a time."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from interview.access import safe_next_url
from interview.bank import services
from interview.bank.models import Question
from interview.bank.schemas import KIND_LABELS, KINDS, LEVELS
from interview.inputs import page_arg

bp = Blueprint("bank", __name__, url_prefix="/questions", template_folder="templates")


@bp.app_template_global()
def kind_label(kind: str) -> str:
    """"ML fundamentals" for ml_fundamentals: one spelling of each kind on every page."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


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
    saved_only = request.args.get("saved") == "1"
    pagination = services.browse(flt, page, current_app.config["PER_PAGE"],
                                 saved_by=current_user.id if saved_only else None)
    ids = [q.id for q in pagination.items]
    return render_template("bank/index.html", pagination=pagination, flt=flt, kinds=KINDS,
                           levels=LEVELS, topics=services.all_topics(), saved_only=saved_only,
                           saved=services.bookmarked_ids(current_user.id, ids))


@bp.get("/overview")
def overview():
    """Public: what the bank holds, kind by kind (no sign-in needed)."""
    kinds = services.kind_overview()
    return render_template("bank/overview.html", kinds=kinds,
                           total=sum(k["count"] for k in kinds))


def _active_or_404(qid: str) -> Question:
    """A question that exists and has a current version; anything else is a 404."""
    question = services.get_question(qid)
    if question is None or question.current_version is None:
        abort(404)
    return question


@bp.post("/<qid>/bookmark")
@login_required
def bookmark(qid: str):
    """Save or unsave a question, then go back to the page it was done from."""
    question = _active_or_404(qid)
    now_saved = services.toggle_bookmark(current_user.id, question)
    flash(f"“{question.title}” {'saved' if now_saved else 'removed from your saved questions'}.",
          "success")
    back = safe_next_url(request.form.get("next"))
    return redirect(back or url_for(".show", qid=qid))


@bp.get("/<qid>")
@login_required
def show(qid: str):
    """One question; `?hints=N` reveals the first N hints (works without JavaScript)."""
    question = _active_or_404(qid)
    body = question.body
    shown = max(0, min(request.args.get("hints", 0, type=int), len(body["hints"])))
    return render_template("bank/show.html", question=question, body=body, shown=shown,
                           saved=bool(services.bookmarked_ids(current_user.id, [question.id])))
