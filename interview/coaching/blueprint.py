"""The coaching blueprint: the coach's pages (views.py) and the candidate's side
(views_candidate.py) both add their routes to it; the factory imports both."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("coaching", __name__, template_folder="templates")
