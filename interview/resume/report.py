"""Keyword report: how well a resume covers a job description, and what to fix.

It reads a resume the way a simple ATS does: plain text, standard headings, literal
terms. Every keyword it calls "found" comes with the exact text it matched, so the
candidate (and our tests) can check the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import checks, dates
from .errors import ResumeError
from .extract import MAX_UPLOAD_BYTES, extract_text
from .keywords import (
    Keyword,
    SkillIndex,
    build_index,
    check_jd,
    extract_keywords,
    match_spans,
    phrase_key,
    tokens,
)
from .roles import RoleProfile, load_roles

__all__ = ["MAX_UPLOAD_BYTES", "extract_text", "keyword_report", "split_sections"]

MAX_RESUME_CHARS = 100_000
WORDS_PER_PAGE = 600
STUFFING_REPEATS = 8
SKILLS_DUMP_ITEMS = 40
REQUIRED_SECTIONS = ("summary", "experience", "education", "skills")
SECTION_NAMES = {
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about me",
        "objective",
        "career summary",
        "career objective",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
    ),
    "projects": (
        "projects",
        "personal projects",
        "selected projects",
        "key projects",
        "side projects",
        "academic projects",
    ),
    "education": ("education", "academic background", "education and training"),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "competencies",
        "core competencies",
        "technologies",
        "tech stack",
        "skills and tools",
        "tools and technologies",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "licenses and certifications",
        "certifications and licenses",
        "courses and certifications",
    ),
    "other": (
        "publications",
        "awards",
        "languages",
        "interests",
        "volunteering",
        "volunteer experience",
        "patents",
        "talks",
        "honors",
        "honours",
    ),
}
HEADING_OF = {name: kind for kind, names in SECTION_NAMES.items() for name in names}
PLACEHOLDER_RE = checks.PLACEHOLDER_RE
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE = rf"(?:{MONTH}\s+\d{{4}}|\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{2}}|\d{{4}})"
RANGE_RE = re.compile(rf"({DATE})\s*(?:-|–|—|to|until)\s*({DATE}|present|current|now|today)", re.I)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class ResumeSection:
    kind: str
    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _heading(line: str) -> tuple[str, str] | None:
    """(kind, heading) when a line is a resume section heading."""
    bare = line.strip().strip("#*_=-:|• \t").strip()
    key = " ".join(re.findall(r"[a-z]+", bare.lower()))
    if not key or len(bare) > 40 or key not in HEADING_OF:
        return None
    return HEADING_OF[key], bare


def split_sections(text: str) -> list[ResumeSection]:
    """Sections in reading order; lines before the first heading form the "header"."""
    sections = [ResumeSection("header", "")]
    for line in text.replace("\f", "\n").splitlines():
        found = _heading(line)
        if found:
            sections.append(ResumeSection(found[0], found[1]))
        elif line.strip():
            sections[-1].lines.append(line)
    return [s for s in sections if s.lines or s.kind != "header"]


def _phrase_hits(text: str, key: tuple[str, ...]) -> list[str]:
    """Surfaces of an unknown keyword's token sequence in text."""
    toks = tokens(text)
    n = len(key)
    return [
        text[toks[i].start : toks[i + n - 1].end]
        for i in range(len(toks) - n + 1)
        if tuple(t.stem for t in toks[i : i + n]) == key
    ]


def _hits(kw: Keyword, text: str, index: SkillIndex) -> list[str]:
    if kw.known:
        return [surface for sid, surface in match_spans(text, index) if sid == kw.canonical]
    return _phrase_hits(text, phrase_key(kw.canonical))


def _locate(kw: Keyword, sections: list[ResumeSection], index: SkillIndex) -> dict[str, Any]:
    """Where a job keyword appears in the resume, and as which exact text."""
    where: list[str] = []
    matched: list[str] = []
    for sec in sections:
        hits = _hits(kw, " ".join(sec.lines), index)  # PDF text wraps phrases across lines
        if hits:
            where.append(sec.heading or "Header")
            matched += hits
    return {
        "name": kw.name,
        "canonical": kw.canonical,
        "required": kw.required,
        "weight": kw.weight,
        "found": bool(matched),
        "sections": list(dict.fromkeys(where)),
        "matched": list(dict.fromkeys(matched)),
        "count": len(matched),
    }


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


def _credit(row: dict[str, Any]) -> float:
    """Full weight for a keyword shown in the candidate's work; half for one that is only
    listed under Skills or repeated past the stuffing limit (stuffing is not rewarded)."""
    if not row["found"]:
        return 0.0
    half = not row.get("evidenced", True) or row["count"] > STUFFING_REPEATS
    return row["weight"] * (0.5 if half else 1.0)


def _coverage(rows: list[dict[str, Any]], template: bool) -> dict[str, float | None]:
    """Shares of the job's keywords found; None for a template (its placeholders and
    suggested skills are not the candidate's coverage)."""
    if template:
        return {"coverage": None, "required_coverage": None, "weighted_coverage": None}
    found = [r for r in rows if r["found"]]
    required = [r for r in rows if r["required"]]
    return {
        "coverage": _pct(len(found), len(rows)),
        "required_coverage": _pct(sum(r["found"] for r in required), len(required)),
        "weighted_coverage": _pct(sum(_credit(r) for r in rows), sum(r["weight"] for r in rows)),
    }


def _month(text: str, end_of_year: bool) -> int | None:
    """Month number (year*12+month-1) of "Jan 2023", "01/2023", "2023-01" or "2023"."""
    if text.strip().lower() in ("present", "current", "now", "today"):
        return None
    found = loose_month(text, end_of_year)
    if found is None:  # unreachable for RANGE_RE's dates, which always carry the year
        raise ValueError(f"no year in date {text!r}")
    year, month = found
    return year * 12 + month - 1


def loose_month(text: str, end_of_year: bool) -> tuple[int, int] | None:
    """(year, month) of a date as resumes write it: "Mar 2021", "03/2021", "2021-03", or a
    bare year (January, or December at the end of a range); None without a year."""
    text = text.strip().lower()
    found = re.search(r"\d{4}", text)
    if found is None:
        return None
    if m := re.match(r"(\d{1,2})/\d{4}", text):
        month = int(m.group(1))
    elif m := re.match(r"\d{4}-(\d{2})", text):
        month = int(m.group(1))
    elif text[:3] in MONTHS:
        month = MONTHS.index(text[:3]) + 1
    else:
        month = 12 if end_of_year else 1
    return int(found.group()), min(max(month, 1), 12)


def years_in_text(sections: list[ResumeSection], today: date) -> float:
    """Years of experience from date ranges in the Experience section(s)."""
    now = today.year * 12 + today.month - 1
    spans: list[tuple[int, int]] = []
    for sec in sections:
        if sec.kind != "experience":
            continue
        for first, last in RANGE_RE.findall(sec.text):
            start, end = _month(first, end_of_year=False), _month(last, end_of_year=True)
            if end is None:
                end = now
            if start is not None and start <= end:
                spans.append((start, end))
    return dates.years_of_experience(spans)


def _pages(text: str) -> tuple[int, bool]:
    """Pages from form feeds (PDF text) or estimated from the word count."""
    if text.endswith("\f"):  # extract_text ends every PDF page with a form feed
        return text.count("\f"), False
    return max(1, -(-len(text.split()) // WORDS_PER_PAGE)), True


def _warn(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def _section_warnings(sections: list[ResumeSection]) -> list[dict[str, str]]:
    kinds = {s.kind for s in sections}
    return [
        _warn("missing_section", f"No {k.title()} section found: add one with that exact heading.")
        for k in REQUIRED_SECTIONS
        if k not in kinds
    ]


def _stuffing_warnings(rows: list[dict[str, Any]], sections: list[ResumeSection]) -> list[dict]:
    out = [
        _warn(
            "keyword_stuffing",
            f"'{r['name']}' appears {r['count']} times; "
            f"more than {STUFFING_REPEATS} reads as keyword stuffing.",
        )
        for r in rows
        if r["count"] > STUFFING_REPEATS
    ]
    for sec in (s for s in sections if s.kind == "skills"):
        items = [i for i in re.split(r"[,;|•\n]", sec.text) if i.strip()]
        if len(items) > SKILLS_DUMP_ITEMS:
            out.append(
                _warn(
                    "skills_dump",
                    f"The Skills section lists {len(items)} items; keep "
                    f"the {SKILLS_DUMP_ITEMS} or fewer that match the job and your work.",
                )
            )
    return out


def _placeholder_warnings(text: str) -> list[dict[str, Any]]:
    left = checks.placeholders(text)
    if not left:
        return []
    shown = ", ".join(left[:8]) + (" ..." if len(left) > 8 else "")
    return [
        {
            **_warn("placeholders", f"{len(left)} placeholder(s) not filled in: {shown}"),
            "items": left,
        }
    ]


def _template_warnings(template: bool) -> list[dict[str, str]]:
    if not template:
        return []
    return [_warn("template", "This is still a template: fill in the [PLACEHOLDERS] with "
                  "your own details. Keyword coverage is shown once it is your resume.")]


def _length_warnings(pages: int, estimated: bool, years: float) -> list[dict[str, str]]:
    if pages <= 2 or years >= 10:
        return []
    about = "about " if estimated else ""
    return [
        _warn(
            "too_long",
            f"The resume is {about}{pages} pages with {years:g} years of "
            "experience; keep it to two pages below ten years.",
        )
    ]


def keyword_report(
    jd_text: str,
    resume_text: str,
    role: RoleProfile | str | None = None,
    *,
    roles: dict[str, RoleProfile] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Each job keyword found (with section and matched text) or missing, plus warnings."""
    check_jd(jd_text)
    if len(resume_text) > MAX_RESUME_CHARS:
        raise ResumeError(f"The resume text is longer than {MAX_RESUME_CHARS:,} characters.")
    roles = roles if roles is not None else load_roles()
    profile = _profile(roles, role)
    index = build_index(roles, profile)
    sections = split_sections(resume_text)
    rows = [_locate(k, sections, index) for k in extract_keywords(jd_text, roles, profile, index)]
    for row in rows:
        row["evidenced"] = checks.evidenced(row, sections)
    years = years_in_text(sections, today or date.today())
    pages, estimated = _pages(resume_text)
    template = checks.is_template(resume_text)
    header = next((s.text for s in sections if s.kind == "header"), "")
    experience = [ln for s in sections if s.kind == "experience" for ln in s.lines]
    requirements = checks.ad_requirements(jd_text, resume_text, sections, years)
    warnings = (
        _template_warnings(template)
        + _section_warnings(sections)
        + checks.contact_warnings(header)
        + checks.date_warnings(experience, RANGE_RE)
        + _stuffing_warnings(rows, sections)
        + checks.stuffing(rows, sections)
        + _placeholder_warnings(resume_text)
        + _length_warnings(pages, estimated, years)
        + ([] if template else checks.requirement_warnings(requirements))
    )
    return {
        "template": template,
        "requirements": requirements,
        "role": profile.id if profile else None,
        "keywords": rows,
        "found": [r["name"] for r in rows if r["found"]],
        "missing": [r["name"] for r in rows if not r["found"]],
        "missing_required": [r["name"] for r in rows if r["required"] and not r["found"]],
        **_coverage(rows, template),
        "sections": [s.heading for s in sections if s.kind != "header"],
        "years_experience": years,
        "pages": pages,
        "pages_estimated": estimated,
        "warnings": warnings,
    }


def _profile(roles: dict[str, RoleProfile], role: RoleProfile | str | None) -> RoleProfile | None:
    if role is None or isinstance(role, RoleProfile):
        return role
    if role not in roles:
        raise ResumeError(f"unknown role {role!r}; choose one of {sorted(roles)}")
    return roles[role]
