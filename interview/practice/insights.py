"""Insights on an answer itself: role terms used and missed, length against time, too short."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview.practice.models import Attempt
from interview.scoring.text import split_synonyms

TOO_SHORT_WORDS = 40
# Words a minute are shown only when they say something about the writing: over at least a
# minute, and no faster than a fast typist composing an answer (faster means it was pasted).
WPM_MIN_MINUTES = 1.0
WPM_MAX = 120
_words = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#./-]*")


@dataclass
class Insights:
    words: int
    minutes: float | None
    words_per_minute: float | None
    too_short: bool
    pasted: bool = False  # written faster than anyone types: probably pasted in
    used_terms: list[str] = field(default_factory=list)
    missed_terms: list[str] = field(default_factory=list)


def _term_present(alternatives: list[str], text: str) -> str | None:
    for alt in alternatives:
        if re.search(r"(?<![a-z0-9])" + re.escape(alt.lower()) + r"(?![a-z0-9])", text):
            return alt
    return None


def answer_insights(attempt: Attempt) -> Insights:
    """The rubric's vocabulary (each idea with its synonyms) found or not in the answer."""
    text = attempt.answer.lower()
    words = len(_words.findall(attempt.answer))
    minutes = attempt.seconds_taken / 60 if attempt.seconds_taken else None
    used: list[str] = []
    missed: list[str] = []
    for point in attempt.item.body["rubric"]:
        for term in point["terms"]:
            alternatives = split_synonyms(term)
            found = _term_present(alternatives, text)
            (used if found else missed).append(found or alternatives[0])
    wpm, pasted = _typing_speed(words, minutes)
    return Insights(words=words, minutes=minutes, words_per_minute=wpm, pasted=pasted,
                    too_short=words < TOO_SHORT_WORDS and attempt.kind != "coding",
                    used_terms=sorted(set(used)), missed_terms=sorted(set(missed) - set(used)))


def _typing_speed(words: int, minutes: float | None) -> tuple[float | None, bool]:
    """(words a minute, pasted): the speed only when it is meaningful (see WPM_MAX)."""
    if not minutes or minutes < WPM_MIN_MINUTES or words < TOO_SHORT_WORDS:
        return None, False
    speed = words / minutes
    if speed > WPM_MAX:
        return None, True
    return round(speed), False
