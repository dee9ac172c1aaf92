"""Every export, read back with tools that share no code with the writers."""

from __future__ import annotations

import io
import json
import re
import zipfile
from xml.etree import ElementTree

import docx2txt
import pytest
from jsonschema import Draft7Validator
from markdown_it import MarkdownIt
from pypdf import PdfReader

from interview.resume.build import build_resume
from interview.resume.exports import CONTENT_TYPES, FORMATS, export, filename
from interview.resume.roles import DEFAULT_BANK_DIR, load_roles

ROLES = load_roles(DEFAULT_BANK_DIR)
COMBOS = [(r.id, lvl, r.focus_areas[0].id) for r in ROLES.values() for lvl in r.levels]
SCHEMA = DEFAULT_BANK_DIR.parent / "interview" / "resume" / "jsonresume.schema.json"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIGATURES = re.compile("[\ufb00-\ufb06\ufffd]")
INJECTION = "Ada #x *y*"
NASTY = "Cut $x^2$ cost _fast_ <b>really</b> @ref #set text(red) // not a comment [link](u) \\"


def _fields(resume) -> list[str]:
    """Every piece of text a reader must find, in the order it is written."""
    out = [resume.contact.name, resume.label, *[c for c in _contact(resume)]]
    for sec in resume.sections:
        out += [sec.heading, *([sec.text] if sec.text else []), *sec.items]
        for e in sec.entries:
            out += [e.title, e.org, e.dates, e.description, *e.bullets]
    return [f for f in out if f]


def _contact(resume):
    c = resume.contact
    return [c.email, c.phone, c.location, *c.links]


@pytest.fixture(scope="module")
def built(details, jd_recsys):
    """One resume per (role, level), with the candidate's details and a job ad."""
    cache = {}

    def get(role, level, focus):
        if (role, level) not in cache:
            cache[role, level] = build_resume(role, level, [focus], details, jd_recsys, roles=ROLES)
        return cache[role, level]

    return get


@pytest.fixture(scope="module")
def pdfs(built):
    cache = {}

    def get(role, level, focus):
        if (role, level) not in cache:
            cache[role, level] = export(built(role, level, focus), "pdf")
        return cache[role, level]

    return get


@pytest.mark.parametrize(("role", "level", "focus"), COMBOS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_builds_for_every_role_and_level(role, level, focus, fmt):
    for details in (None, {}):  # template mode and "account with nothing filled in"
        resume = build_resume(role, level, [focus], details, roles=ROLES)
        data = export(resume, fmt)
        assert len(data) > 200
        assert CONTENT_TYPES[fmt]
        assert filename(resume, fmt).endswith(f".{fmt}")


# --- PDF -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "level", "focus"), COMBOS)
def test_pdf_text_has_every_field_in_order(readers, built, pdfs, role, level, focus):
    resume, pdf = built(role, level, focus), pdfs(role, level, focus)
    poppler = readers.pdftotext(pdf)
    pypdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in (poppler, pypdf_text):
        flat = readers.squash(text)
        missing = [f for f in _fields(resume) if readers.squash(f) not in flat]
        assert not missing, missing
    lines = [ln.strip() for ln in poppler.splitlines() if ln.strip()]
    assert resume.contact.name in lines[:2]
    positions = [lines.index(s.heading) for s in resume.sections]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("role", "level", "focus"), COMBOS)
def test_pdf_is_ats_safe(readers, pdfs, tmp_path, role, level, focus):
    pdf = pdfs(role, level, focus)
    text = readers.pdftotext(pdf)
    assert not LIGATURES.search(text)
    assert not [ln for ln in text.splitlines() if re.search(r"[A-Za-z]-$", ln)]  # no hyphen split
    layout = readers.pdftotext(pdf, layout=True)
    assert not [ln for ln in layout.splitlines() if re.search(r"\S {5,}\S", ln.strip())]
    fonts = readers.pdffonts(pdf, tmp_path)
    assert fonts and all(row[-5:-2] == ["yes", "yes", "yes"] for row in fonts)  # emb sub uni
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2


def _long_career(years_per_job: float, jobs: int) -> dict:
    bullets = [
        f"Delivered initiative {i} that moved the main business metric by {i}.5% through "
        "careful experimentation, monitoring and close work with product partners"
        for i in range(8)
    ]
    experience = []
    year = 2024
    for j in range(jobs):
        end = f"{year}-06"
        year -= years_per_job
        experience.append(
            {
                "title": f"Engineer {j}",
                "company": f"Company {j}",
                "start": f"{int(year)}-06",
                "end": end,
                "bullets": bullets,
            }
        )
    return {"name": "Long Career", "experience": experience, "skills": ["Python"] * 1}


def test_pdf_never_drops_bullets_to_fit_two_pages(readers):
    """Below ten years the layout tightens, but bullets that do not fit flow on (the
    keyword report then warns about length): nothing a candidate wrote is cut silently."""
    resume = build_resume("mle", "senior", details=_long_career(1, 8), roles=ROLES)
    assert resume.years_experience < 10
    pdf = export(resume, "pdf")
    text = readers.squash(readers.pdftotext(pdf))
    bullets = [b for e in resume.section("experience").entries for b in e.bullets]
    assert len(bullets) == 64 and all(readers.squash(b) in text for b in bullets)
    assert text.count("Delivered initiative 7") == 8


def test_pdf_tightens_layout_to_two_pages_when_it_can(readers, details):
    resume = build_resume("mle", "mid", details=_long_career(1, 3), roles=ROLES)
    assert len(PdfReader(io.BytesIO(export(resume, "pdf"))).pages) <= 2


def test_pdf_keeps_everything_from_ten_years(readers):
    resume = build_resume("mle", "staff", details=_long_career(2, 6), roles=ROLES)
    assert resume.years_experience >= 10
    pdf = export(resume, "pdf")
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 2
    assert readers.squash(readers.pdftotext(pdf)).count("Delivered initiative 7") == 6


def test_pdf_prints_markup_literally(readers, details):
    evil = details | {"name": INJECTION, "summary": NASTY}
    pdf = export(build_resume("mle", "mid", details=evil, roles=ROLES), "pdf")
    text = readers.squash(readers.pdftotext(pdf))
    assert text.startswith(INJECTION)
    assert NASTY in text


# --- DOCX ------------------------------------------------------------------------------


def _docx_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def _paragraph_styles(document_xml: str) -> list[tuple[str, str]]:
    """(style id, text) per body paragraph, parsed with the standard library."""
    body = ElementTree.fromstring(document_xml).find(f"{W}body")  # noqa: S314 (our own output)
    out = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        out.append((style.get(f"{W}val") if style is not None else "", text))
    return out


@pytest.mark.parametrize(("role", "level", "focus"), COMBOS)
def test_docx_is_plain_styled_paragraphs(built, role, level, focus):
    resume = built(role, level, focus)
    data = export(resume, "docx")
    parts = _docx_parts(data)
    body = parts["word/document.xml"]
    for banned in ("<w:tbl>", "<w:tbl ", "w:txbxContent", "<w:drawing", "<w:pict", "v:shape"):
        assert banned not in body
    headers = [t for n, t in parts.items() if re.match(r"word/(header|footer)\d*\.xml", n)]
    assert all(not re.findall(r"<w:t[ >]", t) for t in headers)
    styles = _paragraph_styles(body)
    assert ("Title", resume.contact.name) in styles
    assert [t for s, t in styles if s == "Heading1"] == [s.heading for s in resume.sections]
    assert 'w:ascii="Calibri"' in parts["word/styles.xml"]


@pytest.mark.parametrize(("role", "level", "focus"), COMBOS[:4])
def test_docx2txt_finds_every_field(readers, built, role, level, focus):
    resume = built(role, level, focus)
    text = readers.squash(docx2txt.process(io.BytesIO(export(resume, "docx"))))
    missing = [f for f in _fields(resume) if readers.squash(f) not in text]
    assert not missing, missing


# --- JSON Resume, Markdown, text -------------------------------------------------------


@pytest.mark.parametrize(("role", "level", "focus"), COMBOS)
def test_json_resume_validates_with_iso_months(built, role, level, focus):
    data = json.loads(export(built(role, level, focus), "json"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert not list(Draft7Validator(schema).iter_errors(data))
    assert data["basics"]["name"] == "Mara Okonkwo-Lind"
    assert [w.get("startDate") for w in data["work"]] == ["2021-03", "2018-07"]
    assert "endDate" not in data["work"][0] and data["work"][1]["endDate"] == "2021-02"
    assert data["basics"]["profiles"][0] == {
        "network": "GitHub",
        "url": "https://github.com/mara-lind-example",
    }
    assert (
        data["education"][0]["studyType"] == "MSc" and data["education"][0]["endDate"] == "2018-09"
    )


def test_json_schema_rejects_a_bad_date():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors({"work": [{"startDate": "March 2021"}]}))


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_text_formats_have_every_field(readers, mid_resume, fmt):
    text = export(mid_resume, fmt).decode("utf-8")
    if fmt == "md":  # read what a Markdown renderer shows, not the escaped source
        text = re.sub(r"<[^>]+>", " ", MarkdownIt().render(text)).replace("&amp;", "&")
    flat = readers.squash(text).lower()  # text headings are upper-case
    missing = [f for f in _fields(mid_resume) if readers.squash(f).lower() not in flat]
    assert not missing, missing


def test_txt_uses_upper_case_standard_headings(mid_resume):
    lines = export(mid_resume, "txt").decode().splitlines()
    assert [ln for ln in lines if ln.isupper() and " " not in ln] == [
        s.heading.upper() for s in mid_resume.sections
    ]


def test_markdown_renders_markup_literally(details):
    evil = details | {"name": INJECTION, "summary": "Use *stars* and _unders_ <b>x</b>"}
    md = export(build_resume("mle", "mid", details=evil, roles=ROLES), "md").decode()
    html = MarkdownIt().render(md)
    assert "<h1>Ada #x *y*</h1>" in html
    assert "<em>" not in html and "<b>" not in html


def test_unknown_format_is_refused(mid_resume):
    with pytest.raises(ValueError, match="unknown format"):
        export(mid_resume, "rtf")


def _strict():
    from jsonschema import FormatChecker

    from interview.resume.exports.jsonresume import format_checker

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=format_checker()), FormatChecker


@pytest.mark.parametrize("details", [None, {}, {"email": "a@b.co", "links": ["github.com/a"]}])
def test_json_resume_formats_hold_and_placeholders_stay_out(details):
    validator, _ = _strict()
    data = json.loads(export(build_resume("mle", "mid", [], details, roles=ROLES), "json"))
    assert not list(validator.iter_errors(data))
    text = json.dumps(data["basics"])
    assert "[EMAIL]" not in text and "[LINKEDIN URL]" not in text and "[PHONE]" not in text
    if details and details.get("links"):
        assert data["basics"]["profiles"] == [{"network": "GitHub", "url": "https://github.com/a"}]


def test_json_resume_format_checker_rejects_what_the_schema_forbids():
    validator, _ = _strict()
    assert list(validator.iter_errors({"basics": {"email": "[EMAIL]"}}))
    assert list(validator.iter_errors({"basics": {"url": "github.com/a"}}))
    assert not list(validator.iter_errors({"basics": {"url": "https://github.com/a"}}))


def test_json_resume_has_groups_education_dates_and_country(mid_resume):
    data = json.loads(export(mid_resume, "json"))
    groups = {g["name"]: g["keywords"] for g in data["skills"]}
    assert groups["Languages"] == ["Python", "SQL"] and "Airflow" in groups["Data"]
    assert sum(len(k) for k in groups.values()) == len(mid_resume.section("skills").items)
    assert data["basics"]["location"] == {"city": "Leeds", "region": "UK", "countryCode": "GB"}
    edu = build_resume("mle", "mid", [], {"education": [
        {"degree": "BSc in Maths", "school": "X", "start": "2012-09", "end": "2015-06"}]},
        roles=ROLES)
    first = json.loads(export(edu, "json"))["education"][0]
    assert (first["startDate"], first["endDate"]) == ("2012-09", "2015-06")
