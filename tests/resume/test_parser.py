"""A third-party resume parser from PyPI (openresume-parser) reads our PDF back.

It is the Python port of OpenResume's parser: rule-based, offline (its optional AI and
OCR features are not used). Its public entry point reads pypdf's plain text, one line
per fragment, so it has no vertical gaps to split jobs on and returns one job; we check
contact details, the first job and education through it. Its rules read every job when
given the text lines with their real position and font (as OpenResume reads pdf.js
items), so we also feed it the PDF's lines from pdfminer.six and check every job.
"""

from __future__ import annotations

from pathlib import Path

import openresume  # the test extras install it: missing, this module fails, never skips
import openresume.parser as parser
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

from interview.resume.build import build_resume
from interview.resume.exports import export

FULL = {
    "name": "Mara Lind",  # the parser's name rule takes letters, spaces and dots only
    "email": "mara.lind@example.com",
    "phone": "+44 20 5550 0142",
    "location": "Leeds, UK",
    "links": ["https://github.com/mara-lind-example"],
    "experience": [
        {"title": "Senior Machine Learning Engineer", "company": "Larkspur Retail",
         "location": "Leeds, UK", "start": "2021-03",
         "bullets": ["Rebuilt recommendations as two-tower retrieval plus a ranker, "
                     "lifting add-to-basket rate by 4.1% in an A/B test",
                     "Moved feature jobs from cron to Airflow and Spark"]},
        {"title": "Data Scientist", "company": "Finch Analytics", "start": "2018-07",
         "end": "2021-02",
         "bullets": ["Built churn models in Python with scikit-learn for 12 clients"]},
        {"title": "Software Developer", "company": "Tern Labs", "location": "York, UK",
         "start": "2016-01", "end": "2018-06",
         "bullets": ["Wrote data services in Java and SQL"]},
    ],
    "education": [{"degree": "Master of Science in Computer Science",
                   "school": "University of Leeds", "start": "2014-09", "end": "2015-09"}],
    "skills": ["Python", "SQL", "PyTorch", "Airflow", "Spark"],
}
JOBS = [("Senior Machine Learning Engineer", "Larkspur Retail", "Mar 2021", None, True),
        ("Data Scientist", "Finch Analytics", "Jul 2018", "Feb 2021", False),
        ("Software Developer", "Tern Labs", "Jan 2016", "Jun 2018", False)]


@pytest.fixture(scope="module")
def pdf_path(roles, tmp_path_factory) -> Path:
    resume = build_resume("mle", "senior", [], FULL, roles=roles)
    path = tmp_path_factory.mktemp("parse") / "resume.pdf"
    path.write_bytes(export(resume, "pdf"))
    return path


def _check_job(job: dict, expected: tuple) -> None:
    title, company, start, end, current = expected
    assert job["title"] == title
    assert job["company"].startswith(company)
    assert (job["start_date"], job["end_date"], job["current"]) == (start, end, current)


def test_public_entry_point_reads_contact_first_job_and_education(pdf_path):
    result = openresume.parse_resume_from_pdf(str(pdf_path))
    assert result["ok"], result
    resume = result["resume"]
    assert resume["full_name"] == "Mara Lind"
    assert resume["email"] == "mara.lind@example.com"
    assert resume["phone"] == "+44 20 5550 0142"
    _check_job(resume["experience"]["work_history"][0], JOBS[0])
    education = resume["education"]
    assert education["level"] == "Post Graduate"  # read from "Master of Science"
    assert education["degree_course"] == "Master of Science in Computer Science"
    assert education["passing_year"] in (2014, 2015)  # it takes the first year it sees
    assert "Python" in resume["skills"] and "Airflow" in resume["skills"]


def _fragments(path: Path) -> list:
    """pdfminer's text lines as the parser's fragments: text, position, size, font."""
    out = []
    for page_no, page in enumerate(extract_pages(str(path)), 1):
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if not isinstance(line, LTTextLine) or not line.get_text().strip():
                    continue
                font = next((c.fontname for c in line if isinstance(c, LTChar)), "")
                out.append(parser._PdfTextFragment(
                    line.get_text().strip(), line.x0, line.y0, line.width, line.height,
                    font, True, page_no, len(out)))
    return out


def test_parser_rules_read_every_job_from_the_layout(pdf_path):
    result = parser._parse_text_fragments(_fragments(pdf_path))
    resume = result["resume"]
    assert resume["full_name"] == "Mara Lind"
    assert resume["email"] == "mara.lind@example.com"
    assert resume["phone"] == "+44 20 5550 0142"
    jobs = resume["experience"]["work_history"]
    assert len(jobs) == len(JOBS)
    for job, expected in zip(jobs, JOBS, strict=True):
        _check_job(job, expected)
    assert resume["education"]["degree_course"] == "Master of Science in Computer Science"
    assert result["diagnostics"]["detectedColumns"] == 1
