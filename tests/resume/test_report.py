"""Keyword report and upload extraction."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from interview.resume.build import build_resume
from interview.resume.errors import ResumeError
from interview.resume.exports import export
from interview.resume.report import MAX_UPLOAD_BYTES, extract_text, keyword_report

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected_reports.json").read_text(encoding="utf-8"))
TODAY = __import__("datetime").date(2025, 6, 1)


def _codes(report):
    return sorted({w["code"] for w in report["warnings"]})


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_reports_match_expected_results(roles, case):
    want = EXPECTED[case]
    text = extract_text(want["resume"], (FIXTURES / want["resume"]).read_bytes())
    jd = (FIXTURES / want["jd"]).read_text(encoding="utf-8")
    report = keyword_report(jd, text, want["role"], roles=roles, today=TODAY)
    assert report["found"] == want["found"]
    assert report["missing_required"] == want["missing_required"]
    assert [m for m in report["missing"] if m not in report["missing_required"]] == want[
        "missing_nice"
    ]
    assert report["coverage"] == want["coverage"]
    assert report["required_coverage"] == want["required_coverage"]
    assert report["sections"] == want["sections"]
    assert report["years_experience"] == want["years_experience"]
    assert _codes(report) == want["warnings"]


def test_report_says_where_a_keyword_was_found(roles, fixture_text):
    report = keyword_report(
        fixture_text("jd_recsys_mle.txt"), fixture_text("resume_mle_mid.txt"), "mle", roles=roles
    )
    row = next(r for r in report["keywords"] if r["canonical"] == "kubernetes")
    assert row["found"] and row["sections"] == ["SUMMARY", "EXPERIENCE", "SKILLS"]
    gcp = next(r for r in report["keywords"] if r["canonical"] == "gcp")
    assert set(gcp["matched"]) == {"GCP", "Google Cloud"}  # abbreviation counts


@pytest.mark.parametrize("fmt", ["pdf", "docx", "txt"])
def test_every_found_keyword_is_in_the_extracted_text(roles, readers, mid_resume, jd_recsys, fmt):
    data = export(mid_resume, fmt)
    text = extract_text(f"resume.{fmt}", data)
    report = keyword_report(jd_recsys, text, "mle", roles=roles)
    assert report["found"]
    flat = readers.squash(text).lower()
    for row in report["keywords"]:
        assert row["found"] == bool(row["matched"])
        for surface in row["matched"]:
            assert readers.squash(surface).lower() in flat, (row["name"], surface)


def test_our_own_pdf_reports_two_real_pages_or_fewer(roles, mid_resume, jd_recsys):
    text = extract_text("r.pdf", export(mid_resume, "pdf"))
    report = keyword_report(jd_recsys, text, "mle", roles=roles)
    assert report["pages"] == 1 and not report["pages_estimated"]
    assert report["sections"] == [s.heading for s in mid_resume.sections]


def test_template_placeholders_are_flagged(roles, jd_recsys):
    text = export(build_resume("mle", "mid", roles=roles), "txt").decode()
    warning = next(
        w
        for w in keyword_report(jd_recsys, text, roles=roles)["warnings"]
        if w["code"] == "placeholders"
    )
    assert "[YOUR NAME]" in warning["message"]
    assert {"[YOUR NAME]", "[EMAIL]", "[X%]", "[DEGREE AND FIELD]"} <= set(warning["items"])


def test_filled_resume_has_no_placeholder_warning(roles, jd_recsys, fixture_text):
    report = keyword_report(jd_recsys, fixture_text("resume_mle_mid.txt"), roles=roles)
    assert "placeholders" not in _codes(report)


def test_missing_sections_are_named(roles, jd_recsys):
    report = keyword_report(
        jd_recsys, "Jo Bloggs\nEXPERIENCE\nBuilt things with Python", roles=roles
    )
    messages = " ".join(w["message"] for w in report["warnings"])
    assert "Summary" in messages and "Education" in messages and "Skills" in messages
    assert "Experience" not in messages


def test_skills_dump_is_flagged(roles, jd_recsys, fixture_text):
    tools = ", ".join(f"Tool{i}" for i in range(45))
    dump = fixture_text("resume_mle_mid.txt").replace(
        "model evaluation", "model evaluation, " + tools
    )
    assert "skills_dump" in _codes(keyword_report(jd_recsys, dump, roles=roles))


def test_over_two_pages_below_ten_years_is_flagged(roles, jd_recsys, fixture_text):
    base = fixture_text("resume_mle_mid.txt")
    three_pages = base + "\f" + "More detail.\f" + "Even more.\f"
    report = keyword_report(jd_recsys, three_pages, roles=roles, today=TODAY)
    assert report["pages"] == 3 and "too_long" in _codes(report)
    senior = base.replace("Jul 2018 - Feb 2021", "Jul 2008 - Feb 2021")
    report = keyword_report(jd_recsys, senior + "\f" + "x\f" + "y\f", roles=roles, today=TODAY)
    assert report["years_experience"] >= 10 and "too_long" not in _codes(report)


def test_long_text_without_pages_is_estimated(roles, jd_recsys, fixture_text):
    padded = fixture_text("resume_mle_mid.txt") + " word" * 1500
    report = keyword_report(jd_recsys, padded, roles=roles, today=TODAY)
    assert report["pages_estimated"] and report["pages"] >= 3
    assert any("about 3 pages" in w["message"] for w in report["warnings"])


def test_limits_are_stated_in_errors(roles, fixture_text):
    with pytest.raises(ResumeError, match="20,000"):
        keyword_report("x" * 20_001, "resume", roles=roles)
    with pytest.raises(ResumeError, match="unknown role"):
        keyword_report("Python", "resume", "astronaut", roles=roles)


# --- uploads ---------------------------------------------------------------------------


def test_upload_size_limit_is_two_mib():
    assert MAX_UPLOAD_BYTES == 2 * 1024 * 1024
    with pytest.raises(ResumeError, match="2 MiB"):
        extract_text("big.pdf", b"%PDF" + b"0" * MAX_UPLOAD_BYTES)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.pdf", b"%PDF-1.7\n1 0 obj garbage", "could not be read as a PDF"),
        ("cv.pdf", b"PK\x03\x04 this is a zip", "not a PDF"),
        ("cv.docx", b"%PDF-1.7 not a zip", "not a valid DOCX"),
        ("cv.docx", None, "not a Word document"),
        ("cv.doc", b"\xd0\xcf\x11\xe0 old word", ".doc files are not supported"),
        ("cv.png", b"\x89PNG\r\n", "unsupported file type"),
        ("cv.txt", b"caf\xe9 latin-1", "not UTF-8"),
        ("cv.txt", b"\x00\x01\x02binary", "does not look like a text file"),
        ("cv.txt", b"   \n", "empty"),
    ],
)
def test_bad_uploads_get_clear_errors(name, data, message):
    if data is None:  # a zip that is not a Word document
        buf = io.BytesIO()
        with __import__("zipfile").ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "hi")
        data = buf.getvalue()
    with pytest.raises(ResumeError, match=re.escape(message)):
        extract_text(name, data)


def test_scanned_pdf_without_text_is_explained():
    from pypdf import PdfWriter

    buf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write(buf)
    with pytest.raises(ResumeError, match="no selectable text"):
        extract_text("scan.pdf", buf.getvalue())


def test_docx_tables_are_still_read():
    text = extract_text("x.docx", (FIXTURES / "resume_issues.docx").read_bytes())
    assert "hypothesis testing, scikit-learn" in text
