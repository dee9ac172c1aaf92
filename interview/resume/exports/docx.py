"""DOCX export with python-docx: real heading styles, no tables, text boxes or images.

ATS parsers read the body's paragraphs in order; anything in tables, text boxes, headers
or footers is often dropped or scrambled, so the document is only styled paragraphs.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from ..build import Resume
from .common import contact_parts, entry_parts

FONT = "Calibri"
STYLE_SIZES = {"Normal": 10.5, "Title": 20, "Heading 1": 13, "List Bullet": 10.5}


def _set_font(style, size: float) -> None:
    """Apply one standard font to every script slot, including the theme-driven ones."""
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _new_document(resume: Resume) -> DocxDocument:
    doc = Document()
    for name, size in STYLE_SIZES.items():
        _set_font(doc.styles[name], size)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(0.75)
    section.top_margin = section.bottom_margin = Inches(0.7)
    props = doc.core_properties
    props.title = f"{resume.contact.name} - {resume.label}"
    props.author = props.last_modified_by = resume.contact.name
    props.comments = ""
    return doc


def _entry(doc: DocxDocument, parts: list[str], description: str, bullets: list[str]) -> None:
    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(6)
    para.paragraph_format.keep_with_next = True
    para.add_run(parts[0]).bold = True
    if parts[1:]:
        para.add_run(" | " + " | ".join(parts[1:]))
    if description:
        doc.add_paragraph(description)
    for bullet in bullets:
        doc.add_paragraph(bullet, style="List Bullet")


def to_docx(resume: Resume) -> bytes:
    """Title (name), contact line, then Heading 1 per standard section."""
    doc = _new_document(resume)
    doc.add_heading(resume.contact.name, level=0)
    doc.add_paragraph(resume.label)
    doc.add_paragraph(" | ".join(contact_parts(resume))).alignment = WD_ALIGN_PARAGRAPH.LEFT
    for sec in resume.sections:
        doc.add_heading(sec.heading, level=1)
        if sec.text:
            doc.add_paragraph(sec.text)
        if sec.items:
            doc.add_paragraph(", ".join(sec.items))
        for e in sec.entries:
            _entry(doc, entry_parts(e), e.description, e.bullets)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
