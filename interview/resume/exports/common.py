"""The plain, JSON-ready view of a resume that every export renders.

Keeping one flattened view means DOCX, PDF, Markdown and text cannot drift apart: the
same lines, in the same order, with the same date format.
"""

from __future__ import annotations

from typing import Any

from ..build import Entry, Resume


def entry_parts(entry: Entry) -> list[str]:
    """Title, organisation and dates: shown on one line joined by " | "."""
    return [p for p in (entry.title, entry.org, entry.dates) if p]


def contact_parts(resume: Resume) -> list[str]:
    """Contact details, kept in the body: many ATS skip page headers and footers."""
    c = resume.contact
    return [p for p in (c.email, c.phone, c.location, *c.links) if p]


def resume_data(resume: Resume) -> dict[str, Any]:
    """Flatten a Resume into plain lists and strings."""
    return {
        "name": resume.contact.name,
        "label": resume.label,
        "contact": contact_parts(resume),
        "sections": [
            {
                "kind": s.kind,
                "heading": s.heading,
                "text": s.text,
                "items": list(s.items),
                "entries": [
                    {
                        "title": e.title,
                        "org": e.org,
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
