"""What counts as a quote that earns a rubric point under the LLM judge.

A quote must be found verbatim in the answer (up to whitespace), be a span of at least
`MIN_QUOTE_WORDS` words or a whole short line of code, and not be negated ("we did not add
monitoring" is no evidence of monitoring). Anything else is no evidence and the point gets 0.
"""

from __future__ import annotations

import re

from interview.scoring.text import find_verbatim

MIN_QUOTE_WORDS = 6
MAX_CODE_LINE = 160
NEGATION_WINDOW = 5  # words before the quote, in its sentence, that can negate it
QUOTE_HEAD = 3  # a negation among the quote's first words negates it too

_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_CODE_SYMBOL = re.compile(r"[()\[\]{}=<>+*/%]|->|::")
_CODE_START = re.compile(r"^(?:import|from|return|def|class|for|while|if|elif|else|with|yield|"
                         r"raise|assert|select|insert|update|delete|async|await|lambda)\b",
                         re.IGNORECASE)
_NEGATION = frozenset("""
not no never without none neither nor cannot nothing nobody lacked lacking
didn't doesn't don't wasn't weren't isn't aren't won't wouldn't couldn't shouldn't
haven't hasn't hadn't can't didnt doesnt dont wasnt werent isnt arent wont
wouldnt couldnt shouldnt havent hasnt hadnt cant
""".split())
_NEGATION_PHRASES = re.compile(r"\b(?:instead\s+of|rather\s+than|far\s+from|no\s+longer|"
                               r"failed\s+to|forgot\s+to|did\s+not|unable\s+to)\s*$",
                               re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?;,:\n]|\b(?:but|however|although|though|whereas|yet|so|"
                             r"because|then|which|after|before|when|while|once|and\s+then)\b",
                             re.IGNORECASE)


def words(text: str) -> list[str]:
    """Words (letters and digits, with inner apostrophes and hyphens)."""
    return _WORD.findall(text.replace("\u2019", "'"))


def check_quote(quote: str | None, answer: str) -> tuple[str | None, str]:
    """(the verbatim span, "") when the quote is valid evidence, else (None, why not)."""
    if not quote or not quote.strip():
        return None, "no quote"
    span = find_verbatim(quote, answer)
    if span is None:
        return None, "quote not in the answer"
    if len(words(span)) < MIN_QUOTE_WORDS and not is_code_line(span, answer):
        return None, f"quote shorter than {MIN_QUOTE_WORDS} words"
    if negated(span, answer):
        return None, "quote is negated"
    return span, ""


def is_code_line(span: str, answer: str) -> bool:
    """True when the span is a whole (short) line of the answer that reads as code."""
    line = span.strip()
    if not line or len(line) > MAX_CODE_LINE or "\n" in line:
        return False
    whole = any(candidate.strip() == line for candidate in answer.splitlines())
    return whole and bool(_CODE_SYMBOL.search(line) or _CODE_START.match(line))


def negated(span: str, answer: str) -> bool:
    """True when every occurrence of the span is negated by the words just before it in the
    same sentence, or by a negation among its own first words."""
    head = [w.lower() for w in words(span)[:QUOTE_HEAD]]
    if any(w in _NEGATION or w.endswith("n't") for w in head):
        return True
    start = answer.find(span)
    if start < 0:
        return False
    while start >= 0:
        if not _negated_before(answer[:start]):
            return False
        start = answer.find(span, start + 1)
    return True


def _negated_before(before: str) -> bool:
    """Does the sentence so far end with a negation within NEGATION_WINDOW words?"""
    breaks = list(_SENTENCE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    if _NEGATION_PHRASES.search(clause):
        return True
    tail = [w.lower() for w in words(clause)[-NEGATION_WINDOW:]]
    return any(w in _NEGATION or w.endswith("n't") for w in tail)
