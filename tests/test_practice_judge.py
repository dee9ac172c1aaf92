"""What the app hands the LLM judge and keeps from it: levels, untrusted follow-ups, the
prompt version and model."""

from __future__ import annotations

from sqlalchemy import select

from interview.extensions import db
from interview.practice.lifecycle import question_for_scoring
from interview.practice.models import SessionItem
from tests.fake_llm import FakeLLMServer, auto, success
from tests.test_practice import GOOD, LIMIT, start, submit


def test_the_judge_gets_levels_and_the_score_keeps_its_prompt_version(app, bank, make_user):
    from interview.scoring.judge import PROMPT_VERSION

    with FakeLLMServer() as llm:
        app.config.update(LLM_BASE_URL=llm.url, LLM_API_KEY="k", LLM_MODEL="fake",
                          LLM_TIMEOUT=5)
        written = "Which guardrail metric would stop clickbait from winning, and why?"
        llm.enqueue(auto(0.5), success({"question": written}), success({"question": written}))
        item = start(make_user(target_level="senior")).items[0]
        question = question_for_scoring(item)
        assert question["target_level"] == "senior"
        assert any(p.get("seniority") for p in question["rubric"])
        attempt = submit(item, GOOD, LIMIT)
        db.session.refresh(attempt)
        system = llm.chat_requests()[0].contents("system")[0]
        follow_up = db.session.scalars(select(SessionItem).where(
            SessionItem.parent_item_id == item.id).order_by(SessionItem.position)).first()
        judged = question_for_scoring(follow_up)
    assert (attempt.score.scorer, attempt.score.model) == ("llm", "fake")
    assert attempt.score.prompt_version == PROMPT_VERSION
    assert "preparing for a senior role" in system
    assert judged["untrusted_prompt"] is True and judged["prompt"] == written
    assert judged["follow_up_of"] == item.body["prompt"]
