"""After a score: one or two follow-up questions aimed at the weakest rubric points."""

from __future__ import annotations

import logging
import re

from sqlalchemy import func, select

from interview.bank.schemas import follow_up_rubric, follow_up_text
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
                   ) -> str | dict | None:
    """The bank follow-up whose words overlap most with the points' text and terms; one
    that shares no word with them is not asked (it would be scored on a point it does not
    ask about)."""
    target = _words(" ".join(p["point"] + " " + p["strong"] + " " + " ".join(p["terms"])
                             for p in points))
    options = [f for f in follow_ups if follow_up_text(f) not in used]
    best = max(options, key=lambda f: len(_words(follow_up_text(f)) & target), default=None)
    if best is None or not (_words(follow_up_text(best)) & target or follow_up_rubric(best)):
        return None
    return best


def follow_up_for(point: dict, body: dict, answer: str, settings: JudgeSettings | None,
                  used: set[str]) -> tuple[str, list[dict]] | None:
    """(question, rubric) for one weak point: the LLM's question scored on that point, or a
    bank follow-up scored on its own rubric (the point itself where the bank gives none)."""
    written = write_follow_up(point, body["prompt"], answer, settings) if settings else None
    if written:
        return written, [point]
    chosen = best_follow_up([point], body.get("follow_ups", []), used)
    if chosen is None:
        return None
    return follow_up_text(chosen), follow_up_rubric(chosen) or [point]


def add_follow_ups(attempt: Attempt, score: Score,
                   settings: JudgeSettings | None) -> list[SessionItem]:
    """Append follow-up items to the session (LLM-written when `settings` allow, the bank's
    otherwise); none for a follow-up's own answer, nor once the candidate ended the session.
    Flushes; the caller commits."""
    item = attempt.item
    if item.follow_up is not None or item.session.ended_early:
        return []
    body = item.body
    created: list[SessionItem] = []
    used: set[str] = set()
    for point in weakest_points(score, body):  # one follow-up per weak point, two at most
        found = follow_up_for(point, body, attempt.answer, settings, used)
        if found is None:
            break
        text, rubric = found
        used.add(text)
        created.append(_append(item, text, [point["id"]], rubric))
    if created:
        item.session.finished_at = None
    db.session.flush()
    return created


def _append(parent: SessionItem, prompt: str, point_ids: list[str],
            rubric: list[dict]) -> SessionItem:
    last = db.session.scalar(select(func.max(SessionItem.position))
                             .where(SessionItem.session_id == parent.session_id)) or 0
    child = SessionItem(session_id=parent.session_id, candidate_id=parent.candidate_id,
                        position=last + 1, question_version_id=parent.question_version_id,
                        parent_item_id=parent.id, time_limit_minutes=max(3, min(
                            10, parent.time_limit_minutes // 3)),
                        follow_up={"prompt": prompt, "points": point_ids,
                                   "rubric": rubric})
    db.session.add(child)
    return child
