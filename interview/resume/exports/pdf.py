"""PDF export through typst, with the data passed as JSON (never as markup).

The template sets no ligatures and no hyphenation so every keyword extracts as typed,
embeds fonts with Unicode maps, and keeps one column. Below ten years of experience the
resume is fitted to two pages: first by tightening the layout, then by trimming the
oldest bullets (recruiters read the recent ones).
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typst
from pypdf import PdfReader

from ..build import Resume
from ..errors import ResumeError
from .common import resume_data

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "resume.typ"
STYLES = (
    {"paper": "us-letter", "size_pt": 10.5, "margin_in": 0.7, "gap_em": 0.6},
    {"paper": "us-letter", "size_pt": 10.0, "margin_in": 0.6, "gap_em": 0.5},
    {"paper": "us-letter", "size_pt": 9.5, "margin_in": 0.5, "gap_em": 0.45},
)
MAX_PAGES_UNDER_TEN_YEARS = 2


def compile_pdf(data: dict[str, Any]) -> bytes:
    """Compile the template with `data` as sys.inputs; typst errors become ResumeError."""
    try:
        return typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(data)})
    except typst.TypstError as exc:  # a template bug, or bad input we failed to catch
        raise ResumeError(f"PDF generation failed: {exc}") from exc


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _trimmed(data: dict[str, Any], cap: int) -> dict[str, Any]:
    """Copy of data keeping `cap` bullets per entry, except the most recent job."""
    out = copy.deepcopy(data)
    for sec in out["sections"]:
        for i, entry in enumerate(sec["entries"]):
            if sec["kind"] != "experience" or i > 0:
                entry["bullets"] = entry["bullets"][:cap]
    return out


def _attempts(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Layouts from roomy to tight, then trimmed content on the tightest layout."""
    for style in STYLES:
        yield {**data, "style": style}
    for cap in (3, 2, 1, 0):
        yield {**_trimmed(data, cap), "style": STYLES[-1]}


def to_pdf(resume: Resume) -> bytes:
    """Render, fitting to two pages when the candidate has under ten years' experience."""
    data = resume_data(resume)
    limit = MAX_PAGES_UNDER_TEN_YEARS if resume.years_experience < 10 else None
    pdf = b""
    for attempt in _attempts(data):
        pdf = compile_pdf(attempt)
        if limit is None or page_count(pdf) <= limit:
            break
    return pdf
