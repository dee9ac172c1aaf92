"""Resume pages: details stored per user, builds with preview, report and downloads, checks.

Each bad input must come back as a message on the form (never a 500) and store nothing.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from interview.resume.exports import CONTENT_TYPES
from interview.resume.forms import details_to_form
from interview.resume.models import ResumeProfile
from interview.resume.schemas import load_details
from interview.resume.services import get_details

PAGES = ("/resume/", "/resume/details", "/resume/build", "/resume/check")


@pytest.fixture
def saved(client, candidate, details):
    """The fixture details saved through the real form."""
    response = client.post("/resume/details", data=details_to_form(details))
    assert response.status_code == 302
    return candidate


def build_data(jd: str = "", **extra) -> dict:
    return {"role": "mle", "level": "mid", "focus": ["recommendations"], "jd": jd,
            "use_details": "y", **extra}


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_anonymous_cannot_post_a_download(client):
    response = client.post("/resume/download", data=build_data(fmt="pdf"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["coach", "admin"])
def test_coaches_and_admins_use_the_builder_for_themselves(client, make_user, login, role):
    login(make_user(role=role))
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_details_are_saved_and_shown_again(client, saved, details):
    stored = get_details(saved.id)
    assert stored == load_details(details)
    page = client.get("/resume/details").text
    assert "Larkspur Retail | 2021-03 | present" in page
    assert "MSc in Computer Science | University of Leeds | 2018-09" in page
    assert "mara.lind@example.com" in page


def test_saving_twice_updates_the_one_row(client, saved, app):
    form = details_to_form(get_details(saved.id))
    form["name"] = "Mara Lind"
    assert client.post("/resume/details", data=form).status_code == 302
    assert get_details(saved.id)["name"] == "Mara Lind"
    from interview.extensions import db

    assert db.session.query(ResumeProfile).filter_by(candidate_id=saved.id).count() == 1


def test_another_candidate_never_sees_my_details(client, saved, make_user, login):
    client.post("/logout")
    login(make_user(role="candidate"))
    assert "Okonkwo" not in client.get("/resume/details").text
    assert "Okonkwo" not in client.get("/resume/").text
    page = client.post("/resume/build", data=build_data()).text
    assert "Okonkwo" not in page and "[YOUR NAME]" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("experience", "ML Engineer | Acme | 03/2021 | present",
         "Entry 1: start: Use the form YYYY-MM"),
        ("experience", "ML Engineer | Acme | 2022-05 | 2021-01", "end date is before the start"),
        ("experience", "ML Engineer | Acme | 2021 | x | y | z", "the first line must be"),
        ("education", "MSc | Leeds | September 2018", "Line 1: end: Use the form YYYY-MM"),
        ("certifications", "Cert | Issuer | 2023-13", "Line 1: date: Use the form YYYY-MM"),
        ("email", "not-an-email", "Not a valid email address"),
    ],
)
def test_bad_details_are_explained_and_not_stored(client, saved, details, field, value, message):
    form = details_to_form(details)
    form[field] = value
    form["name"] = "Changed Name"
    response = client.post("/resume/details", data=form)
    assert response.status_code == 400
    assert message in response.text
    assert get_details(saved.id) == load_details(details)  # the old details are untouched


def test_first_save_with_a_bad_date_stores_nothing(client, candidate):
    response = client.post("/resume/details", data={"experience": "X | Y | 2021-3 | present"})
    assert response.status_code == 400 and "YYYY-MM" in response.text
    assert get_details(candidate.id) is None


def test_build_shows_preview_report_and_downloads(client, saved, jd_recsys):
    response = client.post("/resume/build", data=build_data(jd_recsys))
    assert response.status_code == 200
    page = response.text
    assert "Mara Okonkwo-Lind" in page and "Keyword report" in page
    assert "found in EXPERIENCE" in page and 'id="coverage"' in page
    for fmt in CONTENT_TYPES:
        assert f'id="download-{fmt}"' in page


def test_keywords_called_found_are_in_the_downloaded_text(client, saved, jd_recsys):
    from interview.resume.roles import load_roles
    from interview.resume.services import BuildRequest, preview

    req = BuildRequest("mle", "mid", ["recommendations"], jd_recsys, True)
    _, report = preview(saved.id, req, load_roles())
    text = client.post("/resume/download", data=build_data(jd_recsys, fmt="txt")).text
    assert report["found"], "the fixture job should share keywords with the details"
    for row in report["keywords"]:
        for surface in row["matched"]:
            assert surface.lower() in " ".join(text.split()).lower()


def test_template_without_details_has_placeholders(client, candidate):
    page = client.post("/resume/build", data=build_data(use_details="")).text
    assert "<mark>[YOUR NAME]</mark>" in page
    assert "placeholder(s) not filled in" in page


def test_downloads_have_the_right_type_and_name(client, saved, jd_recsys):
    for fmt, content_type in CONTENT_TYPES.items():
        response = client.post("/resume/download", data=build_data(jd_recsys, fmt=fmt))
        assert response.status_code == 200, fmt
        assert response.headers["Content-Type"] == content_type
        disposition = response.headers["Content-Disposition"]
        assert disposition == f"attachment; filename=mara-okonkwo-lind-resume.{fmt}"
        body = response.data
        if fmt == "pdf":
            assert body.startswith(b"%PDF")
        elif fmt == "docx":
            assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist()
        elif fmt == "json":
            assert json.loads(body)["basics"]["name"] == "Mara Okonkwo-Lind"
        else:
            assert "Mara Okonkwo-Lind" in body.decode("utf-8").replace("\\", "")


def test_unknown_download_format_is_refused(client, saved):
    response = client.post("/resume/download", data=build_data(fmt="exe"))
    assert response.status_code == 400
    assert "Unknown format" in response.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"role": "astronaut"}, "Unknown role"),
        ({"level": "principal"}, "has no level"),
        ({"role": "ml-platform", "level": "junior", "focus": []},
         "ML Platform Engineer has no level"),
        ({"role": "data-scientist", "focus": ["vision"]},
         "Data Scientist has no focus area vision"),
        ({"jd": "x" * 20_001}, "the limit is 20,000 characters"),
    ],
)
def test_bad_build_inputs_are_explained(client, candidate, changes, message):
    for url in ("/resume/build", "/resume/download"):
        response = client.post(url, data={**build_data(fmt="pdf"), **changes})
        assert response.status_code == 400, url
        assert message in response.text, url
        assert response.headers["Content-Type"].startswith("text/html")


def check(client, name: str, body: bytes, jd: str = "", **extra):
    data = {"jd": jd, "role": "mle", "resume": (io.BytesIO(body), name), **extra}
    return client.post("/resume/check", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def test_check_reports_an_uploaded_resume(client, candidate, fixture_text, jd_recsys):
    body = fixture_text("resume_mle_mid.txt").encode("utf-8")
    response = check(client, "resume.txt", body, jd_recsys)
    assert response.status_code == 200
    assert "Kubernetes" in response.text and "found in" in response.text
    assert 'id="coverage"' in response.text


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("cv.pdf", b"%PDF-1.7\n garbage that is not a pdf", "could not be read as a PDF"),
        ("cv.pdf", b"hello, I am not a PDF at all", "is not a PDF file"),
        ("cv.docx", b"PK\x03\x04 broken zip", "is not a valid DOCX file"),
        ("cv.doc", b"\xd0\xcf\x11\xe0 old word", "old Word .doc files are not supported"),
        ("cv.txt", b"\xff\xfe\x00\x00 binary", "does not look like a text file"),
    ],
)
def test_corrupt_uploads_get_a_clear_error(client, candidate, jd_recsys, name, body, message):
    response = check(client, name, body, jd_recsys)
    assert response.status_code in (400, 422)  # refused on upload, or once the worker read it
    assert message in response.text


def test_oversized_upload_is_refused_on_the_form(client, candidate, jd_recsys):
    # Encoded in memory: the test client would spool a big body to a temporary file that
    # nobody reads (the server refuses it unread) and that then leaks a ResourceWarning.
    big = FileStorage(io.BytesIO(b"a" * (2 * 1024 * 1024 + 1)), filename="cv.txt")
    fields = {"jd": jd_recsys, "resume": big}
    boundary, body = encode_multipart(fields)
    response = client.post("/resume/check", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "the upload limit is 2 MiB" in response.text
    assert 'id="check-form"' in response.text


def test_check_needs_a_file_and_a_job_description(client, candidate):
    response = client.post("/resume/check", data={"jd": "", "role": ""},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a resume file" in response.text
    assert "Paste the job description" in response.text


def test_check_refuses_a_long_job_description(client, candidate):
    response = check(client, "cv.txt", b"Python engineer", "y" * 20_001)
    assert response.status_code == 400 and "the limit is 20,000 characters" in response.text


def test_a_downloaded_docx_checks_back_with_the_same_keywords(client, saved, jd_recsys):
    docx = client.post("/resume/download", data=build_data(jd_recsys, fmt="docx")).data
    page = client.post("/resume/build", data=build_data(jd_recsys)).text
    checked = check(client, "mine.docx", docx, jd_recsys)
    assert checked.status_code == 200
    coverage = 'id="coverage">'
    shown = page.split(coverage)[1].split("<")[0]
    assert checked.text.split(coverage)[1].split("<")[0] == shown


def test_details_are_escaped_in_the_preview(client, candidate):
    form = {"name": "<b>Ada</b> [ONE]", "experience": "<i>Lead</i> | Acme | 2020-01 | present"}
    assert client.post("/resume/details", data=form).status_code == 302
    page = client.post("/resume/build", data=build_data()).text
    assert "&lt;b&gt;Ada&lt;/b&gt; <mark>[ONE]</mark>" in page
    assert "<i>Lead</i>" not in page and "&lt;i&gt;Lead&lt;/i&gt;" in page


def test_preview_shows_links_entry_lines_and_what_to_confirm(client, saved, jd_recsys):
    page = client.post("/resume/build", data=build_data(jd_recsys)).text
    assert '<a href="https://github.com/mara-lind-example"' in page
    assert "{&#39;text&#39;" not in page and "{'text'" not in page
    head = "<strong>Machine Learning Engineer</strong><br>Larkspur Retail<br>Mar 2021 – Present"
    assert head in page
    assert 'id="to-confirm"' in page


def test_paper_size_is_chosen_on_the_form(client, saved):
    from pypdf import PdfReader

    for paper, width in (("a4", 595), ("us-letter", 612)):
        pdf = client.post("/resume/download", data=build_data(fmt="pdf", paper=paper)).data
        assert round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) == width
    bad = client.post("/resume/build", data=build_data(paper="legal"))
    assert bad.status_code == 400 and "Choose US Letter, A4 or Automatic" in bad.text


def test_details_form_keeps_locations_and_education_start(client, candidate):
    form = {"experience": "MLE | Acme | 2021-03 | present | Leeds, UK\n- Did a thing",
            "education": "MSc CS | Leeds | 2017-09 | 2018-09\nBSc | York | 2016-06"}
    assert client.post("/resume/details", data=form).status_code == 302
    saved_details = get_details(candidate.id)
    assert saved_details["experience"][0]["location"] == "Leeds, UK"
    assert saved_details["education"][0]["start"] == "2017-09"
    assert saved_details["education"][1] == {"degree": "BSc", "school": "York",
                                             "location": "", "start": None, "end": "2016-06"}
    page = client.get("/resume/details").text
    assert "MLE | Acme | 2021-03 | present | Leeds, UK" in page
    assert "MSc CS | Leeds | 2017-09 | 2018-09" in page
