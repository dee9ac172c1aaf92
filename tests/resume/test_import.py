"""Import an existing resume: every export we write (and a JSON Resume) reads back into
editable details, shown for review in the details form, and nothing is saved until the
candidate presses Save."""

from __future__ import annotations

import io
import json

import pytest

from interview.resume.build import build_resume
from interview.resume.exports import export
from interview.resume.extract import extract_text
from interview.resume.forms import details_to_form
from interview.resume.importer import details_from_json_resume, details_from_text
from interview.resume.schemas import load_details
from interview.resume.services import get_details

FULL = {
    "name": "Mara Lind",
    "email": "mara.lind@example.com",
    "phone": "+44 20 5550 0142",
    "location": "Leeds, UK",
    "links": ["https://github.com/mara-lind-example"],
    "summary": "Machine learning engineer who ships recommender systems.",
    "experience": [
        {"title": "Senior Machine Learning Engineer", "company": "Larkspur Retail",
         "location": "Leeds, UK", "start": "2021-03", "end": None,
         "bullets": ["Rebuilt recommendations as two-tower retrieval plus a ranker, "
                     "lifting add-to-basket rate by 4.1% in an A/B test across 12 markets "
                     "and three product lines",
                     "Moved feature jobs from cron to Airflow and Spark"]},
        {"title": "Data Scientist", "company": "Finch Analytics", "start": "2018-07",
         "end": "2021-02",
         "bullets": ["Built churn models in Python with scikit-learn for 12 clients"]},
    ],
    "education": [{"degree": "MSc in Computer Science", "school": "University of Leeds",
                   "start": "2017-09", "end": "2018-09"}],
    "skills": ["Python", "SQL", "PyTorch", "Airflow", "Spark"],
}


@pytest.fixture(scope="module")
def built(roles):
    return build_resume("mle", "mid", [], FULL, roles=roles)


def _same(found: dict) -> None:
    for key in ("name", "email", "phone", "location", "links", "skills"):
        assert found[key] == FULL[key], key
    jobs = found["experience"]
    assert [(j["title"], j["company"], j["start"], j["end"] or None) for j in jobs] == [
        (j["title"], j["company"], j["start"], j["end"]) for j in FULL["experience"]]
    assert jobs[0]["location"] == "Leeds, UK"
    for job, want in zip(jobs, FULL["experience"], strict=True):
        assert sorted(job["bullets"]) == sorted(want["bullets"])  # wrapped lines re-joined
    edu = found["education"][0]
    assert (edu["degree"], edu["school"], edu["start"], edu["end"]) == (
        "MSc in Computer Science", "University of Leeds", "2017-09", "2018-09")
    load_details(found)  # and it passes the form's own checks


@pytest.mark.parametrize("fmt", ["pdf", "docx", "txt", "md"])
def test_our_exports_read_back(built, fmt):
    found, notes = details_from_text(extract_text(f"cv.{fmt}", export(built, fmt)))
    assert notes == []
    _same(found)


def test_json_resume_reads_back(built):
    found, notes = details_from_json_resume(json.loads(export(built, "json")))
    _same(found)
    assert found["summary"] == FULL["summary"]


def test_other_layouts_one_line_entries_and_grouped_skills():
    text = """Ada Park
ada@example.org · +1 (415) 555-0100 · Austin, TX
linkedin.com/in/ada-park

Work Experience
ML Engineer at Quill Labs   Jan 2020 – Present
• Trained ranking models in PyTorch
  on 2B events
Analyst | Tern Co | 06/2017 - 12/2019
- Wrote SQL

Education
BSc Mathematics, University of Texas, 2017

Technical Skills
Languages: Python, SQL
ML: PyTorch; XGBoost
"""
    found, notes = details_from_text(text)
    assert (found["name"], found["email"], found["phone"]) == (
        "Ada Park", "ada@example.org", "+1 (415) 555-0100")
    assert found["location"] == "Austin, TX"
    assert found["links"] == ["linkedin.com/in/ada-park"]
    assert [(j["title"], j["company"], j["start"], j["end"]) for j in found["experience"]] == [
        ("ML Engineer", "Quill Labs", "2020-01", ""), ("Analyst", "Tern Co", "2017-06", "2019-12")]
    assert found["experience"][0]["bullets"] == ["Trained ranking models in PyTorch on 2B events"]
    assert found["education"][0]["degree"] == "BSc Mathematics"
    assert found["education"][0]["school"] == "University of Texas"
    assert found["education"][0]["end"] == "2017-12"
    assert found["skills"] == ["Python", "SQL", "PyTorch", "XGBoost"]


def test_missing_parts_are_noted_not_guessed():
    found, notes = details_from_text("Someone\n\nExperience\nDid things for a while\n")
    assert found["experience"] == [] and found["email"] == ""
    assert any("No dated jobs" in n for n in notes)
    assert any("email" in n for n in notes)


def _upload(client, name, body):
    return client.post("/resume/import", data={"resume": (io.BytesIO(body), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_import_page_shows_details_for_review_and_saves_nothing(client, candidate, built):
    assert client.get("/resume/import").status_code == 200
    response = _upload(client, "mara.pdf", export(built, "pdf"))
    assert response.status_code == 200
    page = response.text
    assert 'id="import-review"' in page and "mara.pdf" in page
    assert "Larkspur Retail" in page and "2021-03" in page and "University of Leeds" in page
    assert get_details(candidate.id) is None  # review first
    form = details_to_form(details_from_text(extract_text("x.pdf", export(built, "pdf")))[0])
    assert client.post("/resume/details", data=form).status_code == 302
    assert get_details(candidate.id)["experience"][0]["company"] == "Larkspur Retail"


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("cv.json", b"{not json", "is not valid JSON"),
        ("cv.pdf", b"hello", "is not a PDF file"),
        ("cv.txt", b"\n\n   \n", "is empty"),
        ("cv.txt", b"just some words", "Nothing could be read"),
    ],
)
def test_bad_imports_are_explained(client, candidate, name, body, message):
    response = _upload(client, name, body)
    assert response.status_code in (400, 422)  # refused on upload, or once the worker read it
    assert message in response.text
