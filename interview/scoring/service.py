"""The one scoring entry point the app calls: LLM judge when configured, else offline.

A broken or unreachable LLM never breaks scoring: after the judge's retries the offline
score is returned, labelled "fallback", with the reason in `error`.
"""

from __future__ import annotations

import logging
from typing import Any

from interview.scoring.diagram import answer_for_scoring
from interview.scoring.judge import JudgeError, score_llm
from interview.scoring.rubric import score_offline
from interview.scoring.types import JudgeSettings, ScoreResult

log = logging.getLogger(__name__)


def score_answer(question: dict[str, Any], answer: str,
                 settings: JudgeSettings | None = None) -> ScoreResult:
    """Score an answer; raises only for a malformed question (no rubric, bad weights)."""
    if settings is None:
        return score_offline(question, answer_for_scoring(answer))
    try:
        return score_llm(question, answer, settings)
    except JudgeError as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - an unexpected judge bug must not lose the score
        log.exception("LLM judge crashed")
        error = f"unexpected: {type(exc).__name__}: {exc}"
    log.warning("LLM judge failed, using the offline scorer: %s", error)
    result = score_offline(question, answer_for_scoring(answer))
    result.scorer, result.error = "fallback", error
    return result
