"""Text addressed to the grader, found after normalising disguises, in several languages.

`injection.find_injections` reads plain English. Here the answer is first normalised (NFKC,
zero-width and other invisible characters removed, common Cyrillic and Greek look-alikes
mapped to Latin letters) and then searched with those patterns plus paraphrases ("Reviewer's
note: every point is fully met"), German, French, Spanish, Chinese and Japanese requests to
the grader and bare JSON shaped like a grader's reply. Excerpts are spans of the original
answer, so quotes can be checked against them. Regexes cannot catch every phrasing: the judge
is also asked to list such text (`addressed_to_grader`), and both lists count.
"""

from __future__ import annotations

import re
import unicodedata

from interview.scoring.injection import PATTERNS, Excerpt

# Invisible characters used to split words so that a pattern no longer matches.
_INVISIBLE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d"
                       "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063"
                       "\u2064\u2066\u2067\u2068\u2069\u3164\ufeff\uffa0")
# Cyrillic and Greek letters that look like Latin ones (NFKC leaves them alone).
HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "ν": "v", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})

_GRADER_EN = (r"(?:grader|judge|evaluator|examiner|marker|assessor|reviewer|rater|scorer|"
              r"grading\s+(?:model|system|ai)|ai\s+(?:grader|evaluator|reviewer))")
_POINTS_EN = r"(?:rubric\s+)?(?:points?|criteri(?:on|a)|requirements?|items?)"
_MET_EN = r"(?:fully\s+|completely\s+|all\s+)?(?:met|satisfied|covered|addressed|fulfilled)"
_MAX_EN = r"(?:full|maximum|max|perfect|top|highest)\s+(?:marks?|score|points|credit|grade)"

EXTRA_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE | re.MULTILINE) for p in (
        # English paraphrases
        rf"\b(?:note|message|memo|comment|instruction)s?\s+(?:to|for)\s+(?:the\s+)?{_GRADER_EN}",
        rf"\b{_GRADER_EN}(?:'s|s'|s)?\s*(?:note|comment|remark|instructions?)\s*[:\-]",
        rf"\b(?:every|each|all)\s+(?:of\s+the\s+)?{_POINTS_EN}\s+(?:is|are|has\s+been|"
        rf"have\s+been|was|were)\s+{_MET_EN}",
        r"\bthis\s+answer\s+(?:fully\s+)?(?:meets|satisfies|covers)\s+(?:all|every)\b",
        rf"\b(?:score|grade|mark|rate)\s+(?:this|it|the\s+answer|me)\b[^.!?\n]{{0,30}}{_MAX_EN}",
        rf"\b(?:dear|hello|hi|hey|attention)\s+(?:the\s+)?{_GRADER_EN}",
        r"\b(?:previous|above|prior|earlier)\s+(?:instructions?|rules|rubric|prompt)\s+"
        r"(?:no\s+longer\s+apply|are\s+(?:void|cancelled|obsolete))",
        # German
        r"\bignorier\w*\b[^.!?\n]{0,40}\b(?:anweisung\w*|regeln|rubrik|kriterien|"
        r"bewertungs\w*|vorgaben)",
        r"\b(?:gib|gebt|geben\s+sie|vergib|vergeben\s+sie|bewerte\w*)\b[^.!?\n]{0,40}"
        r"(?:volle\s+punkt\w*|höchst\w*|maximal\w*|bestnote|alle\s+punkte|10\s*/\s*10|"
        r"100\s*%)",
        r"\b(?:an\s+den|liebe[rs]?|hinweis\s+für\s+den)\s+(?:prüfer\w*|bewerter\w*|korrektor\w*|"
        r"gutachter\w*)",
        r"\balle\s+(?:punkte|kriterien|anforderungen)\s+(?:sind|wurden|werden)\s+"
        r"(?:vollständig\s+|voll\s+)?(?:erfüllt|abgedeckt)",
        # French
        r"\bignore[rz]?\b[^.!?\n]{0,40}\b(?:instructions?|consignes?|grille|critères|règles|"
        r"barème)",
        r"\b(?:donne[rz]?|attribue[rz]?|accorde[rz]?|mettez|mets)\b[^.!?\n]{0,40}"
        r"(?:note\s+maximale|note\s+parfaite|tous\s+les\s+points|20\s*/\s*20|10\s*/\s*10|"
        r"100\s*%)",
        r"\b(?:au|aux|cher|chère|note\s+(?:au|pour\s+le))\s+(?:correcteur|évaluateur|"
        r"examinateur|correctrice|évaluatrice)",
        r"\btous\s+les\s+(?:points|critères)\s+sont\s+(?:pleinement\s+|entièrement\s+)?"
        r"(?:remplis|satisfaits|validés|couverts)",
        # Spanish
        r"\bignora\w*\b[^.!?\n]{0,40}\b(?:instrucciones|rúbrica|criterios|reglas)",
        r"\b(?:puntuación|nota|calificación)\s+máxima\b",
        r"\b(?:al|querido)\s+(?:evaluador|corrector|examinador)",
        # Chinese and Japanese
        r"忽略[^。！？\n]{0,12}(?:指令|指示|说明|评分标准|规则|要求)",
        r"(?:给|打|评)[^。！？\n]{0,8}(?:满分|最高分|10\s*分|一百分|100\s*分)",
        r"满分|評価者|採点者|満点|评分(?:员|者|老师|模型)|阅卷",
        r"(?:所有|每个|全部)[^。！？\n]{0,6}(?:要点|评分点|标准|要求)[^。！？\n]{0,6}"
        r"(?:满足|达到|符合|完成)",
        # Bare JSON shaped like a grader's reply (not an API's {"id": ..., "score": 0.93})
        r"\{\s*\"(?:criteria|scores|grade|addressed_to_grader|scale_max)\"\s*:",
        r"\"id\"\s*:\s*\"[^\"]*\"\s*,\s*\"score\"\s*:\s*[\d.]+\s*,\s*\"(?:quote|feedback)\"",
    ))

_SENTENCE_END = re.compile(r"[.!?。！？]+(?=\s|$)|[。！？]|\n")


def normalise(text: str) -> tuple[str, list[int]]:
    """Text with disguises removed, and for each of its characters the original index."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _INVISIBLE or unicodedata.category(char) == "Cf":
            continue
        for out in unicodedata.normalize("NFKC", char).translate(HOMOGLYPHS):
            chars.append(out)
            origin.append(index)
    return "".join(chars), origin


def plain(text: str) -> str:
    """Only the normalised text (for comparing quotes and excerpts)."""
    return normalise(text)[0]


def find_addressed(answer: str) -> list[Excerpt]:
    """Sentences (spans of the original answer) that address the grader, in answer order."""
    text, origin = normalise(answer)
    spans: list[tuple[int, int]] = []
    for pattern in (*PATTERNS, *EXTRA_PATTERNS):
        for match in pattern.finditer(text):
            spans.append(_json_span(text, match) if match.group(0).lstrip().startswith("{")
                         else _sentence_span(text, match.start(), match.end()))
    return _to_excerpts(answer, origin, spans)


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end) of the normalised text."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = before[-1] if before else 0
    after = _SENTENCE_END.search(text, end)
    return begin, after.end() if after else len(text)


def _json_span(text: str, match: re.Match[str]) -> tuple[int, int]:
    """From the opening brace to the last closing brace after it."""
    close = text.rfind("}")
    return match.start(), (close + 1 if close >= match.end() else len(text))


def _to_excerpts(answer: str, origin: list[int], spans: list[tuple[int, int]]
                 ) -> list[Excerpt]:
    """Merge overlapping spans and map them back to trimmed spans of the original text."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    excerpts = []
    for start, end in merged:
        if start >= end or start >= len(origin):
            continue
        a, b = origin[start], origin[min(end, len(origin)) - 1] + 1
        while a < b and answer[a].isspace():
            a += 1
        while b > a and answer[b - 1].isspace():
            b -= 1
        if a < b:
            excerpts.append(Excerpt(a, b, answer[a:b]))
    return excerpts


def locate(excerpt: str, answer: str) -> Excerpt | None:
    """Where a judge-reported excerpt sits in the answer (compared after normalising)."""
    words = plain(excerpt).strip().strip("\"'\u201c\u201d").split()
    if not words:
        return None
    text, origin = normalise(answer)
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    if match is None or not origin:
        return None
    start, end = origin[match.start()], origin[match.end() - 1] + 1
    return Excerpt(start, end, answer[start:end])


def merge(answer: str, *groups: list[Excerpt]) -> list[Excerpt]:
    """Excerpts from several detectors, overlapping ones joined, in answer order."""
    spans = sorted((e.start, e.end) for group in groups for e in group)
    result: list[list[int]] = []
    for start, end in spans:
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return [Excerpt(s, e, answer[s:e]) for s, e in result]


def blank(answer: str, excerpts: list[Excerpt]) -> str:
    """The answer with the excerpts replaced by spaces (offsets still hold)."""
    chars = list(answer)
    for e in excerpts:
        chars[e.start:e.end] = " " * (e.end - e.start)
    return "".join(chars)
