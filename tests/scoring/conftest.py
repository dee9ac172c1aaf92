"""Fixtures for the scoring tests: a fake judge server on loopback and sample questions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # so `tests.fake_llm` imports however pytest was started
    sys.path.insert(0, str(REPO))

from interview.scoring.types import JudgeSettings  # noqa: E402
from tests.fake_llm import FakeLLMServer  # noqa: E402

DRIFT_QUESTION = {
    "prompt": "Tell me about a time a model in production got worse and nobody noticed at first.",
    "kind": "behavioral",
    "rubric": [
        {"id": "situation", "point": "Sets the scene briefly", "weight": 15,
         "strong": "The system, its users and the stakes in two sentences",
         "terms": ["situation | context", "users | customers"]},
        {"id": "action", "point": "Own actions to find and fix the cause", "weight": 35,
         "strong": "How they detected it and traced it to a cause",
         "terms": ["investigated | traced | root cause", "drift | distribution shift"]},
        {"id": "result", "point": "A measurable result", "weight": 25,
         "strong": "Numbers before and after",
         "terms": ["recovered | improved", "percent | metric"]},
        {"id": "reflection", "point": "What changed afterwards", "weight": 25,
         "strong": "Monitoring or process added so it cannot recur silently",
         "terms": ["alert | monitoring | dashboard", "learned | lesson | next time"]},
    ],
    "model_answer": "Situation, detection, root cause, a fix with numbers, new monitoring.",
}

GOOD_ANSWER = (
    "Our pricing model served quotes to about forty thousand customers a day, so errors cost "
    "revenue directly. Over two months the conversion rate slipped and nobody noticed because "
    "we only watched latency. I investigated the inputs and traced the root cause to a currency "
    "field that a partner started sending in cents, which caused a distribution shift in our "
    "main feature. I fixed the conversion, retrained the model, and conversion recovered by "
    "six percent within two weeks. Since then we run drift monitoring with an alert on every "
    "input feature, and the lesson I learned is that each upstream source needs an owner."
)


@pytest.fixture(scope="session")
def drift_question() -> dict:
    return DRIFT_QUESTION


@pytest.fixture(scope="session")
def good_answer() -> str:
    return GOOD_ANSWER


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    """A fresh fake judge per test, so scripted behaviours never leak between tests."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def judge_settings(fake_llm: FakeLLMServer) -> JudgeSettings:
    """Short timeouts and backoff so failure tests run in well under a second each."""
    return JudgeSettings(base_url=fake_llm.url, api_key="test-key", model="fake-judge",
                         timeout=0.5, max_retries=2, backoff=0.01)
