"""After a score: one or two follow-up questions aimed at the weakest rubric points."""

from __future__ import annotations

import logging
import re

from sqlalchemy import func, select

from interview.bank.schemas import follow_up_text
from interview.extensions import db
from interview.practice.models import Attempt, Score, SessionItem
from interview.scoring.followup import write_follow_up
from interview.scoring.types import JudgeSettings

log = logging.getLogger(__name__)
WEAK = 0.7
_word = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return {w for w in _word.findall(text.lower()) if len(w) > 3}


def weakest_points(score: Score, body: dict, n: int = 2) -> list[dict]:
    """Rubric points scored below WEAK, weakest first (at least one point)."""
    by_id = {p["id"]: p for p in body["rubric"]}
    ranked = sorted((c for c in score.criteria if c.point_id in by_id), key=lambda c: c.score)
    if not ranked:
        return []
    weak = [by_id[c.point_id] for c in ranked if c.score < WEAK][:n]
    return weak or [by_id[ranked[0].point_id]]


def best_follow_up(points: list[dict], follow_ups: list[str | dict], used: set[str]
                   ) -> str | None:
    """The bank follow-up whose words overlap most with the points' text and terms."""
    target = _words(" ".join(p["point"] + " " + p["strong"] + " " + " ".join(p["terms"])
                             for p in points))
    options = [t for t in map(follow_up_text, follow_ups) if t not in used]
    return max(options, key=lambda f: len(_words(f) & target), default=None)


def add_follow_ups(attempt: Attempt, score: Score,
                   settings: JudgeSettings | None) -> list[SessionItem]:
    """Append follow-up items to the session (LLM-written when `settings` allow, the bank's
    otherwise); none for a follow-up's own answer. Flushes; the caller commits."""
    item = attempt.item
    if item.follow_up is not None:
        return []
    body = item.body
    created: list[SessionItem] = []
    used: set[str] = set()
    for point in weakest_points(score, body):  # one follow-up per weak point, two at most
        written = (write_follow_up(point, body["prompt"], attempt.answer, settings)
                   if settings else None)
        text = written or best_follow_up([point], body["follow_ups"], used)
        if text is None:
            break
        used.add(text)
        created.append(_append(item, text, [point["id"]]))
    if created:
        item.session.finished_at = None
    db.session.flush()
    return created


def _append(parent: SessionItem, prompt: str, point_ids: list[str]) -> SessionItem:
    last = db.session.scalar(select(func.max(SessionItem.position))
                             .where(SessionItem.session_id == parent.session_id)) or 0
    child = SessionItem(session_id=parent.session_id, candidate_id=parent.candidate_id,
                        position=last + 1, question_version_id=parent.question_version_id,
                        parent_item_id=parent.id, time_limit_minutes=max(3, min(
                            10, parent.time_limit_minutes // 3)),
                        follow_up={"prompt": prompt, "points": point_ids})
    db.session.add(child)
    return child
