"""Hostile answers to real bank questions score well below a genuinely good answer."""

import random
from pathlib import Path

import pytest

from interview.bank.loader import read_bank
from interview.scoring.rubric import score_offline
from interview.scoring.text import numeric_result, split_synonyms, tokenise

BANK = read_bank(Path(__file__).resolve().parents[2] / "question_bank")
BY_ID = {q["id"]: q for q in BANK.questions}

GOOD = {
    "beh-cut-inference-cost": (
        "At my previous company our document classifier ran on eight GPUs around the clock, and "
        "finance flagged the monthly bill as the biggest line in our budget. I profiled the "
        "service and found the GPUs were idle most of the time, so I proposed dynamic batching "
        "and int8 quantization, and I moved the nightly jobs to spot instances. Before switching "
        "I ran an offline comparison on last month's traffic and a two-week shadow test, with a "
        "tolerance of half a point of accuracy. As a result the monthly cost fell from $40k to "
        "$14k, a 65 percent saving, and accuracy was unchanged. Looking back, I learned to add "
        "cost monitoring to the dashboard from the start, and since then we review spend "
        "per request every quarter."),
    "beh-label-leakage-late": None,
}


def _filler_salad(question: dict) -> str:
    """Every rubric term wrapped in a filler sentence, two at a time."""
    terms = [split_synonyms(t)[0] for p in question["rubric"] for t in p.get("terms", [])]
    return " ".join(f"We looked at {a} and then at {b}." for a, b in zip(terms[::2], terms[1::2],
                                                                         strict=False))


def _negated(question: dict) -> str:
    """Every point's terms, each sentence denying them."""
    return " ".join(
        "We did not do " + ", ".join(split_synonyms(t)[0] for t in p.get("terms", [])) + "."
        for p in question["rubric"])


BICYCLE = ("The bicycle was invented in the 1880s, when the safety bicycle with two wheels of "
           "equal size replaced the penny-farthing. By 1895 millions of people rode them, and "
           "pneumatic tyres made the ride far more comfortable. In 1995 the mountain bike was "
           "already popular, and today electric bicycles are common in many European cities.")

GERMAN = ("In meiner letzten Firma lief unser Klassifikator rund um die Uhr auf acht GPUs, und "
          "die Kosten waren zu hoch. Ich habe den Dienst analysiert und festgestellt, dass die "
          "GPUs meistens nicht ausgelastet waren. Deshalb habe ich dynamisches Batching und "
          "Quantisierung eingeführt und die Qualität mit einem Schattentest geprüft. Die "
          "monatlichen Kosten sind um 65 Prozent gesunken, die Genauigkeit blieb gleich.")


@pytest.fixture(scope="module")
def question() -> dict:
    return BY_ID["beh-cut-inference-cost"]


@pytest.fixture(scope="module")
def good(question) -> float:
    return score_offline(question, GOOD["beh-cut-inference-cost"]).total


def test_the_good_answer_scores_high(good):
    assert good >= 0.6


def test_filler_sentence_salad_scores_low(question, good):
    result = score_offline(question, _filler_salad(question))
    assert result.total <= 0.35 < good


def test_shuffled_words_score_near_zero_and_say_why(question):
    words = GOOD["beh-cut-inference-cost"].split()
    random.Random(3).shuffle(words)
    result = score_offline(question, " ".join(words))
    assert result.total <= 0.1
    assert "does not read as sentences" in result.feedback
    assert "list of terms" not in result.feedback


def test_all_points_negated_scores_low(question, good):
    assert score_offline(question, _negated(question)).total <= 0.35 < good


def test_prompt_pasted_back_scores_near_zero(question):
    assert score_offline(question, question["prompt"]).total <= 0.15


def test_bicycle_history_scores_low(question):
    assert score_offline(question, BICYCLE).total <= 0.2


def test_german_answer_is_not_english(question):
    result = score_offline(question, GERMAN)
    assert result.total <= 0.1
    assert "not in English" in result.feedback
    assert "list of terms" not in result.feedback


@pytest.mark.parametrize("qid", ["sd-data-labelling-pipeline", "beh-fairness-concern",
                                 "sd-credit-risk-scoring"])
def test_hostile_answers_on_other_bank_questions(qid):
    question = BY_ID[qid]
    model_answer = question.get("model_answer") or ""
    good = score_offline(question, model_answer).total
    assert good >= 0.6
    for hostile in (question["prompt"], BICYCLE, GERMAN):
        assert score_offline(question, hostile).total <= 0.35, hostile[:60]


@pytest.mark.parametrize("qid", ["sd-data-labelling-pipeline", "beh-fairness-concern",
                                 "code-pandas-merge-asof-staleness", "mlf-rag-chunking",
                                 "beh-llm-hallucination-production"])
def test_filler_salad_on_other_bank_questions(qid):
    question = BY_ID[qid]
    assert score_offline(question, question["model_answer"]).total >= 0.6
    result = score_offline(question, _filler_salad(question))
    assert result.total <= 0.35
    assert "only name rubric terms" in result.feedback


@pytest.mark.parametrize("qid", ["mlf-vanishing-gradients", "mlf-rag-chunking",
                                 "code-group-anagrams", "sd-support-ticket-routing",
                                 "sd-llm-evaluation-platform"])
def test_all_points_negated_scores_low_on_questions_with_long_terms(qid):
    question = BY_ID[qid]
    assert score_offline(question, question["model_answer"]).total >= 0.6
    assert score_offline(question, _negated(question)).total <= 0.35


def test_negation_scope_covers_a_list():
    negated = {t.word for t in tokenise("we did not separate the salt, the sand or the iron")}
    assert {"separate", "salt", "sand", "iron"} <= negated
    after = {t.word for t in tokenise("we did not profile the cost, and we added batching")
             if t.negated}
    assert "batching" not in after and "profile" in after
    long_items = {t.word for t in tokenise(
        "we did not do shadow deployment with live traffic for two weeks, offline evaluation "
        "on a held-out set, or o(n log n) sorting") if t.negated}
    assert {"shadow", "weeks", "offline", "held", "sorting"} <= long_items
    assert {"relu", "he", "lstm"} <= {t.word for t in tokenise("we did not use ReLU, He, LSTM")
                                      if t.negated}
    assert {"headings", "overlap"} <= {t.word for t in tokenise(
        "we did not do headings, overlap, metadata") if t.negated}
    contrast = {t.word for t in tokenise("we did not retrain the model on all of last year's "
                                         "data; instead we added a drift alert") if t.negated}
    assert "data" in contrast and "drift" not in contrast


def test_years_and_decades_are_not_quantities():
    assert numeric_result("The bicycle became popular in the 1880s.") == (False, False)
    assert numeric_result("In 1995 it was common.") == (False, False)
    assert numeric_result("Latency fell from 300 ms to 40 ms.") == (True, True)
