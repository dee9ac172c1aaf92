"""Markdown and plain-text exports (for pasting into application forms)."""

from __future__ import annotations

import re

from ..build import Resume
from .common import contact_parts, entry_parts

MD_SPECIAL = re.compile(r"([\\`*_<>|])")
MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so a name like `Ada #x *y*` renders literally."""
    text = MD_SPECIAL.sub(r"\\\1", text)
    return MD_LINE_START.sub(r"\1\\\2", text)


def to_markdown(resume: Resume) -> str:
    """One `#` title, `##` standard headings, `-` bullets; nothing else."""
    out = [f"# {md_escape(resume.contact.name)}", "", md_escape(resume.label), ""]
    out += [" | ".join(md_escape(p) for p in contact_parts(resume)), ""]
    for sec in resume.sections:
        out += [f"## {sec.heading}", ""]
        if sec.text:
            out += [md_escape(sec.text), ""]
        if sec.items:
            out += [", ".join(md_escape(i) for i in sec.items), ""]
        for e in sec.entries:
            out += [f"### {' | '.join(md_escape(p) for p in entry_parts(e))}", ""]
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
        if sec.items:
            out.append(", ".join(sec.items))
        for e in sec.entries:
            out.append(" | ".join(entry_parts(e)))
            if e.description:
                out.append(e.description)
            out += [f"- {b}" for b in e.bullets]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
