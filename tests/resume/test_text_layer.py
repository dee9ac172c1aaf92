"""The PDF's text layer, read by three extractors that share no code with the writer or
each other (pypdf, pdfminer.six, poppler's pdftotext): every skill and number comes back
intact, entries read field by field, links are clickable, and nothing is boxed apart."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from pdfminer.high_level import extract_text as pdfminer_text
from pypdf import PdfReader

from interview.resume.build import build_resume
from interview.resume.exports import export

NUMBERS = re.compile(r"\d+(?:\.\d+)?%?")
HARD = {
    "name": "Ana Ruiz",
    "email": "ana.ruiz@example.com",
    "phone": "+1 415 555 0199",
    "location": "San Francisco, CA, US",
    "links": ["github.com/ana-ruiz-example", "https://www.linkedin.com/in/ana-ruiz-example"],
    "experience": [
        {
            "title": "Senior Machine Learning Engineer",
            "company": "Quillfeather",
            "location": "San Francisco, CA",
            "start": "2021-01",
            "bullets": [
                "Cut p99 latency of the AWS SageMaker endpoint by 3.1% with TensorFlow "
                "Serving, ONNX and TensorRT, and end-to-end tests in CI/CD",
                "Trained two-tower retrieval in PyTorch on 1.2B events with scikit-learn "
                "baselines, lifting recall@50 by 12.5% across state-of-the-art baselines",
                "Owned an A/B testing platform on Kubernetes and Vertex AI serving 40M "
                "weekly users; WAVE, AVA and TAVERN services kept at 99.95% availability",
            ],
        }
    ],
    "education": [{"degree": "MSc in Statistics", "school": "University of Toronto",
                   "start": "2014-09", "end": "2016-06"}],
    "skills": ["Python", "PyTorch", "TensorFlow", "scikit-learn", "AWS", "SageMaker",
               "Vertex AI", "CI/CD", "Kubernetes", "ONNX", "TensorRT", "A/B testing"],
}


@pytest.fixture(scope="module")
def hard(roles):
    return build_resume("mle", "senior", [], HARD, roles=roles)


@pytest.fixture(scope="module")
def pdf(hard):
    return export(hard, "pdf")


def _extractors(pdf: bytes, readers) -> dict[str, str]:
    return {
        "pypdf": "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages),
        "pdfminer": pdfminer_text(io.BytesIO(pdf)),
        "pdftotext": readers.pdftotext(pdf),
    }


def test_every_skill_and_number_survives_three_extractors(hard, pdf, readers):
    bullets = [b for e in hard.section("experience").entries for b in e.bullets]
    numbers = {n for b in bullets for n in NUMBERS.findall(b)}
    for tool, text in _extractors(pdf, readers).items():
        flat = readers.squash(text)
        words = set(re.findall(r"[\w/+.%@-]+", flat))
        missing = [s for s in HARD["skills"] if s not in flat]
        assert not missing, (tool, missing)
        for term in ("AWS", "TensorFlow", "scikit-learn", "CI/CD", "end-to-end", "two-tower",
                     "state-of-the-art", "WAVE", "AVA", "TAVERN"):
            assert term in words or term in flat.split(), (tool, term)
        lost = [n for n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}", flat)]
        assert not lost, (tool, lost)
        assert "\u2060" not in text and "\u2011" not in text and "\u00ad" not in text


def test_no_line_ends_inside_a_hyphenated_or_slashed_word(pdf, readers):
    for tool, text in _extractors(pdf, readers).items():
        bad = [ln for ln in text.splitlines() if re.search(r"\w[-/]\s*$", ln)]
        assert not bad, (tool, bad)


def test_entry_is_title_then_organisation_then_dates(pdf, readers):
    for tool, text in _extractors(pdf, readers).items():
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        i = lines.index("Senior Machine Learning Engineer", 3)
        assert lines[i + 1] == "Quillfeather, San Francisco, CA", tool
        assert lines[i + 2] == "Jan 2021 – Present", tool
        assert "Sep 2014 – Jun 2016" in lines, tool


def test_contact_links_are_clickable(pdf):
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    uris = {a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])}
    assert {
        "mailto:ana.ruiz@example.com",
        "https://github.com/ana-ruiz-example",
        "https://www.linkedin.com/in/ana-ruiz-example",
    } <= uris


def test_paper_follows_the_country_or_the_choice(roles, hard, pdf):
    assert hard.paper == "us-letter"
    width = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)
    assert round(width) == 612  # 8.5 in
    uk = build_resume("mle", "mid", [], HARD | {"location": "Leeds, UK"}, roles=roles)
    assert uk.paper == "a4"
    a4 = PdfReader(io.BytesIO(export(uk, "pdf"))).pages[0].mediabox
    assert round(float(a4.width)) == 595
    chosen = build_resume("mle", "mid", [], HARD, roles=roles, paper="a4")
    assert chosen.paper == "a4"


def test_docx_links_and_black_headings(hard):
    data = export(hard, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("word/styles.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert "https://github.com/ana-ruiz-example" in rels and "mailto:ana.ruiz" in rels
    assert body.count("<w:hyperlink") == 3
    for style_id in ("Heading1", "Title"):
        block = re.search(rf'w:styleId="{style_id}".*?</w:style>', styles, re.S).group()
        assert 'w:color w:val="000000"' in block and "themeColor" not in block
        assert "w:pBdr" not in block


def test_markdown_keeps_the_phone_and_links(hard):
    md = export(hard, "md").decode()
    assert "+1 415 555 0199" in md and "\\+1" not in md
    assert "[github.com/ana-ruiz-example](https://github.com/ana-ruiz-example)" in md
