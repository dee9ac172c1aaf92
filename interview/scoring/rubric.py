"""The offline rubric scorer: deterministic, no network, a few milliseconds per answer.

Each rubric point is scored from three kinds of evidence, blended with weights tuned on
held-out human grades (see calibrate.py and README.md):

* coverage: the point's terms (or, without terms, the content words of the point and of
  what a strong answer says), stemmed, multi-word terms matched within a small window, and
  never credited when negated ("we did not monitor drift");
* semantic similarity of the answer's sentences to the point, from wordllama embeddings;
* agreement with the reference answer, when the question has one.

Then the whole answer is discounted when it is too short or reads like a bare list of terms
(keyword stuffing), and text addressed to the grader is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
    CriterionResult,
    RubricPoint,
    ScoreResult,
    reference_text,
    rubric_points,
    weighted_total,
)


@dataclass(frozen=True)
class Weights:
    """Tunable constants of the scorer; defaults come from `calibrate --tune` on training."""

    coverage: float = 0.6  # weight of term coverage
    semantic: float = 0.45  # weight of the point's semantic similarity
    reference: float = 0.2  # weight of agreement with the reference answer (set by design)
    sem_lo: float = 0.1  # cosine at which semantic credit starts
    sem_hi: float = 0.2  # cosine at which semantic credit is full
    ref_lo: float = 0.0
    ref_hi: float = 0.4
    saturation: float = 0.6  # share of a point's bank terms that earns full coverage
    derived_saturation: float = 1.0  # the same for words taken from the point text
    min_words: int = 12  # answers shorter than this are discounted (set by design)
    explain_floor: float = 0.25  # multiplier for a bare list of terms (set by design)
    bank_explain_floor: float = 0.15  # the same against a bank rubric's terms (set by design)
    explain_full: float = 0.3  # explanation score from which there is no discount
    gamma: float = 0.6  # curve applied to each point's evidence before the discounts
    sem_alone: float = 0.25  # share of semantic credit a bank point keeps with no term found
    no_evidence_cap: float = 0.2  # most a point can score with no term and no close sentence
    # An answer to another question: few of its words belong to this question, and it reads
    # unlike the prompt. Either signal alone clears it (set by design, see README.md).
    topic_lex_lo: float = 0.05  # share of the answer's content words found in the question
    topic_lex_hi: float = 0.25
    topic_sem_lo: float = 0.05  # similarity of the whole answer to the prompt
    topic_sem_hi: float = 0.2
    off_topic_floor: float = 0.2  # multiplier for an answer that is about something else


WEIGHTS = Weights()
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


def combine(features: AnswerFeatures, w: Weights = WEIGHTS) -> list[float]:
    """Blend the evidence into one 0..1 score per point with the given weights."""
    quality = _quality(features, w)
    ref = None
    if features.ref_recall is not None:
        ref = 0.5 * features.ref_recall + 0.5 * ramp(features.ref_semantic or 0, w.ref_lo, w.ref_hi)
    return [round(_capped(pf, _evidence(pf, ref, w) ** w.gamma, w) * quality, 4)
            for pf in features.points]


def _capped(pf: PointFeatures, score: float, w: Weights) -> float:
    """A point with no term and no close sentence has no evidence: its credit stays low.

    This keeps the score consistent with the feedback, which calls such a point missing.
    """
    if pf.best_sentence is not None or not pf.explicit_terms:
        return score
    return min(score, w.no_evidence_cap)


def _evidence(pf: PointFeatures, ref: float | None, w: Weights) -> float:
    """Weighted mean of one point's evidence, 0..1, before the answer-level discounts."""
    saturation = w.saturation if pf.explicit_terms else w.derived_saturation
    # Similarity cannot see negation: a point whose terms are denied gets less of it.
    semantic = ramp(pf.semantic, w.sem_lo, w.sem_hi) * (1 - pf.negated_share)
    covered = min(1.0, pf.coverage / saturation)
    if pf.explicit_terms:
        # Embeddings see topic, not content: any ML text is "close" to any ML point. A bank
        # point names its own terms, so similarity without any of them earns little.
        semantic *= w.sem_alone + (1 - w.sem_alone) * covered
    parts = [(w.coverage, covered), (w.semantic, semantic)]
    if ref is not None and not pf.explicit_terms:
        # Bank points name their own terms; the reference helps points that do not.
        parts.append((w.reference, ref))
    total_weight = sum(weight for weight, _ in parts) or 1.0
    return float(sum(weight * value for weight, value in parts) / total_weight)


def _quality(features: AnswerFeatures, w: Weights) -> float:
    """Discount for very short answers and for lists of terms without explanation."""
    length = min(1.0, features.word_count / max(1, w.min_words)) ** 0.5
    explanation = features.explanation
    if features.list_question:
        explanation = max(explanation, LISTED_EXPLANATION)
    # A bank rubric names its terms, so a list of them can reach full coverage: stricter.
    bank = any(pf.explicit_terms for pf in features.points)
    floor = w.bank_explain_floor if bank else w.explain_floor
    explained = floor + (1 - floor) * ramp(explanation, 0.0, w.explain_full)
    return length * explained * _on_topic(features, w)


def _on_topic(features: AnswerFeatures, w: Weights) -> float:
    """Multiplier for an answer to a different question: 1 unless both signals say so.

    Only for bank rubrics: their terms, strong texts and model answer give a vocabulary rich
    enough to judge by. A one-sentence reference (SAF, batch input) is too thin: on SAF this
    check wrongly flagged correct answers worded differently from the reference.
    """
    if not any(pf.explicit_terms for pf in features.points):
        return 1.0
    topical = max(ramp(features.topic_words, w.topic_lex_lo, w.topic_lex_hi),
                  ramp(features.topic_similarity, w.topic_sem_lo, w.topic_sem_hi))
    return w.off_topic_floor + (1 - w.off_topic_floor) * topical


def score_offline(question: dict[str, Any], answer: str, weights: Weights = WEIGHTS
                  ) -> ScoreResult:
    """Score an answer against the rubric without any network access."""
    features = extract(question, answer or "")
    scores = combine(features, weights)
    criteria = [_criterion(pf, score, features.sentences)
                for pf, score in zip(features.points, scores, strict=True)]
    return ScoreResult(total=weighted_total(criteria), criteria=criteria, scorer="offline",
                       model=embeddings.MODEL_NAME, feedback=_overall(criteria, features, weights),
                       injection=[e.text for e in features.injections])


def _criterion(pf: PointFeatures, score: float, sents: list[Sentence]) -> CriterionResult:
    """One point's result: score, the verbatim sentence that supports it, and feedback."""
    quote = None
    if pf.best_sentence is not None and score >= QUOTE_MIN_SCORE:
        quote = sents[pf.best_sentence].text
    return CriterionResult(pf.point.id, pf.point.point, pf.point.weight, score, quote,
                           _point_feedback(pf, score, quote))


def _point_feedback(pf: PointFeatures, score: float, quote: str | None) -> str:
    """A sentence or two telling the candidate what earned credit or what was missing."""
    point = pf.point.point.rstrip(".")
    if score >= 0.6 and quote:
        return f"You covered {_lower_first(point)}: '{_shorten(quote)}'."
    if pf.negated:
        return (f"Partly covered: {_lower_first(point)}. You mention "
                f"{', '.join(pf.negated[:3])} only to say it was not done; say what you would do.")
    if score >= 0.3:
        extra = f" Say more about {', '.join(pf.missing[:3])}." if pf.missing else ""
        return f"Partly covered: {_lower_first(point)}.{extra}"
    strong = f" A strong answer: {pf.point.strong.rstrip('.')}." if pf.point.strong else ""
    return f"Missing: {_lower_first(point)}.{strong}"


def _overall(criteria: list[CriterionResult], features: AnswerFeatures, w: Weights) -> str:
    """Overall feedback: best and weakest points, then any warning that cost points."""
    notes = []
    if criteria:
        ranked = sorted(criteria, key=lambda c: (c.score, -c.weight))
        best, worst = ranked[-1], ranked[0]
        if best.score >= 0.5:
            notes.append(f"Strongest point: {_lower_first(best.point.rstrip('.'))}.")
        if worst.score < 0.6:
            notes.append(f"Most room to improve: {_lower_first(worst.point.rstrip('.'))}.")
    if features.word_count < w.min_words:
        notes.append("The answer is very short; explain your reasoning in full sentences.")
    elif features.explanation < 0.5:
        notes.append("Much of the answer reads like a list of terms; explain how they connect.")
    if features.injections:
        notes.append("Text addressed to the grader was ignored.")
    return " ".join(notes) or "A solid answer."


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like an acronym."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _shorten(text: str, limit: int = 90) -> str:
    """Trim a long quote for feedback text (the full quote is stored separately)."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


__all__ = ["WEIGHTS", "Weights", "combine", "extract", "replace", "score_offline"]
