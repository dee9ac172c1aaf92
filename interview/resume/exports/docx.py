"""DOCX export with python-docx: real heading styles, no tables, text boxes or images.

ATS parsers read the body's paragraphs in order; anything in tables, text boxes, headers
or footers is often dropped or scrambled, so the document is only styled paragraphs. The
styles match the PDF: black headings in the body font (python-docx's default template
colours them blue in a theme font), clickable contact links, and each entry's title,
organisation and dates on their own lines.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from ..build import Resume
from .common import contact_items, entry_lines

FONT = "Calibri"
STYLE_SIZES = {"Normal": 10.5, "Title": 20, "Heading 1": 13, "List Bullet": 10.5}
BLACK = RGBColor(0, 0, 0)


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
    style.font.color.rgb = BLACK  # also drops the theme colour (blue headings)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
    if style.name in ("Title", "Heading 1"):
        style.font.bold = True
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):  # the Title style's blue rule
            ppr.remove(border)


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


def _hyperlink(para, text: str, url: str) -> None:
    """A clickable external link run (python-docx has no public API for one)."""
    r_id = para.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(underline)
    run.append(rpr)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    para._p.append(link)


def _tight(para, keep: bool = True):
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.keep_with_next = keep
    return para


def _entry(doc: DocxDocument, lines: list[str], description: str, bullets: list[str]) -> None:
    head = _tight(doc.add_paragraph())
    head.paragraph_format.space_before = Pt(6)
    head.add_run(lines[0]).bold = True
    for line in lines[1:]:
        _tight(doc.add_paragraph(line))
    if description:
        doc.add_paragraph(description)
    for bullet in bullets:
        doc.add_paragraph(bullet, style="List Bullet")


def to_docx(resume: Resume) -> bytes:
    """Title (name), contact line, then Heading 1 per standard section."""
    doc = _new_document(resume)
    doc.add_heading(resume.contact.name, level=0)
    doc.add_paragraph(resume.label)
    contact = doc.add_paragraph()
    contact.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for i, item in enumerate(contact_items(resume)):
        if i:
            contact.add_run(" | ")
        if item["url"]:
            _hyperlink(contact, item["text"], item["url"])
        else:
            contact.add_run(item["text"])
    for sec in resume.sections:
        doc.add_heading(sec.heading, level=1)
        if sec.text:
            doc.add_paragraph(sec.text)
        if sec.items:  # one list, as in the PDF; JSON Resume carries the groups
            doc.add_paragraph(", ".join(sec.items))
        for e in sec.entries:
            _entry(doc, entry_lines(e), e.description, e.bullets)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
