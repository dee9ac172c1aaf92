"""What the offline scorer measures in an answer, before any weighting.

Terms and their synonyms (stemmed, multi-word terms within a small window, negation-aware,
numbers for result points), explanation density, embedding similarity to each point, to the
reference answer and to the prompt. `rubric.py` turns these features into scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from interview.scoring import embeddings
from interview.scoring.injection import Excerpt, find_injections, mask
from interview.scoring.text import (
    STOPWORDS,
    Sentence,
    Token,
    Tokens,
    content_stems,
    numeric_result,
    sentences,
    split_synonyms,
    stem,
    term_stems,
    tokenise,
)
from interview.scoring.types import (
    RubricPoint,
    reference_text,
    rubric_points,
)

PROXIMITY_SLACK = 3  # extra words allowed between the words of a multi-word term
QUOTE_MIN_SCORE = 0.2
QUOTE_MIN_SIMILARITY = 0.35  # without any term, a sentence must be this close to be quoted
LISTED_EXPLANATION = 0.8  # explanation credited to a list when the question asks for one
_LIST_PROMPT_RE = re.compile(r"(?:^|[.?!:]\s+|\band\s+|please\s+|also,?\s+)"
                             r"(?:name|list|state|enumerate|give)\b", re.IGNORECASE)
# Words rubric writers use to describe what they want, not what the answer should say.
RUBRIC_META = frozenset("""
describe describes describing explain explains explaining explanation state states stating give
gives giving mention mentions mentioning name names naming discuss discusses identify identifies
candidate candidates answer answers response responses correct correctly clear clearly concrete
concretely specific specifically good strong well such example examples includes including
demonstrates shows show showing covers covering addresses address provides provide point points
""".split())


# A point about results, impact or metrics accepts numbers as evidence ("78% -> 91%").
_RESULT_POINT_RE = re.compile(r"\b(?:results?|outcomes?|impact|measurable|measured|measures|"
                              r"quantif\w*|improvements?|savings?|metrics?)\b", re.IGNORECASE)
# Terms that a number with a unit expresses, and terms that a reported change expresses.
_QUANTITY_STEMS = frozenset(stem(w) for w in """percent percentage number numbers measured measure
metric metrics before and after increased decreased reduced rose fell dollars monthly milliseconds
ms seconds minutes hours days weeks months""".split())
_CHANGE_STEMS = frozenset(stem(w) for w in """result outcome impact improved improvement reduced
saved cut dropped recovered gain gained in the end as a""".split())


@dataclass(frozen=True)
class Term:
    """One idea to look for: alternative phrasings as stem tuples, and the wanted polarity."""

    label: str
    phrasings: tuple[tuple[str, ...], ...]
    negated: bool = False


@dataclass
class PointFeatures:
    """Weight-independent evidence for one rubric point (cached during tuning)."""

    point: RubricPoint
    explicit_terms: bool
    negated_share: float  # share of the point's terms mentioned only to be negated
    coverage: float
    semantic: float
    best_sentence: int | None
    missing: list[str]
    negated: list[str]


@dataclass
class AnswerFeatures:
    """Weight-independent evidence for the whole answer."""

    points: list[PointFeatures]
    ref_recall: float | None
    ref_semantic: float | None
    word_count: int
    explanation: float
    list_question: bool
    sentences: list[Sentence]
    injections: list[Excerpt]
    topic_words: float = 1.0  # share of the answer's content words that the question uses
    topic_similarity: float = 1.0  # similarity of the whole answer to the prompt


def ramp(value: float, lo: float, hi: float) -> float:
    """0 below lo, 1 above hi, linear between."""
    if hi <= lo:
        return 1.0 if value >= hi else 0.0
    return float(min(1.0, max(0.0, (value - lo) / (hi - lo))))


def rubric_from_reference(reference: str) -> list[dict[str, Any]]:
    """Without a rubric, each sentence of the reference answer becomes an equal point."""
    parts = [s.text for s in sentences(reference) if len(s.text.split()) >= 2]
    if len(parts) > 6:  # merge neighbours so no point is a fragment
        size = -(-len(parts) // 6)
        parts = [" ".join(parts[i:i + size]) for i in range(0, len(parts), size)]
    return [{"id": f"r{i}", "point": text, "weight": 1} for i, text in enumerate(parts, 1)]


def question_points(question: dict[str, Any]) -> list[RubricPoint]:
    """The rubric, or one derived from the reference answer; at least one point."""
    points = rubric_points(question)
    if not points and reference_text(question):
        points = rubric_points({"rubric": rubric_from_reference(reference_text(question))})
    if not points:
        raise ValueError("the question has neither a rubric nor a reference answer")
    return points


def point_terms(point: RubricPoint) -> list[Term]:
    """The bank's terms, or the content words of the point and its strong text."""
    if point.terms:
        terms = []
        for entry in point.terms:
            phrasings = tuple(s for s in (term_stems(p) for p in split_synonyms(entry)) if s)
            if phrasings:
                terms.append(Term(split_synonyms(entry)[0], phrasings))
        return terms
    return derived_terms(f"{point.point}. {point.strong}")


def derived_terms(text: str) -> list[Term]:
    """Content-word terms of a text, each with the polarity it has in that text."""
    seen: dict[tuple[str, bool], Term] = {}
    for index, sent in enumerate(sentences(text)):
        for tok in tokenise(sent.text, index):
            if tok.word in STOPWORDS or tok.word in RUBRIC_META or len(tok.word) < 2 \
                    or tok.word.isdigit():
                continue
            key = (tok.stem, tok.negated)
            seen.setdefault(key, Term(tok.word, ((tok.stem,),), tok.negated))
    return list(seen.values())


def phrase_found(tokens: list[Token], stems: tuple[str, ...], negated: bool) -> bool:
    """True when all stems occur within a small window, with the wanted polarity."""
    if isinstance(tokens, Tokens) and not tokens.stems.issuperset(stems):
        return False
    window = len(stems) + PROXIMITY_SLACK
    firsts = [i for i, t in enumerate(tokens) if t.stem == stems[0] and t.negated == negated]
    for i in firsts:
        nearby = {t.stem for t in tokens[max(0, i - window):i + window + 1]}
        if all(s in nearby for s in stems[1:]):
            return True
    return False


def term_hits(term: Term, sentence_tokens: list[list[Token]], negated: bool) -> list[int]:
    """Indices of sentences where the term is expressed with the given polarity."""
    return [i for i, toks in enumerate(sentence_tokens)
            if any(phrase_found(toks, p, negated) for p in term.phrasings)]


def numeric_hits(term: Term, numbers: list[tuple[bool, bool]]) -> list[int]:
    """Sentences whose numbers express a result term: a quantity, or a reported change."""
    if any(set(p) <= _QUANTITY_STEMS for p in term.phrasings):
        return [i for i, (quantity, _) in enumerate(numbers) if quantity]
    if any(set(p) <= _CHANGE_STEMS for p in term.phrasings):
        return [i for i, (_, change) in enumerate(numbers) if change]
    return []


def _coverage(terms: list[Term], sentence_tokens: list[list[Token]], n_sent: int,
              numbers: list[tuple[bool, bool]] | None = None
              ) -> tuple[float, np.ndarray, list[str], list[str]]:
    """Share of terms found, per-sentence hit counts, and missing / negated labels.

    `numbers` (per sentence) is given only for points about results.
    """
    per_sentence = np.zeros(n_sent, dtype=np.float32)
    missing, negated, found = [], [], 0
    for term in terms:
        hits = term_hits(term, sentence_tokens, term.negated)
        if numbers and not term.negated:
            hits = sorted(set(hits) | set(numeric_hits(term, numbers)))
        if hits:
            found += 1
            per_sentence[hits] += 1
        else:
            missing.append(term.label)
            if not term.negated and term_hits(term, sentence_tokens, True):
                negated.append(term.label)
    return found / max(1, len(terms)), per_sentence, missing, negated


def explanation_score(tokens: list[Token], sentence_tokens: list[list[Token]]) -> float:
    """How much the answer explains rather than lists: 0 for a bare list of terms.

    Prose needs connecting words; a keyword dump has almost none, and its "sentences" are
    fragments. Measured as the share of function words and of words in real sentences.
    Formulas and calculations are not keyword lists, so mostly-symbolic text counts as prose.
    """
    if not tokens:
        return 0.0
    if not _wordy(tokens):
        return 1.0
    function_share = sum(t.word in STOPWORDS for t in tokens) / len(tokens)
    in_prose = sum(len(s) for s in sentence_tokens if len(s) >= 6 and (
        not _wordy(s) or sum(t.word in STOPWORDS for t in s) / len(s) >= 0.2))
    return 0.5 * ramp(function_share, 0.12, 0.35) + 0.5 * in_prose / len(tokens)


def _wordy(tokens: list[Token]) -> bool:
    """True when most tokens are words rather than numbers, symbols or single letters."""
    return sum(t.word.isalpha() and len(t.word) > 1 for t in tokens) >= 0.5 * len(tokens)


def _embed_answer(sents: list[Sentence]) -> np.ndarray:
    """Embeddings of each sentence, each pair of neighbours, and the whole answer.

    The whole answer is rebuilt from its sentences so that blanked-out injection text
    leaves no trace (the tokenizer would otherwise see the padding).
    """
    pieces = [s.text for s in sents]
    pieces += [f"{a.text} {b.text}" for a, b in zip(sents, sents[1:], strict=False)]
    # The whole answer is embedded on its own: batched, it would pad every piece to its length.
    whole = embeddings.embed([" ".join(s.text for s in sents)])
    return np.vstack([embeddings.embed(pieces), whole])


def extract(question: dict[str, Any], answer: str) -> AnswerFeatures:
    """Compute all weight-independent evidence for an answer (the slow part, ~5 ms)."""
    injections = find_injections(answer)
    text = mask(answer, injections)
    sents = sentences(text)
    sentence_tokens = [tokenise(s.text, i) for i, s in enumerate(sents)]
    tokens = [t for toks in sentence_tokens for t in toks]
    vectors = _embed_answer(sents) if sents else np.zeros((0, 256), np.float32)
    numbers = [numeric_result(s.text) for s in sents]
    points = [_point_features(p, sentence_tokens, vectors, numbers)
              for p in question_points(question)]
    recall, ref_sem = _reference_features(reference_text(question), sentence_tokens, vectors)
    words, similarity = _topic_features(question, tokens, vectors)
    return AnswerFeatures(points, recall, ref_sem, len(tokens),
                          explanation_score(tokens, sentence_tokens),
                          asks_for_list(str(question.get("prompt") or "")), sents, injections,
                          words, similarity)


def _topic_features(question: dict[str, Any], tokens: list[Token], vectors: np.ndarray
                    ) -> tuple[float, float]:
    """How much the answer is about this question at all, lexically and semantically.

    Rubric points alone cannot tell: embeddings put any ML text close to any ML point, and
    generic words ("model", "data") match everywhere. An answer to a different question is
    mostly made of words this question never uses, and it reads unlike the prompt.
    """
    answer = {t.stem for t in tokens if t.word not in STOPWORDS and len(t.word) > 1}
    if not answer:
        return 0.0, 0.0
    words = len(answer & question_vocabulary(question)) / len(answer)
    prompt = str(question.get("prompt") or "").strip() or reference_text(question)
    if not prompt:
        return words, 1.0
    return words, float(vectors[-1] @ embeddings.embed_cached(prompt))


def question_vocabulary(question: dict[str, Any]) -> frozenset[str]:
    """Content stems of everything the question says: prompt, rubric, terms, reference."""
    parts = [str(question.get("prompt") or ""), reference_text(question)]
    for p in question_points(question):
        parts += [p.point, p.strong, " ".join(p.terms).replace("|", " ")]
    return _vocabulary("\n".join(parts))


@lru_cache(maxsize=256)
def _vocabulary(text: str) -> frozenset[str]:
    """Cached: the same question is scored many times in a batch or a calibration run."""
    return frozenset(content_stems(text))


def asks_for_list(prompt: str) -> bool:
    """True when the question itself asks to name or list things, so a list is fair."""
    return bool(_LIST_PROMPT_RE.search(prompt))


def _point_features(point: RubricPoint, sentence_tokens: list[list[Token]],
                    vectors: np.ndarray, numbers: list[tuple[bool, bool]]) -> PointFeatures:
    """Coverage, similarity and the best supporting sentence for one point."""
    terms = point_terms(point)
    n_sent = len(numbers)
    if not _RESULT_POINT_RE.search(point.point):
        numbers = []
    coverage, per_sentence, missing, negated = _coverage(terms, sentence_tokens, n_sent, numbers)
    if n_sent == 0:
        return PointFeatures(point, bool(point.terms), 0.0, 0.0, 0.0, None, missing, negated)
    target = embeddings.embed_cached(f"{point.point}. {point.strong}".strip(". "))
    sims = vectors @ target
    evidence = per_sentence / max(1, len(terms)) + sims[:n_sent]
    supported = per_sentence.any() or sims[:n_sent].max() >= QUOTE_MIN_SIMILARITY
    best = int(np.argmax(evidence)) if supported else None
    return PointFeatures(point, bool(point.terms), len(negated) / max(1, len(terms)), coverage,
                         float(sims.max()), best, missing, negated)


def _reference_features(reference: str, sentence_tokens: list[list[Token]],
                        vectors: np.ndarray) -> tuple[float | None, float | None]:
    """Recall of the reference's content words and similarity to the reference."""
    if not reference:
        return None, None
    if not sentence_tokens:
        return 0.0, 0.0
    terms = derived_terms(reference)
    found = sum(1 for t in terms if term_hits(t, sentence_tokens, t.negated))
    similarity = float(vectors[-1] @ embeddings.embed_cached(reference))
    return found / max(1, len(terms)), similarity
