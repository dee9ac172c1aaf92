"""From a stored attempt to a stored score: sandbox (for code), scorer, follow-ups.

The app's side of scoring: it reads the settings, hands the engines plain data and stores
what they return. Idempotent per attempt: a task that runs twice, or after a crash, finds
the score already written or claims the attempt again once its claim has gone stale.
Everything here flushes; the task (practice/tasks.py) commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, or_, select, update

from interview.accounts.models import User
from interview.clock import utcnow
from interview.extensions import db
from interview.llm_settings import judge_settings
from interview.practice.code import code_only, run_for_question
from interview.practice.followups import add_follow_ups
from interview.practice.models import Attempt, CriterionScore, Score, SessionItem
from interview.queue import cpu_slot
from interview.scoring.service import score_answer
from interview.scoring.types import CriterionResult, JudgeSettings, ScoreResult

log = logging.getLogger(__name__)
CODE_TEST_WEIGHT = 50  # share of a coding answer's score that comes from its tests
TESTS_CAP = 0.8  # a coding total is at most this times the share of tests passed


def claim(attempt_id: int) -> bool:
    """Mark the attempt as being scored, unless someone scored or holds it (fresh claim)."""
    stale = utcnow() - timedelta(seconds=current_app.config["SCORING_GRACE_SECONDS"])
    # An UPDATE returns a CursorResult (which has rowcount); Session.execute is typed as
    # returning the plain Result whatever the statement.
    result = cast("CursorResult[Any]", db.session.execute(
        update(Attempt).where(Attempt.id == attempt_id).where(or_(
            Attempt.status == "pending",
            (Attempt.status == "scoring") & (Attempt.scoring_started_at < stale)))
        .values(status="scoring", scoring_started_at=utcnow())))
    return bool(result.rowcount == 1)


def question_for_scoring(item: SessionItem) -> dict[str, Any]:
    """The rubric the answer is judged on (with the bank's per-level `seniority` descriptors
    on each point) and the candidate's target level; a follow-up is judged on what it asks.

    A follow-up's text may have been written by an LLM from the candidate's own answer, so
    it is marked untrusted: the judge fences it and checks it rather than obeying it.
    """
    body = item.body
    candidate = db.session.get(User, item.candidate_id)
    question = {"prompt": item.prompt, "rubric": body["rubric"], "kind": body["kind"],
                "model_answer": body.get("model_answer", ""),
                "target_level": getattr(candidate, "target_level", None)}
    if item.follow_up:
        question["rubric"] = stored_follow_up_rubric(item.follow_up, body["rubric"])
        # The parent's model answer answers another question; what a strong answer to this
        # one says is in its rubric.
        question["model_answer"] = " ".join(p["strong"] for p in question["rubric"])
        question["untrusted_prompt"] = True
        question["follow_up_of"] = body["prompt"]
    return question


def stored_follow_up_rubric(follow_up: dict[str, Any], parent: list[dict[str, Any]]
                            ) -> list[dict[str, Any]]:
    """What a follow-up is scored on: the rubric stored with it (older follow-ups stored only
    the parent's point ids they target)."""
    if follow_up.get("rubric"):
        return list(follow_up["rubric"])
    wanted = set(follow_up.get("points", []))
    return [p for p in parent if p["id"] in wanted] or parent


@dataclass
class Work:
    """What scoring one attempt needs, read from the database up front: plain data, so the
    task can end its transaction (and give back its connection) while code runs and the
    judge thinks."""

    attempt_id: int
    answer: str
    is_code: bool
    coding: dict[str, Any] | None
    question: dict[str, Any]
    settings: JudgeSettings | None


def score_attempt(attempt_id: int) -> Score | None:
    """Score a claimed attempt: run its code, score it, store it, add follow-ups."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.score is not None:
        return attempt.score if attempt else None
    work = prepare(attempt_id)
    if work is None:  # pragma: no cover - checked just above
        return attempt.score
    result, verdict = evaluate(work)
    score = store_result(attempt_id, result, verdict)
    add_follow_ups(attempt, score, work.settings)
    return score


def prepare(attempt_id: int) -> Work | None:
    """Everything scoring needs, or None when the attempt is gone or already scored."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.score is not None:
        return None
    db.session.refresh(attempt)
    item = attempt.item
    return Work(attempt_id=attempt.id, answer=attempt.answer, is_code=item.is_code,
                coding=item.body.get("coding") if item.is_code else None,
                question=question_for_scoring(item), settings=judge_settings())


def evaluate(work: Work) -> tuple[ScoreResult, dict[str, Any] | None]:
    """Run the code (a CPU slot) and score the answer (the judge's slots, or a CPU slot
    for the offline scorer). Touches no database."""
    verdict = None
    if work.is_code and work.coding is not None:
        with cpu_slot():
            verdict = run_for_question(work.answer, work.coding, include_hidden=True)
    answer = code_only(work.answer) if verdict is not None else work.answer
    if work.settings is None:
        with cpu_slot():
            result = score_answer(work.question, answer, None)
    else:
        result = score_answer(work.question, answer, work.settings)
    if verdict is not None:
        result = merge_code_verdict(result, verdict)
    return result, verdict


def store_result(attempt_id: int, result: ScoreResult, verdict: dict[str, Any] | None
                 ) -> Score:
    """Store the score unless another worker stored one meanwhile (then keep theirs)."""
    attempt = db.session.get_one(Attempt, attempt_id)
    if attempt.score is not None:
        return attempt.score
    return store(attempt, result, verdict)


def follow_ups(attempt_id: int) -> None:
    """Add the follow-ups of a scored attempt (LLM-written when a judge is set)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.score is None:
        return
    add_follow_ups(attempt, attempt.score, judge_settings())


def run_code(attempt: Attempt) -> dict[str, Any]:
    return run_for_question(attempt.answer, attempt.item.body["coding"], include_hidden=True)


def merge_code_verdict(result: ScoreResult, verdict: dict[str, Any]) -> ScoreResult:
    """Tests decide half of a coding score; the rubric judges the rest (clarity, complexity)."""
    total = verdict.get("total") or 0
    passed = (verdict.get("passed", 0) / total) if total else 0.0
    rubric_weight = sum(c.weight for c in result.criteria) or 1
    scale = (100 - CODE_TEST_WEIGHT) / rubric_weight
    for c in result.criteria:
        c.weight = c.weight * scale
    tests = CriterionResult(
        point_id="tests", point="Passes the visible and hidden tests", weight=CODE_TEST_WEIGHT,
        score=passed, quote=None,
        feedback=f"{verdict.get('passed', 0)} of {total} tests passed ({verdict.get('status')}). "
                 + (verdict.get("message") or ""))
    result.criteria.insert(0, tests)
    total = sum(c.weight * c.score for c in result.criteria) / 100
    result.total = min(total, tests_cap(passed))
    return result


def tests_cap(passed: float) -> float:
    """Hidden tests decide correctness: failing any caps the total at 80% of the share
    passed (half the tests passed: at most 40%), whatever the rubric found."""
    return 1.0 if passed >= 1.0 else TESTS_CAP * passed


def store(attempt: Attempt, result: ScoreResult, verdict: dict[str, Any] | None) -> Score:
    score = Score(attempt_id=attempt.id, scorer=result.scorer, model=result.model,
                  prompt_version=result.prompt_version, total=round(result.total, 4),
                  feedback=result.feedback,
                  injection=list(result.injection), error=result.error, code_verdict=verdict)
    for position, c in enumerate(result.criteria):
        quote = c.quote if c.quote and c.quote in attempt.answer else None
        score.criteria.append(CriterionScore(
            position=position, point_id=c.point_id, point=c.point[:300], weight=c.weight,
            score=round(c.score, 4), quote=quote, feedback=c.feedback))
    db.session.add(score)
    attempt.status = "scored"
    db.session.flush()
    return score


def stale_attempt_ids(on_startup: bool = False, limit: int = 1000) -> list[int]:
    """Attempts whose task was lost or whose worker died mid-scoring.

    On start-up every unscored attempt qualifies (no worker can be holding one); later, only
    those older than the grace period, so a task still in the queue is not doubled.
    """
    stale = utcnow() - timedelta(seconds=current_app.config["SCORING_GRACE_SECONDS"])
    stmt = select(Attempt.id).where(Attempt.status.in_(("pending", "scoring")))
    if not on_startup:
        stmt = stmt.where(Attempt.submitted_at < stale).where(or_(
            Attempt.scoring_started_at.is_(None), Attempt.scoring_started_at < stale))
    return list(db.session.scalars(stmt.order_by(Attempt.id).limit(limit)))


def release_claims() -> None:
    """On worker start no attempt can be in the middle of scoring: make them claimable now."""
    db.session.execute(update(Attempt).where(Attempt.status == "scoring")
                       .values(status="pending", scoring_started_at=None))
