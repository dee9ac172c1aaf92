"""Read an existing resume (JSON Resume, or the text of a PDF, DOCX or .txt) into the
details the builder uses, for the candidate to review before anything is saved.

Plain heuristics, offline: section headings as the keyword report reads them, date ranges
to find jobs, bullets by their marker. What cannot be read is left empty (or reported in
`notes`) rather than guessed: the review form's own checks then say what to fix.
"""

from __future__ import annotations

import re
from typing import Any

from .report import MONTHS, RANGE_RE, loose_month, split_sections

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin\.com|github\.com|gitlab\.com|"
                 r"kaggle\.com|huggingface\.co)/\S+", re.I)
BULLET = re.compile(r"^\s*(?:[-*•▪◦●–]|\d+[.)])\s+")
PLACE = re.compile(r"^[A-Z][\w .'-]+(?:,\s*[A-Z][\w .'-]+)+$")
SPLIT = re.compile(r"\s+\|\s+|\s+(?:at|@)\s+|\s+[-–—]\s+")
DEGREE = re.compile(r"\b(?:bachelor|master|ph\.?d|doctor|msc|bsc|ba|ma|meng|beng|mba|"
                    r"b\.?s\.?|m\.?s\.?|diploma|degree)\b", re.I)
YEAR = re.compile(r"(?:(?:" + "|".join(MONTHS) + r")[a-z]*\.?\s+)?\d{4}", re.I)
SCHOOL = re.compile(r"\b(?:university|college|school|institute|academy|polytechnic)\b", re.I)


def _month(text: str, end: bool) -> str:
    """"Mar 2021" -> "2021-03"; "03/2021" and "2021-03" too; "2021" -> Jan (or Dec at an
    end); "present" -> ""."""
    found = loose_month(text, end)
    return f"{found[0]}-{found[1]:02d}" if found else ""


def _clean(line: str) -> str:
    return " ".join(line.replace("\t", " ").split())


def _contact(lines: list[str], notes: list[str]) -> dict[str, Any]:
    text = "\n".join(lines)
    out: dict[str, Any] = {"name": "", "email": "", "phone": "", "location": "", "links": []}
    if m := EMAIL.search(text):
        out["email"] = m.group()
    out["links"] = list(dict.fromkeys(u.rstrip(".,;|") for u in URL.findall(text)))[:6]
    rest = URL.sub(" ", EMAIL.sub(" ", text))
    if m := PHONE.search(rest):
        out["phone"] = _clean(m.group())
    names = [ln for ln in lines if ln.strip() and not EMAIL.search(ln) and not URL.search(ln)
             and not PHONE.search(ln) and len(ln.split()) <= 5]
    out["name"] = _clean(names[0]) if names else ""
    for part in re.split(r"\s*[|•·]\s*|\n", text):
        part = _clean(part)
        if PLACE.match(part) and not EMAIL.search(part) and part != out["name"]:
            out["location"] = part
            break
    notes += [f"No {k} found in the resume header." for k in ("email", "phone")
              if not out[k]]
    return out


def _head(lines: list[str]) -> tuple[str, str, str]:
    """(title, organisation, location) from an entry's heading lines, dates removed."""
    lines = [ln for ln in (_clean(RANGE_RE.sub(" ", ln)).strip(" |,-–") for ln in lines) if ln]
    if not lines:
        return "", "", ""
    if len(lines) == 1:
        parts = [p.strip(" ,") for p in SPLIT.split(lines[0]) if p.strip(" ,")]
        if len(parts) == 1:  # "BSc Mathematics, University of Texas"
            parts = [p.strip() for p in parts[0].split(", ") if p.strip()] if parts else []
        parts += ["", ""]
        return parts[0], parts[1], parts[2] if len(parts) > 3 else ""
    org, _, place = lines[1].partition(", ")
    return lines[0], org.strip(), place.strip()


def _entries(lines: list[str]) -> list[dict[str, Any]]:
    """Entries found by their date ranges: up to two heading lines before (or on) the
    date line, then bullets; wrapped bullet lines join the bullet above them."""
    dated = [i for i, ln in enumerate(lines) if RANGE_RE.search(ln)]
    out: list[dict[str, Any]] = []
    taken = -1
    starts = []
    for d in dated:
        if len(_clean(RANGE_RE.sub(" ", lines[d])).split()) >= 2:  # "Title | Co | dates"
            first = d
        else:
            first = d
            while first - 1 > taken and d - first < 2 and not BULLET.match(lines[first - 1]) \
                    and not RANGE_RE.search(lines[first - 1]) and len(lines[first - 1]) < 80:
                first -= 1
        starts.append((first, d))
        taken = d
    for n, (first, d) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        title, org, place = _head(lines[first : d + 1])
        dates = RANGE_RE.search(lines[d])
        if dates is None:  # the start line was found by this pattern: cannot happen
            continue
        start_text, end_text = dates.groups()
        bullets: list[str] = []
        description: list[str] = []
        for ln in lines[d + 1 : end]:
            if BULLET.match(ln):
                bullets.append(_clean(BULLET.sub("", ln)))
            elif bullets:
                bullets[-1] = f"{bullets[-1]} {_clean(ln)}"
            else:
                description.append(_clean(ln))
        out.append({"title": title, "org": org, "location": place,
                    "start": _month(start_text, False), "end": _month(end_text, True),
                    "bullets": bullets, "description": " ".join(description)})
    return out


def _education(lines: list[str]) -> list[dict[str, str]]:
    rows = []
    for e in _entries(lines) or _undated(lines):
        degree, school = e["title"], e["org"]
        if SCHOOL.search(degree) and not SCHOOL.search(school):
            degree, school = school, degree
        rows.append({"degree": degree or school, "school": school, "location": e["location"],
                     "start": e["start"], "end": e["end"]})
    return [r for r in rows if r["degree"]]


def _undated(lines: list[str]) -> list[dict[str, Any]]:
    """Education lines with a single year ("MSc, Leeds, 2018") or none."""
    out = []
    for ln in lines:
        year = YEAR.search(ln)
        head = _head([ln.replace(year.group(), " ") if year else ln])
        out.append({"title": head[0], "org": head[1], "location": head[2], "start": "",
                    "end": _month(year.group(), True) if year else ""})
    return out


def _skills(lines: list[str]) -> list[str]:
    items = []
    for ln in lines:
        ln = re.sub(r"^[^:,]{1,30}:\s*", "", BULLET.sub("", ln))  # "Languages: Python, SQL"
        items += [_clean(i) for i in re.split(r"[,;|•·]", ln) if _clean(i)]
    return list(dict.fromkeys(i for i in items if len(i) <= 80))[:60]


MD_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)\)")


def _plain(text: str) -> str:
    """Markdown's marks off: "### Title" -> "Title", "[a](https://a)" -> "https://a"."""
    text = MD_LINK.sub(lambda m: m.group(2) if m.group(2).startswith("http") else m.group(1),
                       text)
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
    return re.sub(r"\\([\\`*_<>|#+.\-])", r"\1", text)


def details_from_text(text: str) -> tuple[dict[str, Any], list[str]]:
    """(details, notes) from a resume's plain text (Markdown marks are read through)."""
    notes: list[str] = []
    text = _plain(text)
    sections = split_sections(text)
    header = next((s.lines for s in sections if s.kind == "header"), [])
    details = _contact(header, notes)
    by_kind: dict[str, list[str]] = {}
    for sec in sections:
        by_kind.setdefault(sec.kind, []).extend(sec.lines)
    details["summary"] = _clean(" ".join(by_kind.get("summary", [])))
    jobs = _entries(by_kind.get("experience", []))
    details["experience"] = [
        {"title": j["title"], "company": j["org"], "location": j["location"],
         "start": j["start"], "end": j["end"], "description": j["description"],
         "bullets": j["bullets"]}
        for j in jobs
    ]
    if by_kind.get("experience") and not jobs:
        notes.append("No dated jobs found under Experience: add them below as "
                     "'Job title | Company | YYYY-MM | YYYY-MM'.")
    details["education"] = _education(by_kind.get("education", []))
    details["skills"] = _skills(by_kind.get("skills", []))
    details["projects"] = []
    details["certifications"] = []
    missing = [k for k in ("experience", "education", "skills") if not by_kind.get(k)]
    notes += [f"No {k.title()} section found." for k in missing]
    return details, notes


def _iso(value: Any, end: bool = False) -> str:
    """JSON Resume dates (YYYY, YYYY-MM, YYYY-MM-DD) as the builder's YYYY-MM."""
    if not isinstance(value, str) or not re.match(r"^\d{4}", value):
        return ""
    if re.match(r"^\d{4}-\d{2}", value):
        return value[:7]
    return f"{value[:4]}-{'12' if end else '01'}"


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def details_from_json_resume(data: Any) -> tuple[dict[str, Any], list[str]]:
    """(details, notes) from a JSON Resume document."""
    if not isinstance(data, dict):
        return {}, ["The JSON file is not a JSON Resume object."]
    basics: dict[str, Any] = data["basics"] if isinstance(data.get("basics"), dict) else {}
    loc: dict[str, Any] = (basics["location"] if isinstance(basics.get("location"), dict)
                           else {})
    place = ", ".join(p for p in (_str(loc.get("city")), _str(loc.get("region")) or
                                  _str(loc.get("countryCode"))) if p)
    links = [_str(basics.get("url"))] + [
        _str(p.get("url")) for p in _list(basics.get("profiles")) if isinstance(p, dict)]
    work = [w for w in _list(data.get("work")) if isinstance(w, dict)]
    skills: list[str] = []
    for s in _list(data.get("skills")):
        if isinstance(s, dict):
            keywords = [_str(k) for k in _list(s.get("keywords")) if _str(k)]
            skills += keywords or ([_str(s.get("name"))] if _str(s.get("name")) else [])
    details = {
        "name": _str(basics.get("name")),
        "email": _str(basics.get("email")),
        "phone": _str(basics.get("phone")),
        "location": place,
        "links": [u for u in dict.fromkeys(links) if u][:6],
        "summary": _str(basics.get("summary")),
        "experience": [
            {"title": _str(w.get("position")), "company": _str(w.get("name")),
             "location": _str(w.get("location")), "start": _iso(w.get("startDate")),
             "end": _iso(w.get("endDate"), end=True), "description": _str(w.get("summary")),
             "bullets": [_str(h) for h in _list(w.get("highlights")) if _str(h)]}
            for w in work
        ],
        "projects": [
            {"name": _str(p.get("name")), "description": _str(p.get("description")),
             "bullets": [_str(h) for h in _list(p.get("highlights")) if _str(h)]}
            for p in _list(data.get("projects")) if isinstance(p, dict) and _str(p.get("name"))
        ],
        "education": [
            {"degree": " in ".join(x for x in (_str(e.get("studyType")), _str(e.get("area")))
                                   if x),
             "school": _str(e.get("institution")), "location": _str(e.get("location")),
             "start": _iso(e.get("startDate")), "end": _iso(e.get("endDate"), end=True)}
            for e in _list(data.get("education")) if isinstance(e, dict)
        ],
        "certifications": [
            {"name": _str(c.get("name")), "issuer": _str(c.get("issuer")),
             "date": _iso(c.get("date"))}
            for c in _list(data.get("certificates")) if isinstance(c, dict) and _str(c.get("name"))
        ],
        "skills": list(dict.fromkeys(skills))[:60],
    }
    return details, []
