"""The real bank: valid, the counts the product promises, and coding tests with teeth."""

from __future__ import annotations

import json

import pytest

from interview.bank.loader import read_bank
from interview.bank.schemas import KINDS, LEVELS
from interview.bank.services import bank_stats
from interview.sandbox.teeth import teeth_problems
from tests.conftest import ROOT

BANK = ROOT / "question_bank"
_bank = read_bank(BANK)
CODING = [q for q in _bank.questions if q["kind"] == "coding"]


def test_bank_is_valid():
    assert [str(e) for e in _bank.errors] == []


def test_counts_from_bank_stats(app):
    result = app.test_cli_runner().invoke(args=["bank", "stats", "--json", "--dir", str(BANK)])
    stats = json.loads(result.output)
    assert stats["by_kind"]["system_design"] >= 40
    assert stats["by_kind"]["coding"] >= 60 and stats["coding_ml_flavoured"] >= 41
    assert stats["by_kind"]["behavioral"] >= 60
    assert stats["by_kind"]["ask_employer"] >= 30
    thin = {t: n for t, n in stats["by_topic"].items() if n < 3}
    assert thin == {}, f"topics with fewer than 3 questions: {thin}"
    for kind in KINDS:
        for level in LEVELS:
            assert stats["by_kind_and_level"][kind][level] > 0, (kind, level)


def test_every_role_notes_topic_is_covered():
    ids = {t["id"] for t in bank_stats(_bank)["by_topic"] and _bank.topics}
    for needed in ("production-deployment", "monitoring-drift", "data-quality", "system-design",
                   "cost-optimization", "privacy", "testing-cicd", "stakeholder-management",
                   "ml-stack", "infra-maturity", "team-structure", "data-ownership",
                   "compute-scale", "company-maturity"):
        assert needed in ids


NEW_ML_CODING = ("code-ml-knn-classifier", "code-ml-gini-best-split",
                 "code-ml-gaussian-naive-bayes", "code-ml-pca-svd", "code-ml-mlp-backprop",
                 "code-ml-adam-step",
                 "code-ml-conv2d-valid-stride", "code-ml-inverted-dropout",
                 "code-ml-multi-head-attention", "code-ml-top-k-top-p-filter",
                 "code-ml-group-kfold")


def _by_id(qid: str) -> dict:
    return next(q for q in CODING if q["id"] == qid)


def test_every_coding_question_has_three_wrong_solutions_with_reasons():
    thin = {q["id"]: len(q["coding"]["wrong_solutions"]) for q in CODING
            if len(q["coding"]["wrong_solutions"]) < 3}
    assert thin == {}
    assert all(w["why"].strip() for q in CODING for w in q["coding"]["wrong_solutions"])


def test_new_ml_coding_questions_are_complete():
    for qid in NEW_ML_CODING:
        q = _by_id(qid)
        assert len(q["coding"]["tests"]) >= 4, qid
        assert len(q["coding"]["wrong_solutions"]) >= 3, qid
        assert q["hints"] and len(q["follow_ups"]) >= 2 and q["model_answer"], qid


def test_labels_are_honest():
    assert "experiment-tracking" not in _by_id("code-lis")["topics"]
    assert "distributed-training" not in _by_id("code-meeting-rooms")["topics"]
    assert "computer-vision" not in _by_id("code-number-of-islands")["topics"]
    assert "cost-optimization" not in _by_id("code-coin-change")["topics"]
    assert "decision" not in _by_id("code-tree-serialize")["title"].lower()


def test_floats_from_arithmetic_are_compared_with_a_tolerance():
    bucket = _by_id("code-token-bucket")["coding"]
    assert bucket["compare"] == "approx" and bucket["tolerance"] > 0


@pytest.mark.parametrize("question", CODING, ids=[q["id"] for q in CODING])
def test_coding_tests_have_teeth_in_the_sandbox(question):
    assert teeth_problems(question) == []
