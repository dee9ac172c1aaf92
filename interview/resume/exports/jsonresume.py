"""JSON Resume export, validated against the schema kept in the repository."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft7Validator

from ..build import Entry, Resume, Section
from ..errors import ResumeError

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


@lru_cache(maxsize=1)
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


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


def _basics(resume: Resume) -> dict[str, Any]:
    c = resume.contact
    summary = resume.section("summary")
    profiles = [{"network": n, "url": u} for u in c.links if (n := _network(u))]
    other = [u for u in c.links if not _network(u) and not u.startswith("[")]
    basics = {
        "name": c.name,
        "label": resume.label,
        "email": c.email,
        "phone": c.phone,
        "summary": summary.text if summary else "",
        "location": _location(c.location),
        "profiles": profiles,
    }
    return basics | ({"url": other[0]} if other else {})


def _location(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2 and not text.startswith("["):
        return {"city": parts[0], "region": ", ".join(parts[1:])}
    return {"city": text}


def _entries(resume: Resume, kind: str) -> list[Entry]:
    section: Section | None = resume.section(kind)
    return section.entries if section else []


def _education(e: Entry) -> dict[str, Any]:
    parts = re.split(r"\s+in\s+|,\s*", e.title, maxsplit=1)
    study, area = (parts[0], parts[1]) if len(parts) == 2 else (e.title, "")
    return {"institution": e.org, "studyType": study, "area": area} | _dates(e)


def to_json_resume(resume: Resume) -> dict[str, Any]:
    """Map the structured resume onto JSON Resume fields."""
    skills = resume.section("skills")
    return {
        "basics": _basics(resume),
        "work": [
            {"name": e.org, "position": e.title, "summary": e.description, "highlights": e.bullets}
            | _dates(e)
            for e in _entries(resume, "experience")
        ],
        "projects": [
            {"name": e.title, "description": e.description, "highlights": e.bullets}
            for e in _entries(resume, "projects")
        ],
        "education": [_education(e) for e in _entries(resume, "education")],
        "certificates": [
            {"name": e.title, "issuer": e.org} | ({"date": e.end} if e.end else {})
            for e in _entries(resume, "certifications")
        ],
        "skills": [{"name": s} for s in (skills.items if skills else [])],
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
