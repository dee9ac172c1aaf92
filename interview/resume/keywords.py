"""Offline keyword extraction from a pasted job description.

ATS software mostly matches literal terms, so a candidate needs to know which terms a job
stresses and which of them are hard requirements. We match the role profiles' skills
(with synonyms and abbreviations: k8s == Kubernetes) on normalised, stemmed tokens, tell
required from nice-to-have sections, and add a few salient unknown terms at lower rank.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import ResumeError
from .roles import RoleProfile, Skill
from .vocab import (
    AD_NOISE,
    AMBIGUOUS,
    DETERMINERS,
    GENERAL,
    HEADINGS,
    NICE,
    NICE_CUES,
    OTHER,
    REQUIRED,
    REQUIRED_CUES,
    RESP,
    SECTION_SCORE,
    STOPWORDS,
)

__all__ = ["STOPWORDS", "Keyword", "build_index", "extract_keywords", "match_spans"]

MAX_JD_CHARS = 20_000
TOKEN_RE = re.compile(r"[a-z0-9]+(?:\+\+|#)?")
MAX_UNKNOWN = 8

@dataclass(frozen=True)
class Keyword:
    """A job keyword ranked for the candidate; `canonical` is a skill id when known."""

    name: str
    canonical: str
    required: bool
    weight: float
    aliases: tuple[str, ...]
    count: int = 1
    known: bool = True
    found_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Token:
    stem: str
    start: int
    end: int


@dataclass
class SkillIndex:
    """Alias phrases (stemmed token tuples) mapped to skill ids, across all profiles."""

    phrases: dict[tuple[str, ...], str]
    skills: dict[str, Skill]
    weights: dict[str, int]
    maxlen: int = field(default=1)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Light stemming: plural endings and the verb forms a resume uses.

    "models" == "model"; "retrains", "retrained", "retraining" == "retrain";
    "productionized" == "productionize"; "fine-tuned" == "fine-tune"; "mentored" ==
    "mentor". A full Porter/Snowball stem conflates words a recruiter keeps apart
    ("production" and "product"), so only these endings are folded, and only when a
    stem of at least three letters is left.
    """
    if len(word) <= 3 or any(c.isdigit() for c in word) or word.endswith(("+", "#")):
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith(("ss", "is")) or (word.endswith("us") and len(word) > 4):
        return word
    elif word.endswith("s"):
        word = word[:-1]
    return _verb_stem(word)


ED_WORDS = frozenset({"embed", "speed", "need", "seed", "feed", "breed", "shed", "bred", "red"})


def _verb_stem(word: str) -> str:
    """"-ing", "-ed" and a final "-e" off, a doubled final consonant undone."""
    base = word
    if word.endswith("ing") and len(word) - 3 >= 3:
        base = word[:-3]
    elif word.endswith("ed") and len(word) - 2 >= 3 and word not in ED_WORDS:
        base = word[:-2]
    if base != word and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
        base = base[:-1]  # "shipped" -> "ship", "embedding" -> "embed"
    if base.endswith("e") and len(base) >= 4 and not base.endswith(("ee", "ue")):
        base = base[:-1]  # "tune" == "tuned" == "tuning" -> "tun"
    return base


def normalise(text: str) -> str:
    """NFKC, lower-case and straight quotes, so pasted text from any source compares."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("\u2019", "'").replace("\u2018", "'")


def tokens(text: str) -> list[Token]:
    """Stemmed word tokens with character spans into `text` (same length after lower())."""
    low = normalise(text)
    if len(low) != len(text):  # a ligature or similar expanded: keep spans aligned instead
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return [Token(stem(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(low)]


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lookup key of an alias: its stemmed tokens."""
    return tuple(t.stem for t in tokens(phrase))


def words(text: str) -> str:
    """Lower-case words joined by single spaces, for heading and cue matching."""
    return " ".join(re.findall(r"[a-z0-9]+", normalise(text)))


def build_index(roles: dict[str, RoleProfile], role: RoleProfile | None = None) -> SkillIndex:
    """Merge every profile's skills; weights come from `role` when given (else the max)."""
    phrases: dict[tuple[str, ...], str] = {}
    skills: dict[str, Skill] = {}
    weights: dict[str, int] = {}
    for profile in roles.values():
        for skill in profile.skills:
            skills.setdefault(skill.id, skill)
            weights[skill.id] = max(weights.get(skill.id, 1), skill.weight)
            for alias in skill.keywords:
                phrases.setdefault(phrase_key(alias), skill.id)
    if role is not None:
        weights = {sid: 1 for sid in skills} | {s.id: s.weight for s in role.skills}
    maxlen = max((len(k) for k in phrases), default=1)
    return SkillIndex(phrases, skills, weights, maxlen)


def _scan(toks: list[Token], index: SkillIndex, text: str = "") -> Iterator[tuple[int, int, str]]:
    """Greedy longest-match scan: yields (start token, length, skill id).

    With the text, matches that are really other words are skipped: part of a hyphenated
    word ("X-ray" is not Ray, "TF-IDF" is not TensorFlow), an ambiguous alias used as an
    English word ("carried the torch"), and an abbreviation the text defines for another
    term ("Terraform (TF)").
    """
    i = 0
    last: tuple[int, str] | None = None  # (end token, skill id) of the previous match
    while i < len(toks):
        for n in range(min(index.maxlen, len(toks) - i), 0, -1):
            sid = index.phrases.get(tuple(t.stem for t in toks[i : i + n]))
            if sid is not None:
                if text and _not_the_skill(toks, i, n, sid, text, last):
                    continue
                yield i, n, sid
                last = (i + n, sid)
                i += n
                break
        else:
            i += 1


def _not_the_skill(
    toks: list[Token], i: int, n: int, sid: str, text: str, last: tuple[int, str] | None
) -> bool:
    start, end = toks[i].start, toks[i + n - 1].end
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if n == 1 and len(before) == 2 and before[1] == "-" and before[0].isalnum():
        return True  # "X-ray"
    if n == 1 and end - start <= 3 and len(after) == 2 and after[0] == "-" and after[1].isalpha():
        return True  # "TF-IDF"
    word = text[start:end].lower()
    if n == 1 and word in AMBIGUOUS and i and text[toks[i - 1].start : toks[i - 1].end].lower(
    ) in DETERMINERS:
        return True  # "the torch"
    if before.endswith("(") and text[end : end + 1] == ")" and i:
        return not (last and last[0] == i and last[1] == sid)  # "Terraform (TF)"
    return False


def match_spans(text: str, index: SkillIndex) -> Iterator[tuple[str, str]]:
    """Yield (skill id, surface text) for each alias found in `text`."""
    toks = tokens(text)
    for i, n, sid in _scan(toks, index, text):
        yield sid, text[toks[i].start : toks[i + n - 1].end]


def check_jd(jd_text: str) -> str:
    """Enforce the size limit with a message that states it."""
    if len(jd_text) > MAX_JD_CHARS:
        raise ResumeError(
            f"The job description is {len(jd_text):,} characters long; "
            f"the limit is {MAX_JD_CHARS:,} characters."
        )
    return jd_text


def heading_kind(line: str) -> str | None:
    """The section kind a heading line opens, or None when the line is not a heading.

    A heading is short, not a bullet, and mostly made of a known phrase ("Nice to have",
    "Preferred qualifications"): "Production experience with K8s" is content, not a heading.
    """
    if BULLET_RE.match(line):
        return None
    bare = line.strip().strip("#*_=-:• \t").strip()
    text = words(bare)
    n_words = len(text.split())
    if not text or n_words > 6 or len(bare) > 60 or bare.endswith("."):
        return None
    padded = f" {text} "
    for kind, phrases in HEADINGS:
        best = max((len(p.split()) for p in phrases if f" {p} " in padded), default=0)
        if best and (best * 2 >= n_words or line.rstrip().endswith(":")):
            return kind
    return None
    padded = f" {text} "
    for kind, phrases in HEADINGS:
        if any(f" {p} " in padded for p in phrases):
            return kind
    return None


BULLET_RE = re.compile(r"^\s*(?:[-*•+▪◦]|\d+[.)])\s+")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


def _units(jd_text: str) -> Iterator[tuple[str, str]]:
    """(section kind, text) per bullet or paragraph, re-joining lines wrapped by the paste."""
    current = GENERAL
    buf: list[str] = []
    for line in jd_text.splitlines() + [""]:
        kind = heading_kind(line)
        if kind is not None or not line.strip() or BULLET_RE.match(line) or line.startswith("#"):
            if buf:
                yield current, " ".join(buf)
            buf = []
        if kind is not None:
            current = kind
        elif line.strip():
            buf.append(BULLET_RE.sub("", line).strip().lstrip("#").strip())


def classify_lines(jd_text: str) -> tuple[list[tuple[str, str]], bool]:
    """Sentences with their kind, and whether the job has a requirements heading.

    Inline cues ("Spark is a plus") override the section the sentence sits in.
    """
    has_required = any(heading_kind(line) == REQUIRED for line in jd_text.splitlines())
    out = [
        (_line_kind(sentence, kind), sentence)
        for kind, unit in _units(jd_text)
        for sentence in SENTENCE_RE.split(unit)
    ]
    return out, has_required


def _line_kind(line: str, current: str) -> str:
    padded = f" {words(line)} "
    if current != OTHER and any(f" {c} " in padded for c in NICE_CUES):
        return NICE
    if current in (GENERAL, OTHER) and any(f" {c} " in padded for c in REQUIRED_CUES):
        return REQUIRED
    return current


@dataclass
class _Hit:
    name: str
    kinds: list[str] = field(default_factory=list)
    surfaces: set[str] = field(default_factory=set)


def extract_keywords(
    jd_text: str,
    roles: dict[str, RoleProfile],
    role: RoleProfile | str | None = None,
    index: SkillIndex | None = None,
) -> list[Keyword]:
    """Ranked keywords of a job description: required before nice-to-have, then by score."""
    check_jd(jd_text)
    profile = roles.get(role) if isinstance(role, str) else role
    index = index or build_index(roles, profile)
    lines, has_required = classify_lines(jd_text)
    known = _known_hits(lines, index)
    found = [_known_keyword(sid, hit, index, has_required) for sid, hit in known.items()]
    found += _unknown_keywords(lines, index, has_required, {k.name.lower() for k in found})
    return sorted(found, key=lambda k: (not k.required, -k.weight, k.name.lower()))


def _known_hits(lines: list[tuple[str, str]], index: SkillIndex) -> dict[str, _Hit]:
    hits: dict[str, _Hit] = {}
    for kind, line in lines:
        for sid, surface in match_spans(line, index):
            hit = hits.setdefault(sid, _Hit(index.skills[sid].name))
            hit.kinds.append(kind)
            hit.surfaces.add(surface)
    return hits


def _is_required(kinds: Iterable[str], has_required: bool) -> bool:
    """Required when stated in a requirements or duties section (or anywhere, if no headings)."""
    strong = {REQUIRED, RESP} if has_required else {REQUIRED, RESP, GENERAL}
    return any(k in strong for k in kinds)


def _score(kinds: list[str], has_required: bool) -> float:
    """Best section score plus a capped bonus for repetition."""
    scores = [SECTION_SCORE[REQUIRED if k == GENERAL and not has_required else k] for k in kinds]
    return max(scores) + 0.5 * min(len(kinds) - 1, 4)


def _known_keyword(sid: str, hit: _Hit, index: SkillIndex, has_required: bool) -> Keyword:
    skill = index.skills[sid]
    factor = 0.6 + 0.2 * index.weights.get(sid, 1)
    return Keyword(
        name=skill.name,
        canonical=sid,
        required=_is_required(hit.kinds, has_required),
        weight=round(_score(hit.kinds, has_required) * factor, 2),
        aliases=tuple(
            dict.fromkeys(skill.keywords + tuple(sorted(x.lower() for x in hit.surfaces)))
        ),
        count=len(hit.kinds),
        found_as=tuple(sorted(hit.surfaces, key=str.lower)),
    )


_BREAK = re.compile(r"[,;:.()\[\]/|•!?]")


def _runs(line: str, index: SkillIndex) -> list[list[Token]]:
    """Runs of adjacent unknown, non-stopword tokens, split at punctuation and known skills."""
    toks = tokens(line)
    used = {j for i, n, _ in _scan(toks, index, line) for j in range(i, i + n)}
    runs: list[list[Token]] = [[]]
    for j, tok in enumerate(toks):
        gap = line[toks[j - 1].end : tok.start] if j else ""
        word = line[tok.start : tok.end].lower()
        noise = word in STOPWORDS or word in AD_NOISE or len(word) < 2
        if j in used or noise or _BREAK.search(gap):
            runs.append([])
        if j not in used and not noise:
            runs[-1].append(tok)
    return [r for r in runs if r]


def _looks_technical(line: str, tok: Token) -> bool:
    """Digits, inner capitals (PyTorch, SQL) or a capital in mid-sentence (Snowflake)."""
    surface = line[tok.start : tok.end]
    if surface.isdigit():
        return False
    if any(c.isdigit() for c in surface) or any(c.isupper() for c in surface[1:]):
        return True
    if _title_case(line):
        return False
    before = line[: tok.start].rstrip()
    return surface[:1].isupper() and bool(before) and before[-1] not in ".!?:•*-#>"


def _title_case(line: str) -> bool:
    """A title ("Senior ML Engineer, Search") capitalises every word: no signal there."""
    caps = [w[0].isupper() for w in re.findall(r"[A-Za-z][\w-]*", line) if len(w) > 3]
    return len(caps) >= 2 and sum(caps) / len(caps) >= 0.6


def _candidates(line: str, index: SkillIndex) -> Iterator[tuple[tuple[str, ...], str, bool]]:
    """(stem key, surface, technical-looking) for unknown 1-3 word phrases of a line."""
    for run in _runs(line, index):
        for n in (3, 2, 1):
            for i in range(len(run) - n + 1):
                part = run[i : i + n]
                surface = line[part[0].start : part[-1].end]
                tech = n == 1 and _looks_technical(line, part[0])
                yield tuple(t.stem for t in part), surface, tech


def _unknown_keywords(
    lines: list[tuple[str, str]], index: SkillIndex, has_required: bool, taken: set[str]
) -> list[Keyword]:
    """Salient terms no profile knows: technical-looking words or repeated phrases."""
    seen: dict[tuple[str, ...], _Hit] = {}
    tech: set[tuple[str, ...]] = set()
    for kind, line in lines:
        if kind == OTHER:
            continue
        for key, surface, is_tech in _candidates(line, index):
            hit = seen.setdefault(key, _Hit(surface))
            hit.kinds.append(kind)
            hit.surfaces.add(surface.lower())
            if is_tech:
                tech.add(key)
    keep = [k for k, h in seen.items() if (k in tech or (len(k) > 1 and len(h.kinds) > 1))]
    keep = [k for k in keep if seen[k].name.lower() not in taken]
    keep.sort(key=lambda k: (-len(seen[k].kinds), -len(k)))
    return [_unknown_keyword(k, seen[k], has_required) for k in _drop_nested(keep)[:MAX_UNKNOWN]]


def _drop_nested(keys: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Keep the longer phrase when one kept phrase sits inside another."""
    out: list[tuple[str, ...]] = []
    for key in sorted(keys, key=len, reverse=True):
        text = " " + " ".join(key) + " "
        if not any(text in " " + " ".join(o) + " " for o in out):
            out.append(key)
    return sorted(out, key=keys.index)


def _unknown_keyword(key: tuple[str, ...], hit: _Hit, has_required: bool) -> Keyword:
    return Keyword(
        name=hit.name,
        canonical=" ".join(key),
        required=_is_required(hit.kinds, has_required),
        weight=round(0.4 * _score(hit.kinds, has_required), 2),
        aliases=tuple(sorted(hit.surfaces)),
        count=len(hit.kinds),
        known=False,
        found_as=(hit.name,),
    )
