"""PDF export through typst, with the data passed as JSON (never as markup).

The template sets no kerning, ligatures or hyphenation so every keyword extracts as typed,
embeds fonts with Unicode maps, and keeps one column. Below ten years of experience the
layout is tightened to fit two pages; the candidate's bullets are never cut: when they do
not fit, the resume flows onto a third page and the keyword report warns about length.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import typst
from pypdf import PdfReader

from ..build import Resume
from ..errors import ResumeError
from .common import resume_data

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "resume.typ"
STYLES = (
    {"size_pt": 10.5, "margin_in": 0.7, "gap_em": 0.6},
    {"size_pt": 10.0, "margin_in": 0.6, "gap_em": 0.5},
    {"size_pt": 9.5, "margin_in": 0.5, "gap_em": 0.45},
)
PAPERS = ("us-letter", "a4")
MAX_PAGES_UNDER_TEN_YEARS = 2


def compile_pdf(data: dict[str, Any]) -> bytes:
    """Compile the template with `data` as sys.inputs; typst errors become ResumeError."""
    try:
        return typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(data)})
    except typst.TypstError as exc:  # a template bug, or bad input we failed to catch
        raise ResumeError(f"PDF generation failed: {exc}") from exc


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def to_pdf(resume: Resume) -> bytes:
    """Render; below ten years' experience, the roomiest layout that fits two pages
    (or the tightest one when nothing fits: content is never dropped)."""
    data = resume_data(resume)
    paper = resume.paper if resume.paper in PAPERS else PAPERS[0]
    limit = MAX_PAGES_UNDER_TEN_YEARS if resume.years_experience < 10 else None
    pdf = b""
    for style in STYLES:
        pdf = compile_pdf({**data, "style": {**style, "paper": paper}})
        if limit is None or page_count(pdf) <= limit:
            break
    return pdf
