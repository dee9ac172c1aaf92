"""What the offline scorer measures in an answer, before any weighting.

Per rubric point, and against the reference answer, three kinds of evidence, each with the
words of the question demoted (repeating the question earns nothing):

* recall: the share of the point's terms (bank terms with ` | ` synonyms, or the content
  words of the point) found in the answer with the right polarity; stemmed, multi-word terms
  within a small window, numbers for result points;
* alignment: each content word of the point matched softly to its closest answer word with
  wordllama's token vectors ("profiled" ~ "profiling");
* similarity: cosine of the answer's sentences to the point once the direction of the prompt
  is removed from both.

And plain token recall of the reference answer. Plus the guards: sentences made mostly of
rubric terms credit one point only, sentences that only wrap rubric terms in filler earn
nothing when they make up the answer, answers that are not English or do not read as
sentences are flagged, text addressed to the grader (`addressed.find_addressed`) is blanked.
`rubric.py` turns these features into scores with the coefficients fitted by `fit.py`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from interview.scoring import embeddings
from interview.scoring.addressed import blank, find_addressed
from interview.scoring.injection import Excerpt
from interview.scoring.text import (
    STOPWORDS,
    Sentence,
    Token,
    Tokens,
    content_stems,
    foreign_share,
    implausible_order,
    numeric_result,
    sentences,
    split_synonyms,
    stem,
    term_stems,
    tokenise,
    words,
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
                             r"(?:name|list|state|enumerate|give)\b(?!\s+(?:of|with)\b)",
                             re.IGNORECASE)  # not "`features`: list of dicts"
_EXPLAIN_RE = re.compile(r"\b(?:explain|how|why|describe|discuss|compare|justify|check)\b",
                         re.IGNORECASE)
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


# Words that fill a sentence around rubric terms without saying anything about them
# ("We looked at drift and then at canary deployment").
GENERIC_STEMS = frozenset(stem(w) for w in """look looked looking looks consider considered
considering thought think thinking discuss discussed discussing talk talked talking mention
mentioned covered cover went go going moved move tried try focus focused focusing worked work
working dealt deal spent spend then next finally also aspect aspects area areas topic topics
various different stuff important key main part parts bit further well really basically explored
explore touched handled briefly quickly later afterwards team teams""".split())
BARE_SHARE = 0.5  # when this share of the sentences naming terms are bare, they earn nothing

FEATURES = ("recall", "align", "sem", "ref_recall", "ref_align", "ref_sem", "ref_tokens")
STUFFED_TERM_SHARE = 0.5  # a sentence this much made of rubric terms of 2+ points is stuffed
NOT_ENGLISH_SHARE = 0.5  # share of function words from another language
SHUFFLED_ORDER = 0.28  # share of determiners/prepositions out of English word order
SHUFFLED_MIN = 5  # ... judged only with at least this many of them
ALIGN_LO, ALIGN_HI = 0.4, 0.85  # word cosine where soft-alignment credit starts / is full


@dataclass
class PointFeatures:
    """Weight-independent evidence for one rubric point."""

    point: RubricPoint
    explicit_terms: bool
    negated_share: float  # share of the point's terms mentioned only to be negated
    coverage: float  # question-demoted recall of the point's terms
    align: float  # soft alignment of the point's words to the answer
    semantic: float  # question-demoted similarity of the best sentence to the point
    best_sentence: int | None
    missing: list[str]
    negated: list[str]


@dataclass
class AnswerFeatures:
    """Weight-independent evidence for the whole answer."""

    points: list[PointFeatures]
    ref_recall: float | None
    ref_align: float | None
    ref_semantic: float | None
    ref_tokens: float | None  # plain share of the reference's content stems in the answer
    word_count: int
    explanation: float
    list_question: bool
    sentences: list[Sentence]
    injections: list[Excerpt]
    not_english: bool = False
    shuffled: bool = False
    stuffed_sentences: int = 0
    bank_terms: bool = False  # the rubric lists terms (else they are derived from its text)
    # The same features for the question's own prompt and its reference answer, given as
    # answers: the two ends of this question's scale (None while computing them).
    anchors: tuple[AnswerFeatures, AnswerFeatures | None] | None = None

    def matrix(self) -> np.ndarray:
        """One row of FEATURES per point (reference features fall back to the point's)."""
        rows = []
        for pf in self.points:
            rows.append([pf.coverage, pf.align, pf.semantic,
                         pf.coverage if self.ref_recall is None else self.ref_recall,
                         pf.align if self.ref_align is None else self.ref_align,
                         pf.semantic if self.ref_semantic is None else self.ref_semantic,
                         pf.coverage if self.ref_tokens is None else self.ref_tokens])
        return np.asarray(rows, dtype=np.float64).reshape(len(self.points), len(FEATURES))


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


def term_hits(term: Term, sentence_tokens: list[Tokens], negated: bool) -> list[int]:
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


def explanation_score(tokens: list[Token], sentence_tokens: list[Tokens]) -> float:
    """How much the answer explains rather than lists: 0 for a bare list of terms.

    Used for feedback only ("reads like a list of terms"); the score itself no longer has a
    list multiplier: a list of terms gains nothing from stuffing (see `_assign`).
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


@dataclass(frozen=True)
class QuestionInfo:
    """What is computed once per question: prompt words and direction, point texts, terms."""

    points: list[RubricPoint]
    prompt_stems: frozenset[str]
    prompt_vector: np.ndarray | None
    terms: list[list[Term]]
    term_weights: list[list[float]]
    point_vectors: np.ndarray  # question-demoted, one row per point
    point_words: list[list[tuple[str, bool]]]  # (word, negated) content words to align
    reference: str
    ref_terms: list[Term]
    ref_weights: list[float]
    ref_words: list[tuple[str, bool]]
    ref_vector: np.ndarray | None
    result_points: list[bool]
    list_question: bool
    term_stem_set: frozenset[str]  # every stem of every rubric term of the question
    bare_list_ok: bool  # the prompt asks for a list and nothing more (no "explain", "how")
    ref_stems: frozenset[str]  # content stems of the reference answer, prompt words included


def _demote(vectors: np.ndarray, direction: np.ndarray | None) -> np.ndarray:
    """Remove the prompt's direction from unit vectors and renormalise.

    What is left is what a text says beyond restating the question.
    """
    if direction is None or vectors.size == 0:
        return vectors
    out = vectors - np.outer(vectors @ direction, direction)
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    return out / np.where(norms > 1e-6, norms, 1.0)


def _weights(terms: list[Term], prompt: frozenset[str]) -> list[float]:
    """A term whose words all appear in the prompt earns nothing: it only repeats it."""
    return [0.0 if all(set(p) <= prompt for p in t.phrasings) else 1.0 for t in terms]


def _content_words(text: str, prompt: frozenset[str]) -> list[tuple[str, bool]]:
    """Content words of a text not in the prompt, with their polarity, for alignment."""
    seen: dict[tuple[str, bool], None] = {}
    for index, sent in enumerate(sentences(text)):
        for tok in tokenise(sent.text, index):
            if tok.word in STOPWORDS or tok.word in RUBRIC_META or len(tok.word) < 2 \
                    or tok.word.isdigit() or tok.stem in prompt:
                continue
            seen[(tok.word, tok.negated)] = None
    return list(seen)


@lru_cache(maxsize=512)
def _question_info(key: str) -> QuestionInfo:
    question = json.loads(key)
    points = question_points(question)
    prompt = str(question.get("prompt") or "").strip()
    prompt_stems = frozenset(content_stems(prompt))
    prompt_vector = embeddings.embed_cached(prompt) if prompt else None
    terms = [point_terms(p) for p in points]
    texts = [f"{p.point}. {p.strong}".strip(". ") for p in points]
    point_vectors = _demote(embeddings.embed(texts), prompt_vector)
    point_words = [_content_words(f"{p.point}. {p.strong}. " + " ".join(
        " ".join(split_synonyms(t)) for t in p.terms), prompt_stems) for p in points]
    reference = reference_text(question)
    ref_terms = derived_terms(reference) if reference else []
    ref_vector = (_demote(embeddings.embed_cached(reference)[None, :], prompt_vector)[0]
                  if reference else None)
    return QuestionInfo(points, prompt_stems, prompt_vector, terms,
                        [_weights(t, prompt_stems) for t in terms], point_vectors, point_words,
                        reference, ref_terms, _weights(ref_terms, prompt_stems),
                        _content_words(reference, prompt_stems) if reference else [],
                        ref_vector, [bool(_RESULT_POINT_RE.search(p.point)) for p in points],
                        asks_for_list(prompt),
                        frozenset(s for ts in terms if any(p.terms for p in points)
                                  for t in ts for ph in t.phrasings for s in ph),
                        asks_for_list(prompt) and not _EXPLAIN_RE.search(prompt),
                        frozenset(content_stems(reference)))


def question_info(question: dict[str, Any]) -> QuestionInfo:
    """Cached per question: the same question is scored many times."""
    return _question_info(json.dumps(question, sort_keys=True, default=str))


def extract(question: dict[str, Any], answer: str) -> AnswerFeatures:
    """All weight-independent evidence for an answer, with the question's anchors."""
    features = _extract(question_info(question), answer or "")
    features.anchors = question_anchors(question)
    return features


def question_anchors(question: dict[str, Any]) -> tuple[AnswerFeatures, AnswerFeatures | None]:
    """Features of the question's own prompt and of its reference answer, given as answers."""
    return _anchors(json.dumps(question, sort_keys=True, default=str))


@lru_cache(maxsize=512)
def _anchors(key: str) -> tuple[AnswerFeatures, AnswerFeatures | None]:
    info = _question_info(key)
    question = json.loads(key)
    low = _extract(info, str(question.get("prompt") or ""))
    high = _extract(info, info.reference) if info.reference else None
    return low, high


_GUARD_EVERY_RUBRIC = False


def guard_every_rubric(on: bool) -> None:
    """Apply the one-point-per-stuffed-sentence guard to derived rubrics too (fit.py only).

    Rubrics with bank terms always have the guard; the model used for them is fitted on
    features computed with it, so that training matches use.
    """
    global _GUARD_EVERY_RUBRIC
    _GUARD_EVERY_RUBRIC = on
    _anchors.cache_clear()


def _extract(info: QuestionInfo, answer: str) -> AnswerFeatures:
    injections = find_addressed(answer)
    text = blank(answer, injections)
    sents = sentences(text)
    sentence_tokens = [tokenise(s.text, i) for i, s in enumerate(sents)]
    tokens = [t for toks in sentence_tokens for t in toks]
    all_words = [t.word for t in tokens]
    order, checked = implausible_order([words(s.text) for s in sents])
    not_english = len(all_words) >= 4 and foreign_share(all_words) >= NOT_ENGLISH_SHARE
    shuffled = not not_english and checked >= SHUFFLED_MIN and order >= SHUFFLED_ORDER
    n_sent = len(sents)
    numbers = [numeric_result(s.text) for s in sents]
    hits = [_term_sentence_hits(terms, sentence_tokens,
                                numbers if info.result_points[i] else [])
            for i, terms in enumerate(info.terms)]
    # Only for bank terms: a rubric derived from the reference has every content word as a
    # term, and there a sentence that hits several points is simply a good paraphrase.
    stuffed = _assign(info, hits, sentence_tokens) \
        if len(info.points) > 1 and (info.term_stem_set or _GUARD_EVERY_RUBRIC) else set()
    stuffed |= _bare(info, hits, sentence_tokens)
    # A stuffed sentence keeps its terms for one point and is no other evidence at all.
    clean = [i for i in range(n_sent) if i not in stuffed]
    clean_sents = [sents[i] for i in clean]
    vectors = _demote(_embed_answer(clean_sents), info.prompt_vector) if clean_sents \
        else np.zeros((0, 256), np.float32)
    # Answer words for soft alignment, by polarity; words of the prompt are left in (they
    # can still say something), but point words that repeat the prompt are not asked for.
    answer_words: dict[bool, list[str]] = {False: [], True: []}
    for i in clean:
        for t in sentence_tokens[i]:
            if t.word not in STOPWORDS and len(t.word) > 1 and not t.word.isdigit():
                answer_words[t.negated].append(t.word)
    answer_vecs = {k: embeddings.word_vectors(list(dict.fromkeys(v)))
                   for k, v in answer_words.items()}
    points = [_point_features(info, i, hits[i], sentence_tokens, vectors, answer_vecs, n_sent,
                              clean) for i in range(len(info.points))]
    ref_recall = ref_align = ref_sem = ref_tokens = None
    if info.reference:
        kept_stems = {t.stem for i in clean for t in sentence_tokens[i]
                      if t.word not in STOPWORDS and len(t.word) > 1}
        ref_tokens = len(info.ref_stems & kept_stems) / max(1, len(info.ref_stems))
        if clean:
            kept_tokens = [sentence_tokens[i] for i in clean]
            found = [bool(term_hits(t, kept_tokens, t.negated)) for t in info.ref_terms]
            ref_recall = _weighted_share(found, info.ref_weights)
            ref_align = _align(info.ref_words, answer_vecs)
            ref_sem = float(vectors[-1] @ info.ref_vector)
        else:
            ref_recall = ref_align = ref_sem = 0.0
    return AnswerFeatures(points, ref_recall, ref_align, ref_sem, ref_tokens, len(tokens),
                          explanation_score(tokens, sentence_tokens), info.list_question, sents,
                          injections, not_english, shuffled, len(stuffed),
                          bool(info.term_stem_set))


def _weighted_share(found: list[bool], weights: list[float]) -> float:
    total = sum(weights)
    return sum(w for f, w in zip(found, weights, strict=True) if f) / total if total else 0.0


def _term_sentence_hits(terms: list[Term], sentence_tokens: list[Tokens],
                        numbers: list[tuple[bool, bool]]) -> list[tuple[list[int], bool]]:
    """Per term: the sentences that express it, and whether it is only ever negated."""
    result = []
    for term in terms:
        hits = term_hits(term, sentence_tokens, term.negated)
        if numbers and not term.negated:
            hits = sorted(set(hits) | set(numeric_hits(term, numbers)))
        denied = not hits and not term.negated and bool(term_hits(term, sentence_tokens, True))
        result.append((hits, denied))
    return result


def _assign(info: QuestionInfo, hits: list[list[tuple[list[int], bool]]],
            sentence_tokens: list[Tokens]) -> set[int]:
    """A sentence made mostly of rubric terms credits one point only (edits `hits`).

    "We looked at drift and then at canary deployment" names the terms of two points with
    nothing that uses them. When a sentence hits the terms of two or more points and those
    terms make up at least half of its content words, only the point with the most terms in
    it keeps the credit. Returns the indices of those sentences.
    """
    stuffed: set[int] = set()
    for s, toks in enumerate(sentence_tokens):
        per_point: dict[int, int] = {}
        term_stems_here: set[str] = set()
        for p, point_hits in enumerate(hits):
            for t, (sent_ids, _) in enumerate(point_hits):
                if s in sent_ids and info.term_weights[p][t] > 0:
                    per_point[p] = per_point.get(p, 0) + 1
                    for phrasing in info.terms[p][t].phrasings:
                        if set(phrasing) <= toks.stems:
                            term_stems_here |= set(phrasing)
        if len(per_point) < 2:
            continue
        content = {t.stem for t in toks if t.word not in STOPWORDS and len(t.word) > 1}
        if len(term_stems_here & content) < STUFFED_TERM_SHARE * max(1, len(content)):
            continue
        stuffed.add(s)
        keep = max(per_point, key=lambda p: (per_point[p] / max(1, len(hits[p])), -p))
        for p in per_point:
            if p != keep:
                hits[p] = [([i for i in ids if i != s], denied) for ids, denied in hits[p]]
    return stuffed


def _bare(info: QuestionInfo, hits: list[list[tuple[list[int], bool]]],
          sentence_tokens: list[Tokens]) -> set[int]:
    """Sentences that only name rubric terms earn nothing when they make up the answer.

    A sentence is bare when, besides rubric terms and words of the prompt, its content words
    are all filler ("we looked at", "then", "also", "considered"). A good answer has a few
    such sentences at most ("O(n log n)."); a salad of filler sentences is nothing but. When
    at least BARE_SHARE of the sentences that name terms are bare, those sentences credit no
    point and are no other evidence (edits `hits`). Not for questions that ask for a list and
    no explanation ("Name three ..."), and not for rubrics without bank terms (there every
    content word is a term).
    """
    if info.bare_list_ok or not info.term_stem_set:
        return set()
    named = {i for point_hits in hits for ids, _ in point_hits for i in ids}
    if not named:
        return set()
    bare = set()
    for i in named:
        extra = [t for t in sentence_tokens[i] if t.word not in STOPWORDS and len(t.word) > 1
                 and not t.word.isdigit() and t.stem not in info.term_stem_set
                 and t.stem not in GENERIC_STEMS and t.stem not in info.prompt_stems]
        if not extra:
            bare.add(i)
    if len(bare) < BARE_SHARE * len(named):
        return set()
    for p, point_hits in enumerate(hits):
        hits[p] = [([i for i in ids if i not in bare], denied) for ids, denied in point_hits]
    return bare


def _align(targets: list[tuple[str, bool]], answer_vecs: dict[bool, np.ndarray]) -> float:
    """Mean over target words of how close the nearest answer word of the same polarity is."""
    if not targets:
        return 0.0
    scores = []
    for polarity in (False, True):
        wanted = [w for w, neg in targets if neg == polarity]
        if not wanted:
            continue
        pool = answer_vecs[polarity]
        if not len(pool):
            scores += [0.0] * len(wanted)
            continue
        best = (embeddings.word_vectors(wanted) @ pool.T).max(axis=1)
        scores += list(np.clip((best - ALIGN_LO) / (ALIGN_HI - ALIGN_LO), 0.0, 1.0))
    return float(np.mean(scores))


def _point_features(info: QuestionInfo, index: int, hits: list[tuple[list[int], bool]],
                    sentence_tokens: list[Tokens], vectors: np.ndarray,
                    answer_vecs: dict[bool, np.ndarray], n_sent: int, clean: list[int]
                    ) -> PointFeatures:
    """Recall, alignment, similarity and the best supporting sentence for one point."""
    point, terms, weights = info.points[index], info.terms[index], info.term_weights[index]
    per_sentence = np.zeros(n_sent, dtype=np.float32)
    missing, negated, found = [], [], []
    for term, (sent_ids, denied), weight in zip(terms, hits, weights, strict=True):
        found.append(bool(sent_ids))
        if sent_ids:
            per_sentence[sent_ids] += weight
        else:
            missing.append(term.label)
            if denied:
                negated.append(term.label)
    coverage = _weighted_share(found, weights)
    negated_share = len(negated) / max(1, len(terms))
    if n_sent == 0:
        return PointFeatures(point, bool(point.terms), negated_share, 0.0, 0.0, 0.0, None,
                             missing, negated)
    sims = vectors @ info.point_vectors[index] if len(vectors) else np.zeros(1, np.float32)
    sentence_sims = np.full(n_sent, -1.0, dtype=np.float32)
    sentence_sims[clean] = sims[:len(clean)]
    align = _align(info.point_words[index], answer_vecs)
    evidence = per_sentence / max(1, len(terms)) + sentence_sims
    supported = per_sentence.any() or sentence_sims.max() >= QUOTE_MIN_SIMILARITY
    best = int(np.argmax(evidence)) if supported else None
    # Similarity cannot see negation: a point whose terms are denied gets less of it.
    semantic = float(sims.max()) if len(vectors) else 0.0
    return PointFeatures(point, bool(point.terms), negated_share, coverage, align,
                         semantic * (1 - negated_share), best, missing, negated)


def asks_for_list(prompt: str) -> bool:
    """True when the question itself asks to name or list things, so a list is fair."""
    return bool(_LIST_PROMPT_RE.search(prompt))
