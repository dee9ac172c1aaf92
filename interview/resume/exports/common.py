"""The plain, JSON-ready view of a resume that every export renders.

Keeping one flattened view means DOCX, PDF, Markdown and text cannot drift apart: the
same lines, in the same order, with the same date format.

Entries are laid out the way resume parsers read them: the title alone on its line, the
organisation and location on the next, and the dates as plain text on a third. A one-line
"Title | Company | Dates" is split correctly by no parser we tested.
"""

from __future__ import annotations

import re
from typing import Any

from ..build import Entry, Resume

SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
EMAIL_RE = re.compile(r"^[^@\s\[\]]+@[^@\s\[\]]+\.[a-z]{2,}$", re.I)


def entry_lines(entry: Entry) -> list[str]:
    """Title, then "Organisation, Location", then the dates; empty lines left out."""
    where = ", ".join(p for p in (entry.org, entry.location) if p)
    return [p for p in (entry.title, where, entry.dates) if p]


def entry_parts(entry: Entry) -> list[str]:
    """Kept for callers that want the pieces: title, organisation, location, dates."""
    return [p for p in (entry.title, entry.org, entry.location, entry.dates) if p]


def link_target(text: str) -> str | None:
    """Where a contact item points (mailto: for an email, https:// added to a bare
    domain), or None for a placeholder, a phone number or a city."""
    if text.startswith("[") or " " in text.strip():
        return None
    if EMAIL_RE.match(text):
        return f"mailto:{text}"
    if SCHEME_RE.match(text):
        return text
    if re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", text, re.I):
        return f"https://{text}"
    return None


def contact_parts(resume: Resume) -> list[str]:
    """Contact details, kept in the body: many ATS skip page headers and footers."""
    c = resume.contact
    return [p for p in (c.email, c.phone, c.location, *c.links) if p]


def contact_items(resume: Resume) -> list[dict[str, str]]:
    """Contact parts with their link target ("" when the item is not a link)."""
    c = resume.contact
    items = [{"text": c.email, "url": link_target(c.email) or ""}]
    items.append({"text": c.phone, "url": ""})
    items.append({"text": c.location, "url": ""})
    items += [{"text": u, "url": link_target(u) or ""} for u in c.links]
    return [i for i in items if i["text"]]


def resume_data(resume: Resume) -> dict[str, Any]:
    """Flatten a Resume into plain lists and strings."""
    return {
        "name": resume.contact.name,
        "label": resume.label,
        "contact": contact_items(resume),
        "sections": [
            {
                "kind": s.kind,
                "heading": s.heading,
                "text": s.text,
                "items": list(s.items),
                "groups": [{"name": g, "items": list(items)} for g, items in s.groups],
                "entries": [
                    {
                        "title": e.title,
                        "where": ", ".join(p for p in (e.org, e.location) if p),
                        "dates": e.dates,
                        "description": e.description,
                        "bullets": list(e.bullets),
                    }
                    for e in s.entries
                ],
            }
            for s in resume.sections
        ],
    }
