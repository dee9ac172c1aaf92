"""Text helpers for the offline scorer: sentences with offsets, tokens, stems, negation.

Everything here is deterministic and dependency-light so the scorer is fast and testable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Words that carry grammar rather than content; also used to tell prose from bare term lists.
STOPWORDS = frozenset("""
a an the and or but if then else so because as of at by for with about against between into
through during before after above below to from up down in out on off over under again further
once here there when where why how all any both each few more most other some such only own
same than too very can will just should would could might must may shall do does did doing
done have has had having be is are was were been being am it its itself this that these those
i me my mine we our ours us you your yours he him his she her they them their what which who
whom whose while also not no nor never without very via per use used using get gets got make
makes made one two three first second then thus therefore hence however although though
whereas since until unless whether either neither each every many much lot lots e g ie eg etc
let lets like need needs needed want wants way ways thing things
""".split())

NEGATIONS = frozenset("""
not no never without none neither nor cannot cant dont didnt doesnt wasnt werent isnt arent
wont wouldnt couldnt shouldnt havent hasnt hadnt nothing nobody lack lacked lacking
""".split())

# Words that end a negation's scope inside a sentence.
CLAUSE_BREAKS = frozenset("""
but however although though whereas yet instead rather except until so because then which after
before when while once otherwise thereby therefore thus hence
""".split())
# A negation covers its whole clause: up to a clause break, a new subject after a comma or a
# conjunction, or the end of the sentence; this only bounds a run-on clause.
NEGATION_WINDOW = 30

# "We made sure there was no leakage": a negation after these words states care, not absence.
# Not "confirmed" or "checked": as adjectives ("confirmed service") they would misfire.
GUARDS = frozenset("sure ensure ensured ensures ensuring guarantee guaranteed guarantees".split())
GUARD_WINDOW = 4
# Risks whose absence is the goal: "no leakage", "without PII", "no protected attributes".
RISKS = frozenset("leak leakage pii protected sensitive contamination duplicates duplicate "
                  "overlap skew lookahead future bias".split())
# Words that may sit between such a negation and the risk it rules out ("did not use any PII").
RISK_BRIDGE = frozenset("any use used using include included including expose exposed contain "
                        "contained share shared log logged store stored send sent let allow "
                        "allowed introduce introduced is was were be there of the a an from into "
                        "in our their its same ever".split())

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,;:()\[\]]")
_LINE_RE = re.compile(r"[^\n]+")
_SENTENCE_END_RE = re.compile(r"[.!?]\s+")
_ABBREVIATIONS = frozenset("e.g. i.e. etc. vs. cf. approx. incl. fig. eq. no.".split())
_CONTINUATION_ONLY = re.compile(r"^[\W\d_]*$")
_BULLET_RE = re.compile(r"^(?:[-*\u2022>]+\s*|\d{1,2}[.)]\s+)")


@dataclass(frozen=True)
class Token:
    """A word of the text: its stem, position, sentence index and whether it is negated."""

    word: str
    stem: str
    sentence: int
    negated: bool


class Tokens(list[Token]):
    """The tokens of a sentence plus the set of their stems, for quick term look-ups."""

    stems: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Sentence:
    """A sentence with its exact span in the original text, so quotes stay verbatim."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem one lower-case word (cached: the same words recur across answers)."""
    return str(_STEMMER.stemWord(word))


def normalise(text: str) -> str:
    """Lower-case and unify apostrophes and dashes so matching ignores typography."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[\u2010-\u2015]", "-", text)


def sentences(text: str) -> list[Sentence]:
    """Split into sentences and lines, keeping offsets into the original text."""
    result: list[Sentence] = []
    for line in _LINE_RE.finditer(text):
        start = line.start()
        for brk in _SENTENCE_END_RE.finditer(line.group()):
            before = line.group()[: brk.start() + 1].split()
            if before and before[-1].lower() in _ABBREVIATIONS:
                continue
            _add_sentence(result, text, start, line.start() + brk.start() + 1)
            start = line.start() + brk.end()
        _add_sentence(result, text, start, line.end())
    return result


def _add_sentence(result: list[Sentence], text: str, start: int, end: int) -> None:
    """Append text[start:end] without surrounding spaces or a leading bullet, if not empty."""
    part = text[start:end]
    stripped = part.strip()
    bare = _BULLET_RE.sub("", stripped)
    if bare and not _CONTINUATION_ONLY.match(bare):
        lead = start + len(part) - len(part.lstrip()) + len(stripped) - len(bare)
        result.append(Sentence(lead, lead + len(bare), bare))


def words(text: str) -> list[str]:
    """Lower-case word tokens without punctuation (apostrophes folded away)."""
    return [t.replace("'", "") for t in _TOKEN_RE.findall(normalise(text)) if t[0].isalnum()]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of a text, in order (stopwords and 1-letter words dropped)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


# Words that start a new clause after a comma or "and": the negation before them is over.
CLAUSE_STARTS = frozenset("""
i we you he she they it there this that these those who which our my their his her its
""".split())


def tokenise(text: str, sentence_index: int = 0) -> Tokens:
    """Tokens of one sentence with negation flags.

    A word is negated when a negation cue precedes it in the same clause: "we did not
    monitor drift" gives no credit for drift. The scope runs on through a list, however long
    its items ("we did not do shadow deployment with live traffic, a holdout set or a
    rollback plan" denies all three). It ends at a clause break ("but", "however",
    "instead", "because", ";", ...) or where a comma or "and" is followed by a new subject
    ("..., and we retrained"). Two kinds of negation state care instead, and negate nothing:
    one that follows "made sure" or "ensured" ("we ensured no user was in both splits"), and one
    that rules out a risk directly ("no leakage", "without PII", "did not use protected
    attributes").
    """
    tokens: list[Token] = []
    last_cue, last_guard, cue = -100, -100, -100  # cue: where the negation itself is
    in_call = False
    raws = _TOKEN_RE.findall(normalise(text))
    for index, raw in enumerate(raws):
        following = raws[index + 1] if index + 1 < len(raws) else ""
        # A subject word followed by a comma or the end is a list item ("ReLU, He, LSTM").
        after_next = raws[index + 2] if index + 2 < len(raws) else "."
        subject_next = following in CLAUSE_STARTS and after_next[0].isalnum()
        in_scope = 0 < len(tokens) - last_cue <= NEGATION_WINDOW
        if not raw[0].isalnum():
            if raw == "(" and index and len(raws[index - 1]) == 1 or raw == ")" and in_call:
                in_call = raw == "("  # "o(n log n)", "f(x)": a formula, not an aside
                continue
            if raw == "," and in_scope and following[:1].isalnum() \
                    and not subject_next and following not in CLAUSE_BREAKS \
                    and following not in ("and", "but", "so", "then", "yet"):
                last_cue = len(tokens) - 1  # a list item follows: the scope carries on
            elif raw == "," and in_scope and following in ("and", "or", "nor"):
                pass  # "A, B, and C": decided at the conjunction
            else:
                last_cue = -100
            continue
        word = raw.replace("'", "")
        if word in CLAUSE_BREAKS:  # ends the scope, yet stays a word ("since then")
            last_cue = -100
        if word in GUARDS:
            last_guard = len(tokens)
        if word in NEGATIONS or raw.endswith("n't"):
            last_cue = len(tokens) if len(tokens) - last_guard > GUARD_WINDOW else -100
            cue = last_cue
        elif word in ("only", "just") and tokens and len(tokens) - 1 == last_cue:
            last_cue = -100  # "not only X but Y" affirms X
        elif word in ("or", "nor", "and") and in_scope:
            # "never set an alert or built a dashboard" denies both; "and we retrained" does not
            last_cue = -100 if subject_next else len(tokens)
        negated = 0 < len(tokens) - last_cue <= NEGATION_WINDOW
        if negated and word in RISKS and _bridged(tokens[cue + 1:]):
            negated, last_cue = False, -100
        tokens.append(Token(word, stem(word), sentence_index, negated))
    result = Tokens(tokens)
    result.stems = frozenset(t.stem for t in tokens)
    return result


def _bridged(between: list[Token]) -> bool:
    """True when only function words or verbs of exposure separate a cue from a risk."""
    return all(t.word in RISK_BRIDGE for t in between)


# A number with a unit, percent or currency, or a change written with an arrow or "from X to Y".
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_QUANTITY_RE = re.compile(
    rf"[$\u20ac\u00a3]\s?{_NUMBER}|{_NUMBER}\s?(?:%|percent\b|pp\b|points?\b|x\b|ms\b|"
    r"milliseconds?\b|s\b|sec(?:ond)?s?\b|minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|"
    r"k\b|m\b|[kmg]b\b|dollars?\b|euros?\b|pounds?\b|fold\b|times\b)", re.IGNORECASE)
_CHANGE_RE = re.compile(
    rf"{_NUMBER}\s?[a-z%]*\s*(?:->|=>|\u2192|\u2794|to\b)\s*[$\u20ac\u00a3]?{_NUMBER}|"
    r"\b(?:cut|save[ds]?|reduced|improved|increased|decreased|raised|lowered|dropped|fell|rose|"
    rf"grew|halved|doubled|shrank)\b[^.;]{{0,40}}?{_NUMBER}|"
    rf"\bby\s+(?:about\s+|roughly\s+|over\s+|almost\s+)?[$\u20ac\u00a3]?{_NUMBER}\s?(?:%|percent|x\b)",
    re.IGNORECASE)


# Years and decades are dates, not quantities: "the 1880s", "in 1995", "mid-1990s", "'90s".
_DATE_RE = re.compile(r"(?:\bmid-?)?\b(?:1[0-9]|20)\d0'?s\b|'\d0s\b|"
                      r"\b(?:in|since|by|from|until|till|to|of|during|around|circa|before|after|"
                      r"between|and|early|late|year)\s+(?:1[0-9]|20)\d{2}\b|\b(?:1[5-9]|20)\d{2}\b"
                      r"(?!\s?(?:%|percent|ms|[kmg]b|x\b|dollars|euros))", re.IGNORECASE)


def without_dates(text: str) -> str:
    """The text with years and decades replaced by a word, so they are not read as amounts."""
    return _DATE_RE.sub(" date ", text)


def numeric_result(text: str) -> tuple[bool, bool]:
    """Whether a sentence gives a measured quantity, and whether it reports a change.

    "Recall went 78% -> 91%" and "cut p99 from 300 ms to 40 ms" state a measurable result
    in numbers alone, with none of the words a rubric lists for it. Years and decades are
    not quantities: "the 1880s" is not 1,880 seconds and "in 1995" is no result.
    """
    text = without_dates(text)
    quantity = bool(_QUANTITY_RE.search(text))
    change = quantity and bool(_CHANGE_RE.search(text))
    return quantity, change


def split_synonyms(term: str) -> list[str]:
    """A bank term entry is one idea with synonyms separated by ' | '."""
    return [part.strip() for part in term.split("|") if part.strip()]


def term_stems(phrase: str) -> tuple[str, ...]:
    """Stems that must appear for a term phrase: content words, or all words if none."""
    all_words = [w for w in words(phrase) if w]
    content = [w for w in all_words if w not in STOPWORDS]
    chosen = content or all_words
    return tuple(dict.fromkeys(stem(w) for w in chosen))


def find_verbatim(quote: str, text: str) -> str | None:
    """Return the span of `text` equal to `quote` up to whitespace, or None.

    Used to check LLM quotes: a quote that is not in the answer is evidence of nothing.
    """
    cleaned = quote.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()
    cleaned = re.sub(r"^(\.\.\.|\u2026)|(\.\.\.|\u2026)$", "", cleaned).strip()
    parts = cleaned.split()
    if not parts:
        return None
    pattern = r"\s+".join(re.escape(p) for p in parts)
    match = re.search(pattern, text)
    return match.group(0) if match else None


# Function words of other languages that English text almost never contains. An answer with
# more of these than English function words is not English (written for the scorer, a small
# explainable list rather than a language model).
FOREIGN_STOPWORDS = frozenset("""
der die das und ist nicht mit sich des dem den ein eine einen einem eines auch auf fur für
wir ich sie es wird werden wurde wurden sind war waren hat haben kann können konnen dass daß
oder aber wenn weil nach bei aus zum zur vom durch über uber unter zwischen wie noch nur
schon sehr mehr diese dieser dieses jede jeder alle wird man
le la les et est une des du au aux pour pas que qui dans sur avec sont nous vous ils elle
ce cette ces mais ou donc leur être etre avoir fait très tres
el los las y es una unos por para con del al se su sus como más mas pero sí muy está esta
o um uma os não nao com mais também
il di che è e gli della delle nel nella sono per non con anche
het een van ik je niet dat zijn voor op met maar ook wordt worden naar bij
""".split()) - STOPWORDS - frozenset({"die", "as", "also"})

# Pairs of function words that English word order almost never puts side by side: a
# determiner or preposition followed by another determiner, preposition, conjunction or
# auxiliary ("the of", "with the and", "a is"). Shuffled words produce them all the time.
_DETERMINERS = frozenset("a an the this these those our my their its your his every each".split())
_PREPOSITIONS = frozenset("of in on at to for with by from into about over under between "
                          "through during against via".split())
_JOINERS = frozenset("and or but nor so because although while".split())
_AUXILIARIES = frozenset("is are was were be been being has have had does did will would "
                         "can could should must".split())


def foreign_share(all_words: list[str]) -> float:
    """Share of function words that belong to another language (0 for plain English)."""
    english = sum(w in STOPWORDS for w in all_words)
    foreign = sum(w in FOREIGN_STOPWORDS for w in all_words)
    return foreign / max(1, english + foreign)


_ORDER_OK = frozenset("first second same other most few many own only one two three next last "
                      "more less such very".split())


def implausible_order(sentence_words: list[list[str]]) -> tuple[float, int]:
    """Share of determiners and prepositions in a place English word order never puts them.

    A determiner needs a content word after it ("the model", not "the of" or a sentence
    ending in "the"); a preposition is not followed by a conjunction, an auxiliary or another
    preposition ("with and", "of is"). Shuffled words break these rules constantly; prose
    almost never does. Returns the share and how many determiners and prepositions there
    were, so callers can ignore a verdict based on too few of them.
    """
    bad = total = 0
    for ws in sentence_words:
        for i, word in enumerate(ws):
            nxt = ws[i + 1] if i + 1 < len(ws) else None
            if word in _DETERMINERS:
                total += 1
                bad += nxt is None or (nxt in STOPWORDS and nxt not in _ORDER_OK)
            elif word in _PREPOSITIONS:
                total += 1
                bad += nxt is None or nxt in _JOINERS or nxt in _AUXILIARIES \
                    or nxt in _PREPOSITIONS
    return bad / max(1, total), total
