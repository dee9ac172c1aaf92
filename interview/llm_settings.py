"""The app's LLM settings, read from config: one reader for the judge, the follow-up writer
and the resume's bullet rewriter (None when no LLM is configured)."""

from __future__ import annotations

from flask import current_app

from interview.scoring.types import JudgeSettings


def judge_settings() -> JudgeSettings | None:
    cfg = current_app.config
    if not (cfg.get("LLM_MODEL") and (cfg.get("LLM_BASE_URL") or cfg.get("LLM_API_KEY"))):
        return None
    return JudgeSettings(base_url=cfg["LLM_BASE_URL"] or None, api_key=cfg["LLM_API_KEY"] or "none",
                         model=cfg["LLM_MODEL"], timeout=cfg["LLM_TIMEOUT"],
                         max_retries=cfg["LLM_MAX_RETRIES"])
