"""Text helpers: sentence offsets, negation scope, verbatim quote matching."""

from interview.scoring.text import (
    find_verbatim,
    numeric_result,
    sentences,
    term_stems,
    tokenise,
)


def test_sentences_keep_exact_offsets_and_drop_bullets() -> None:
    text = "We retrained weekly. It helped, e.g. with churn!\n- Added alerts\n3.5 percent better"
    found = sentences(text)
    assert [s.text for s in found] == ["We retrained weekly.", "It helped, e.g. with churn!",
                                       "Added alerts", "3.5 percent better"]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_negation_applies_within_the_clause_only() -> None:
    tokens = tokenise("We did not monitor drift, but we tracked latency")
    negated = {t.word for t in tokens if t.negated}
    assert {"monitor", "drift"} <= negated
    assert "latency" not in negated


def test_not_only_is_not_a_negation() -> None:
    tokens = tokenise("We watched not only drift but also latency")
    assert not any(t.negated for t in tokens if t.word == "drift")


def test_verbatim_quote_tolerates_whitespace_but_not_rewording() -> None:
    answer = "We added\n  drift alerts on every feature."
    assert find_verbatim('"We added drift alerts"', answer) == "We added\n  drift alerts"
    assert find_verbatim("We added alerts for drift", answer) is None
    assert find_verbatim("   ", answer) is None


def test_term_stems_ignore_function_words_and_inflection() -> None:
    assert term_stems("shift in distributions") == term_stems("distribution shift")[::-1]


def _negated(text: str) -> set[str]:
    return {t.word for t in tokenise(text) if t.negated}


def test_ruling_out_a_risk_is_not_a_negation() -> None:
    assert _negated("We made sure there was no leakage") == set()
    assert _negated("The features contain no protected attributes") == set()
    assert _negated("Analysts worked without PII") == set()
    assert _negated("We did not use protected attributes") == {"use"}
    assert _negated("We ensured that no customer appears in both splits") == set()


def test_denying_an_action_stays_a_negation() -> None:
    assert {"monitor", "drift"} <= _negated("We did not monitor drift")
    assert "leakage" in _negated("We did not check for leakage")
    assert {"alert", "dashboard"} <= _negated("There was no alert and no dashboard")
    # "confirmed" as an adjective is not a statement of care.
    assert "flow" in _negated("A confirmed service has no flow control")


def test_phrases_made_of_connecting_words_can_be_matched() -> None:
    stems = {t.stem for t in tokenise("Since then we compare numbers before and after")}
    assert set(term_stems("since then")) <= stems
    assert set(term_stems("before and after")) <= stems


def test_numbers_with_units_and_changes_are_results() -> None:
    assert numeric_result("Recall: 78% -> 91%.") == (True, True)
    assert numeric_result("We cut p99 from 300 ms to 40 ms.") == (True, True)
    assert numeric_result("Costs fell by 40 percent.") == (True, True)
    assert numeric_result("The budget is 50 milliseconds.") == (True, False)
    assert numeric_result("We had 3 teams from 2019 to 2021.") == (False, False)
