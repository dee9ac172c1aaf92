"""Hostile uploads cost the worker a bounded moment and the web process nothing: the file is
stored, read in a child process with page, size, memory and time limits, then dropped."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfWriter
from sqlalchemy import select

from interview.extensions import db
from interview.resume import extract
from interview.resume.errors import ResumeError
from interview.resume.models import ResumeUpload


def many_pages(n: int) -> bytes:
    writer = PdfWriter()
    for _ in range(n):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def lying_docx() -> bytes:
    """A DOCX whose document.xml claims to be small but inflates to ~60 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 60_000_000)
    data = bytearray(out.getvalue())
    # Rewrite the declared sizes in both headers to 1 KiB: the zip now lies about its size.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    for pos in (info.header_offset + 22, central + 24):
        data[pos:pos + 4] = (1024).to_bytes(4, "little")
    return bytes(data)


def test_a_5000_page_pdf_is_refused_by_its_page_count():
    with pytest.raises(ResumeError, match="5,000 pages"):
        extract.extract_text_bounded("cv.pdf", many_pages(5000))


def test_a_docx_that_lies_about_its_size_is_refused_by_what_it_inflates_to():
    with pytest.raises(ResumeError, match="lies about its size|expands to more than 40 MiB"):
        extract.extract_text_bounded("cv.docx", lying_docx())


def test_a_parse_that_runs_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(extract, "PARSE_SECONDS", 1)
    monkeypatch.setattr(extract, "_parse_command", lambda name: ["sleep", "5"])
    with pytest.raises(ResumeError, match="took too long"):
        extract.extract_text_bounded("cv.pdf", b"%PDF-1.7")


def test_the_web_request_stores_the_file_and_never_parses_it(app, client, candidate, jd_recsys,
                                                             monkeypatch):
    from interview.resume import services

    parsed: list[str] = []
    monkeypatch.setattr(services, "_enqueue_read", lambda upload_id: parsed.append("queued"))
    monkeypatch.setattr(extract, "extract_text", lambda *a: parsed.append("parsed in web"))
    response = client.post("/resume/check", data={
        "jd": jd_recsys, "role": "mle", "resume": (io.BytesIO(many_pages(50)), "cv.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302 and parsed == ["queued"]
    row = db.session.scalar(select(ResumeUpload))
    assert row.status == "queued" and row.data
    page = client.get(response.location)
    assert page.status_code == 202 and "Reading cv.pdf" in page.text


def test_a_read_upload_keeps_the_report_and_drops_the_file(client, candidate, jd_recsys,
                                                           fixture_text):
    body = fixture_text("resume_mle_mid.txt").encode()
    response = client.post("/resume/check", data={
        "jd": jd_recsys, "role": "mle", "resume": (io.BytesIO(body), "cv.txt")},
        content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and 'id="report"' in response.text
    row = db.session.scalar(select(ResumeUpload))
    assert row.status == "done" and row.data is None and row.result


def test_someone_elses_upload_is_404(app, client, candidate, jd_recsys, fixture_text,
                                     make_user, login):
    body = fixture_text("resume_mle_mid.txt").encode()
    client.post("/resume/check", data={"jd": jd_recsys, "resume": (io.BytesIO(body), "cv.txt")},
                content_type="multipart/form-data")
    row = db.session.scalar(select(ResumeUpload))
    client.post("/logout")
    login(make_user())
    assert client.get(f"/resume/uploads/{row.id}").status_code == 404


def test_uploads_are_rate_limited_per_user(app, client, candidate, jd_recsys):
    app.config["RATELIMIT_ENABLED"] = True
    app.config["UPLOAD_RATE_LIMIT"] = "2 per minute"
    codes = [client.post("/resume/check", data={"jd": jd_recsys, "resume": (
        io.BytesIO(b"x"), "cv.txt")}, content_type="multipart/form-data").status_code
        for _ in range(3)]
    assert codes[-1] == 429
