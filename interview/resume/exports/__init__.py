"""Render a structured Resume as DOCX, PDF, Markdown, plain text or JSON Resume."""

from __future__ import annotations

from collections.abc import Callable

from ..build import Resume
from ..errors import ResumeError
from .docx import to_docx
from .jsonresume import to_json
from .pdf import to_pdf
from .text import to_markdown, to_text

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
}
FORMATS = tuple(CONTENT_TYPES)
_RENDERERS: dict[str, Callable[[Resume], bytes]] = {
    "docx": to_docx,
    "pdf": to_pdf,
    "md": lambda r: to_markdown(r).encode("utf-8"),
    "txt": lambda r: to_text(r).encode("utf-8"),
    "json": to_json,
}


def export(resume: Resume, fmt: str) -> bytes:
    """The resume in one format; see CONTENT_TYPES for the matching content type."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ResumeError(f"unknown format {fmt!r}; choose one of {list(FORMATS)}")
    return renderer(resume)


def filename(resume: Resume, fmt: str) -> str:
    """A download name like `ada-lovelace-resume.pdf` (placeholder names fall back)."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in resume.contact.name).split())
    return f"{slug.lower() if slug else 'resume'}-resume.{fmt}"
