"""The keyword report's honesty checks: is this a template, is it stuffed, can a parser
reach the candidate and read the dates, and does the resume meet the ad's stated years,
title and degree. Each check returns warnings in the report's {"code", "message"} shape.
"""

from __future__ import annotations

import re
from typing import Any

from .keywords import words

PLACEHOLDER_RE = re.compile(r"\[[A-Z0-9$%#][A-Z0-9 $%#&/_.,:;'()+-]*\]")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
TEMPLATE_SHARE = 0.5  # placeholders in at least half of the lines that hold content
SKILLS_ONLY_SHARE = 0.6  # found keywords with no evidence outside the Skills list
DEGREES = (  # (level, words in an ad or a resume), highest first
    (3, ("phd", "ph d", "doctorate", "doctoral")),
    (2, ("master", "masters", "msc", "ms", "m s", "meng", "mphil", "mba")),
    (1, ("bachelor", "bachelors", "bsc", "bs", "b s", "ba", "beng", "undergraduate")),
)
YEARS_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years|yrs)\b", re.I)
TITLE_WORDS = ("engineer", "scientist", "manager", "lead", "developer", "architect",
               "researcher", "analyst")


def warn(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def placeholders(text: str) -> list[str]:
    """Every [PLACEHOLDER], also one that a PDF line break split in two."""
    flat = " ".join(text.split())
    return list(dict.fromkeys(PLACEHOLDER_RE.findall(flat)))


def is_template(text: str) -> bool:
    """Mostly placeholders: the name or contact is one, or most content lines hold one."""
    flat = " ".join(text.split())
    if re.search(r"\[(YOUR NAME|EMAIL|PHONE)\]", flat):
        return True
    lines = [ln for ln in text.splitlines() if len(ln.split()) > 2]
    marked = [ln for ln in lines if "[" in ln]
    return bool(lines) and len(marked) / len(lines) >= TEMPLATE_SHARE


def contact_warnings(header: str) -> list[dict[str, str]]:
    """Email and phone in the body's first lines, where every parser looks."""
    missing = [n for n, rx in (("email address", EMAIL_RE), ("phone number", PHONE_RE))
               if not rx.search(header)]
    if not missing:
        return []
    return [warn("missing_contact", f"No {' or '.join(missing)} found at the top of the "
                 "resume: parsers and recruiters look for them there, as plain text.")]


def date_warnings(experience_lines: list[str], range_re: re.Pattern[str]) -> list[dict]:
    """Lines that mention a year but hold no range a parser can read ("2019 to now",
    "Spring '21 – 2023")."""
    bad = [ln.strip() for ln in experience_lines
           if YEAR_RE.search(ln) and not range_re.search(ln) and len(ln.split()) <= 12
           and not re.match(r"^\s*(?:[-*•▪◦●]|\d+[.)])\s", ln)]
    if not bad:
        return []
    shown = "; ".join(f"'{b}'" for b in bad[:3])
    return [warn("unreadable_dates", f"Dates a parser may not read: {shown}. Write each job "
                 "as 'Mon YYYY – Mon YYYY' (or '– Present').")]


def stuffing(rows: list[dict[str, Any]], sections: list[Any]) -> list[dict]:
    """Keywords that appear only in the Skills list (repeats are checked by the report)."""
    out = []
    found = [r for r in rows if r["found"]]
    only = [r for r in found if set(r["sections"]) <= {"Skills", "Technical Skills"}
            or not set(r["sections"]) - _skill_headings(sections)]
    if len(found) >= 5 and len(only) / len(found) >= SKILLS_ONLY_SHARE:
        out.append(warn("skills_only", f"{len(only)} of {len(found)} job keywords appear only "
                        "in the Skills list: recruiters and many ATS weight skills shown in "
                        "your experience. Those count half in the weighted score."))
    return out


def _skill_headings(sections: list[Any]) -> set[str]:
    return {s.heading for s in sections if s.kind == "skills"}


def evidenced(row: dict[str, Any], sections: list[Any]) -> bool:
    """Found somewhere other than the Skills list (experience, projects, summary)."""
    return bool(set(row["sections"]) - _skill_headings(sections))


def ad_requirements(jd: str, text: str, sections: list[Any], years: float) -> dict[str, Any]:
    """The ad's stated years, title and degree against the resume's."""
    out: dict[str, Any] = {}
    stated = [int(m.group(1)) for m in YEARS_RE.finditer(jd) if int(m.group(1)) <= 30]
    if stated:
        need = min(stated)
        out["years"] = {"ad": need, "resume": years, "met": years >= need}
    title = _ad_title(jd)
    if title:
        have = " ".join(s.text for s in sections if s.kind in ("header", "experience"))
        core = [w for w in _title_words(title) if w in TITLE_WORDS or len(w) > 3]
        mine = f" {' '.join(_title_words(have))} "
        hit = all(f" {w} " in mine for w in core) if core else False
        out["title"] = {"ad": title, "met": hit}
    degree = _degree(words(jd))
    if degree:
        edu = " ".join(s.text for s in sections if s.kind == "education")
        held = _degree(words(edu))
        out["degree"] = {"ad": degree[1], "resume": held[1] if held else "", "met":
                         held is not None and held[0] >= degree[0]}
    return out


SENIORITY = {"senior", "sr", "junior", "jr", "staff", "principal", "mid", "level", "i", "ii",
             "iii"}


def _title_words(text: str) -> list[str]:
    """Words of a title, "ML" read as "machine learning", seniority dropped."""
    text = re.sub(r"\bml\b", "machine learning", words(text))
    return [w for w in text.split() if w not in SENIORITY]


def _ad_title(jd: str) -> str:
    """The job title: the first short line naming a role ("Senior ML Engineer, Search")."""
    for line in jd.splitlines()[:5]:
        bare = line.strip().strip("#*").strip()
        bare = re.sub(r"^(?:job title|title|role|position)\s*:\s*", "", bare, flags=re.I)
        if 0 < len(bare.split()) <= 8 and any(w in bare.lower() for w in TITLE_WORDS):
            return re.split(r"\s+[-–—|(]\s*|,\s*", bare)[0]
    return ""


def _degree(text: str) -> tuple[int, str] | None:
    padded = f" {text} "
    for level, names in DEGREES:
        for name in names:
            if f" {name} " in padded or f" {name}s " in padded:
                return level, {3: "PhD", 2: "Master's", 1: "Bachelor's"}[level]
    return None


def requirement_warnings(req: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    if "years" in req and not req["years"]["met"]:
        y = req["years"]
        out.append(warn("years_short", f"The ad asks for {y['ad']}+ years; the resume's dates "
                        f"show about {y['resume']:g}. Make sure every relevant job has dates."))
    if "title" in req and not req["title"]["met"]:
        out.append(warn("title_mismatch", f"The ad's title is '{req['title']['ad']}'; no job "
                        "title or headline on the resume uses its words. Use the ad's title "
                        "in your headline if it fits your work."))
    if "degree" in req and not req["degree"]["met"]:
        d = req["degree"]
        have = f"found {d['resume']}" if d["resume"] else "found no degree"
        out.append(warn("degree_mismatch", f"The ad mentions a {d['ad']} degree; the Education "
                        f"section {have}. Name your degree the usual way (MSc, Master of "
                        "Science)."))
    return out
