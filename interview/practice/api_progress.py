"""History and progress: the numbers behind the history page."""

from __future__ import annotations

from flask_smorest import abort

from interview.accounts.models import Role
from interview.api.core import api_user, make_blueprint, page_body
from interview.extensions import db
from interview.practice import api_schemas as schemas
from interview.practice import progress

blp = make_blueprint("api_progress", "Your attempts over time and what to practise next.")


@blp.route("/history", methods=["GET"])
@blp.arguments(schemas.HistoryArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.HistoryPage)
def history(page: int, per_page: int, **filters: str):
    """Your attempts, newest first, filtered by kind, topic or scoring status."""
    stmt = progress.history_query(api_user().id, progress.HistoryFilter(**filters))
    return page_body(db.paginate(stmt, page=page, per_page=per_page, error_out=False),
                     per_page)


@blp.route("/progress", methods=["GET"])
@blp.response(200, schemas.ProgressOut)
def get_progress():
    """Mean per topic, weakest topics, weekly trend per kind, readiness, recommendations."""
    user = api_user()
    if user.role not in set(Role):
        abort(403)
    summary = progress.summary(user.id, user.target_level)
    trend = {kind: [vars(p) for p in points] for kind, points in summary["trend"].items()}
    return {"topic_averages": summary["averages"],
            "weakest_topics": [{"topic": t, "mean": m} for t, m in summary["weak"]],
            "trend": trend, "readiness": summary["readiness"],
            "recommendations": progress.recommended_questions(summary["recommended_ids"])}
