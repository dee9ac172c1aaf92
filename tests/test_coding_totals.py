"""Coding totals that match the tests: hidden tests decide correctness, and the rubric is read
from the code itself, not from comments or docstrings that claim what it does."""

from __future__ import annotations

import pytest

from interview.practice.code import code_only
from interview.practice.lifecycle import merge_code_verdict
from interview.scoring.rubric import score_offline
from interview.scoring.types import CriterionResult, ScoreResult


def perfect_rubric() -> ScoreResult:
    criteria = [CriterionResult(point_id=p, point=p, weight=50, score=1.0, quote=None,
                                feedback="") for p in ("stable", "clear")]
    return ScoreResult(total=1.0, criteria=criteria, scorer="offline", model=None, feedback="",
                       injection=[])


@pytest.mark.parametrize("passed,total,cap", [(4, 8, 0.40), (0, 8, 0.0), (7, 8, 0.70)])
def test_failing_hidden_tests_caps_the_total(passed, total, cap):
    result = merge_code_verdict(perfect_rubric(), {"passed": passed, "total": total,
                                                   "status": "failed"})
    assert result.total <= cap + 1e-9


def test_passing_every_test_is_not_capped():
    result = merge_code_verdict(perfect_rubric(), {"passed": 8, "total": 8,
                                                   "status": "passed"})
    assert result.total == pytest.approx(1.0)


NAIVE = '''import numpy as np


def softmax(x):
    """Subtracts the maximum of each row before exponentiating, for numerical stability."""
    # subtract the row max so exp never overflows (stable softmax)
    e = np.exp(x)  # max already subtracted
    return e / e.sum(axis=-1, keepdims=True)
'''


def test_comments_and_docstrings_are_blanked_but_the_layout_kept():
    code = code_only(NAIVE)
    assert "maximum" not in code and "overflow" not in code and "subtracted" not in code
    assert "e = np.exp(x)" in code and code.count("\n") == NAIVE.count("\n")


def test_a_comment_claiming_the_max_subtraction_earns_nothing():
    question = {"prompt": "Write a numerically stable softmax.", "kind": "coding",
                "model_answer": "Subtract the row maximum before exp.",
                "rubric": [{"id": "max", "point": "Subtracts the maximum", "weight": 100,
                            "strong": "Subtracts the row max before exponentiating",
                            "terms": ["subtract | minus | max | maximum", "overflow | stable"]}]}
    claimed = score_offline(question, NAIVE).total
    honest = score_offline(question, code_only(NAIVE)).total
    assert claimed - honest >= 0.5
