"""Resume builder in Chromium: save details, paste a job ad, build, read the report, download.

CSRF is on here (as in production), so every form post goes through the real token.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from interview.accounts.services import create_user
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "resume" / "fixtures"
EXPERIENCE = ("Machine Learning Engineer | Larkspur Retail | 2021-03 | present\n"
              "- Served ranking models with Docker on Kubernetes at 35 ms p99\n"
              "- Moved feature jobs to Airflow and Spark, cutting failures by 90%")


@pytest.fixture
def candidate(live_app):
    with live_app.app_context():
        return create_user("resume@example.com", PASSWORD).email


def fill_details(page, base_url: str) -> None:
    page.goto(base_url + "/resume/details")
    page.fill("#name", "Ada Quill")
    page.fill("#email", "ada.quill@example.com")
    page.fill("#experience", EXPERIENCE)
    page.fill("#education", "MSc Computer Science | University of Leeds | 2018-09")
    page.fill("#skills", "Python, SQL, K8s, Airflow")
    page.click("#save-details")
    page.locator(".flash", has_text="Your details are saved").wait_for()


def check_file(fmt: str, body: bytes) -> None:
    """Each download is non-empty and really of its type."""
    assert body, fmt
    if fmt == "pdf":
        assert body.startswith(b"%PDF")
    elif fmt == "docx":
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    elif fmt == "json":
        assert json.loads(body)["basics"]["name"] == "Ada Quill"
    else:
        assert "Ada Quill" in body.decode("utf-8")


def test_build_report_and_download_every_format(page, live_server, candidate, tmp_path):
    sign_in(page, live_server.url, candidate)
    fill_details(page, live_server.url)
    page.goto(live_server.url + "/resume/build")
    page.select_option("#role", "mle")
    page.select_option("#level", "mid")
    page.check("input[name=focus][value=recommendations]")
    page.fill("#jd", (FIXTURES / "jd_recsys_mle.txt").read_text(encoding="utf-8"))
    page.click("#build-resume")
    page.locator("#coverage").wait_for()
    assert "Ada Quill" in page.inner_text("#preview .resume-name")
    report = page.inner_text("#report")
    assert "Kubernetes" in report and "found in" in report and "missing" in report
    for fmt in ("docx", "pdf", "md", "txt", "json"):
        with page.expect_download() as info:
            page.click(f"#download-{fmt}")
        download = info.value
        assert download.suggested_filename == f"ada-quill-resume.{fmt}"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        check_file(fmt, path.read_bytes())


def test_script_hides_focus_areas_the_role_lacks(page, live_server, candidate):
    sign_in(page, live_server.url, candidate)
    page.goto(live_server.url + "/resume/build")
    page.select_option("#role", "data-scientist")
    assert page.locator("li[data-focus=vision]").is_hidden()
    assert page.locator("li[data-focus=forecasting]").is_visible()
    page.select_option("#role", "ml-platform")
    assert page.locator("#level option[value=junior]").is_disabled()


def test_check_an_uploaded_resume(page, live_server, candidate):
    sign_in(page, live_server.url, candidate)
    page.goto(live_server.url + "/resume/check")
    page.set_input_files("#resume", str(FIXTURES / "resume_mle_mid.txt"))
    page.fill("#jd", (FIXTURES / "jd_recsys_mle.txt").read_text(encoding="utf-8"))
    page.click("#check-resume")
    page.locator("#coverage").wait_for()
    assert "Kubernetes" in page.inner_text("#report")
