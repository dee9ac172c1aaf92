"""Text helpers: sentence offsets, negation scope, verbatim quote matching."""

from interview.scoring.text import find_verbatim, sentences, term_stems, tokenise


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
