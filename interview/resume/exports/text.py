"""Markdown and plain-text exports (for pasting into application forms)."""

from __future__ import annotations

import re

from ..build import Resume
from .common import contact_parts, entry_lines, link_target

MD_SPECIAL = re.compile(r"([\\`*_<>|])")
# A line-start "+", "-" or "=" is markup only when a space (or the line's end) follows:
# "+1 555..." is a phone number, not a list item, and stays unescaped.
MD_LINE_START = re.compile(r"^(\s*)(#|>|[+\-*](?=\s|$)|=+\s*$)")
MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so a name like `Ada #x *y*` renders literally."""
    text = MD_SPECIAL.sub(r"\\\1", text)
    text = MD_LINE_START.sub(r"\1\\\2", text)
    return MD_ORDERED.sub(r"\1\\\2", text)


def _md_contact(part: str) -> str:
    """A contact item; links as Markdown links so they stay clickable."""
    url = link_target(part)
    if url and "(" not in url and ")" not in url:
        return f"[{md_escape(part)}]({url})"
    return md_escape(part)


def _groups(sec) -> list[str]:
    """Skills as one comma-separated line, as in the PDF (JSON Resume carries groups)."""
    return [", ".join(sec.items)] if sec.items else []


def to_markdown(resume: Resume) -> str:
    """One `#` title, `##` standard headings, `-` bullets; nothing else."""
    out = [f"# {md_escape(resume.contact.name)}", "", md_escape(resume.label), ""]
    out += [" | ".join(_md_contact(p) for p in contact_parts(resume)), ""]
    for sec in resume.sections:
        out += [f"## {sec.heading}", ""]
        if sec.text:
            out += [md_escape(sec.text), ""]
        for line in _groups(sec):
            out += [md_escape(line), ""]
        for e in sec.entries:
            head, *rest = entry_lines(e)
            out += [f"### {md_escape(head)}", ""]
            out += ["  \n".join(md_escape(r) for r in rest), ""] if rest else []
            if e.description:
                out += [md_escape(e.description), ""]
            if e.bullets:
                out += [f"- {md_escape(b)}" for b in e.bullets] + [""]
    return "\n".join(out).rstrip() + "\n"


def to_text(resume: Resume) -> str:
    """Plain text with upper-case standard headings, readable by any ATS text field."""
    out = [resume.contact.name, resume.label, " | ".join(contact_parts(resume)), ""]
    for sec in resume.sections:
        out.append(sec.heading.upper())
        if sec.text:
            out.append(sec.text)
        out += _groups(sec)
        for e in sec.entries:
            out += entry_lines(e)
            if e.description:
                out.append(e.description)
            out += [f"- {b}" for b in e.bullets]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
