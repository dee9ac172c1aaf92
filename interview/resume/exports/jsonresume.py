"""JSON Resume export and import, validated against the schema kept in the repository.

Validation checks formats too (email, uri), so a placeholder never sits where the format
needs a real value: "[EMAIL]" and "[LINKEDIN URL]" are left out of the JSON, and a link
typed without a scheme ("github.com/ada") gets "https://".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft7Validator, FormatChecker

from ..build import Entry, Resume, Section
from ..errors import ResumeError
from .common import EMAIL_RE, link_target

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "jsonresume.schema.json"
NETWORKS = {
    "linkedin.com": "LinkedIn",
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "kaggle.com": "Kaggle",
    "huggingface.co": "Hugging Face",
    "scholar.google.com": "Google Scholar",
    "x.com": "X",
    "twitter.com": "X",
}


COUNTRY_CODES = {
    "uk": "GB", "united kingdom": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "great britain": "GB", "gb": "GB", "us": "US", "usa": "US", "united states": "US",
    "canada": "CA", "ireland": "IE", "germany": "DE", "france": "FR", "spain": "ES",
    "italy": "IT", "netherlands": "NL", "the netherlands": "NL", "belgium": "BE",
    "switzerland": "CH", "austria": "AT", "sweden": "SE", "norway": "NO", "denmark": "DK",
    "finland": "FI", "poland": "PL", "portugal": "PT", "india": "IN", "singapore": "SG",
    "japan": "JP", "china": "CN", "australia": "AU", "new zealand": "NZ", "brazil": "BR",
    "mexico": "MX", "israel": "IL", "nigeria": "NG", "kenya": "KE", "south africa": "ZA",
    "united arab emirates": "AE", "uae": "AE", "south korea": "KR",
}


def format_checker() -> FormatChecker:
    """jsonschema's checker with a strict "uri" (it skips uri without extra packages):
    an absolute URI with a scheme, and a host for web links."""
    checker = FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = urlparse(value)
        if not re.match(r"^[a-z][a-z0-9+.-]*$", parsed.scheme or "", re.I) or " " in value:
            return False
        return bool(parsed.netloc) if parsed.scheme in ("http", "https") else True

    @checker.checks("email", raises=ValueError)
    def _email(value: object) -> bool:
        return not isinstance(value, str) or bool(EMAIL_RE.match(value))

    return checker


@lru_cache(maxsize=1)
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=format_checker())


def _dates(entry: Entry, start: str = "startDate", end: str = "endDate") -> dict[str, str]:
    """ISO dates only; placeholders and open ends are left out rather than faked."""
    out = {start: entry.start, end: entry.end}
    return {k: v for k, v in out.items() if v}


def _network(url: str) -> str | None:
    """The profile network of a link (LinkedIn, GitHub...), or None for other sites."""
    if url.startswith("["):
        return None
    try:
        host = urlparse(url if "//" in url else f"https://{url}").netloc.lower()
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return next((name for domain, name in NETWORKS.items() if host.endswith(domain)), None)


def _real(text: str) -> str:
    """"" for a placeholder ("[PHONE]"), else the text."""
    return "" if text.startswith("[") else text


def _basics(resume: Resume) -> dict[str, Any]:
    c = resume.contact
    summary = resume.section("summary")
    urls = [u for u in (link_target(x) for x in c.links) if u and u.startswith("http")]
    profiles = [{"network": n, "url": u} for u in urls if (n := _network(u))]
    other = [u for u in urls if not _network(u)]
    basics = {
        "name": c.name,
        "label": resume.label,
        "summary": summary.text if summary else "",
        "location": _location(c.location),
        "profiles": profiles,
    }
    if EMAIL_RE.match(c.email):
        basics["email"] = c.email
    if _real(c.phone):
        basics["phone"] = c.phone
    return basics | ({"url": other[0]} if other else {})


def _location(text: str) -> dict[str, str]:
    """"Leeds, UK" -> city Leeds, region UK, countryCode GB (when the country is known)."""
    if text.startswith("["):
        return {}
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return {}
    out = {"city": parts[0]}
    if len(parts) >= 2:
        out["region"] = ", ".join(parts[1:])
        code = COUNTRY_CODES.get(parts[-1].lower())
        if code is None and len(parts[-1]) == 2 and parts[-1].isupper() and len(parts) >= 3:
            code = parts[-1]  # "Austin, TX, US": a trailing two-letter code
        if code:
            out["countryCode"] = code
    return out


def _entries(resume: Resume, kind: str) -> list[Entry]:
    section: Section | None = resume.section(kind)
    return section.entries if section else []


def _education(e: Entry) -> dict[str, Any]:
    parts = re.split(r"\s+in\s+|,\s*", e.title, maxsplit=1)
    study, area = (parts[0], parts[1]) if len(parts) == 2 else (e.title, "")
    out = {"institution": e.org, "studyType": study, "area": area} | _dates(e)
    return out | ({"location": e.location} if e.location else {})


def _work(e: Entry) -> dict[str, Any]:
    out = {"name": e.org, "position": e.title, "summary": e.description,
           "highlights": e.bullets} | _dates(e)
    return out | ({"location": e.location} if e.location else {})


def to_json_resume(resume: Resume) -> dict[str, Any]:
    """Map the structured resume onto JSON Resume fields."""
    skills = resume.section("skills")
    groups = skills.groups if skills and skills.groups else (
        [("Skills", skills.items)] if skills and skills.items else [])
    return {
        "basics": _basics(resume),
        "work": [_work(e) for e in _entries(resume, "experience")],
        "projects": [
            {"name": e.title, "description": e.description, "highlights": e.bullets}
            for e in _entries(resume, "projects")
        ],
        "education": [_education(e) for e in _entries(resume, "education")],
        "certificates": [
            {"name": e.title, "issuer": e.org} | ({"date": e.end} if e.end else {})
            for e in _entries(resume, "certifications")
        ],
        "skills": [{"name": name, "keywords": list(items)} for name, items in groups],
        "meta": {"version": "v1.0.0", "role": resume.role_id, "level": resume.level},
    }


def to_json(resume: Resume) -> bytes:
    """Serialised JSON Resume; a schema violation is our bug, reported clearly."""
    data = to_json_resume(resume)
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(root)"
        raise ResumeError(f"JSON Resume export is invalid at {where}: {errors[0].message}")
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
