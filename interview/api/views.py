"""What the app factory registers: a small blueprint whose binding sets up the whole API.

The factory registers `views.bp` like any capability's pages; registering it binds the
flask-smorest Api and its documented blueprints to the app, once.
"""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask.blueprints import BlueprintSetupState

from interview.api.core import PREFIX, init_api

bp = Blueprint("api", __name__, url_prefix=PREFIX)


def _blueprints() -> list:
    """Each capability's API endpoints, imported only when the API is bound."""
    from interview.bank import api as bank_api
    from interview.coaching import api as coaching_api
    from interview.practice import api as practice_api
    from interview.practice import api_progress
    from interview.resume import api as resume_api

    return [bank_api.blp, practice_api.blp, api_progress.blp, resume_api.blp, coaching_api.blp]


@bp.record_once
def _bind(state: BlueprintSetupState) -> None:
    init_api(state.app, _blueprints())


@bp.get("/docs")
def docs():
    """Interactive reference (Swagger UI, served from our own static files: no CDN)."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))
