"""Resume forms, and the plain-text formats the details form uses for its lists.

Repeating entries (jobs, projects...) are typed as short text blocks rather than as dozens
of inputs: it works without JavaScript, pastes well from an old resume, and the page
documents each format next to its box. `details_to_form` and `form_to_details` convert
both ways, so what a user saved is exactly what they see when they come back.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

SEP = "|"
PRESENT = ("present", "current", "now", "today")
PAPERS = [("", "Automatic"), ("us-letter", "US Letter"), ("a4", "A4")]
BLANK_LINES = re.compile(r"\n\s*\n")
LIST_FIELDS = ("links", "experience", "projects", "education", "certifications", "skills")


class DetailsForm(FlaskForm):
    name = StringField("Full name")
    email = StringField("Email")
    phone = StringField("Phone")
    location = StringField("City, country")
    links = TextAreaField("Links (one per line)")
    summary = TextAreaField("Summary (leave empty for a suggested one)")
    experience = TextAreaField("Experience")
    projects = TextAreaField("Projects")
    education = TextAreaField("Education (one per line)")
    certifications = TextAreaField("Certifications (one per line)")
    skills = TextAreaField("Skills (comma-separated or one per line)")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class BuildForm(FlaskForm):
    """Choices are filled from the role profiles; the service checks them with clear words."""

    role = SelectField("Role", choices=[], validate_choice=False)
    level = SelectField("Level", choices=[], validate_choice=False)
    focus = MultiCheckboxField("Focus areas", choices=[], validate_choice=False)
    jd = TextAreaField("Job description (optional)")
    paper = SelectField("Paper size", choices=[], validate_choice=False)
    use_details = BooleanField("Use my saved details", default=True)


class ImportForm(FlaskForm):
    resume = FileField("Your current resume (PDF, DOCX, .txt or JSON Resume)")


class CheckForm(FlaskForm):
    resume = FileField("Your resume (PDF, DOCX or .txt)")
    jd = TextAreaField("Job description")
    role = SelectField("Role profile to weight skills by", choices=[], validate_choice=False)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _parts(line: str, count: int) -> list[str]:
    """Split "a | b | c" into exactly `count` trimmed parts (missing ones empty)."""
    parts = [p.strip() for p in line.split(SEP)]
    return (parts + [""] * count)[:count] if len(parts) <= count else parts


def _blocks(text: str | None) -> list[list[str]]:
    """Entries separated by blank lines, each a list of non-empty lines."""
    raw = (text or "").replace("\r\n", "\n").strip()
    return [_lines(block) for block in BLANK_LINES.split(raw) if block.strip()] if raw else []


def _bullet(line: str) -> str | None:
    """The text of a "- bullet" line, or None for an ordinary line."""
    match = re.match(r"^[-*•]\s*(.*)$", line)
    return match.group(1).strip() if match else None


def _body(lines: list[str]) -> tuple[str, list[str]]:
    """Lines after an entry's first line: "- " lines are bullets, the rest a description."""
    bullets = [b for b in (_bullet(line) for line in lines) if b]
    text = " ".join(line for line in lines if _bullet(line) is None)
    return text, bullets


class ParseError(ValueError):
    """A line that cannot be read; the message says which entry and what is expected."""


def parse_experience(text: str | None) -> list[dict[str, Any]]:
    out = []
    for n, block in enumerate(_blocks(text), 1):
        parts = _parts(block[0], 5)
        if len(parts) > 5 or _bullet(block[0]) is not None:
            raise ParseError(f"Entry {n}: the first line must be "
                             "'Job title | Company | Start YYYY-MM | End YYYY-MM or present' "
                             "(optionally '| Location').")
        title, company, start, end, location = parts
        description, bullets = _body(block[1:])
        end = "" if end.lower() in PRESENT else end
        out.append({"title": title, "company": company, "start": start, "end": end,
                    "location": location, "description": description, "bullets": bullets})
    return out


def parse_projects(text: str | None) -> list[dict[str, Any]]:
    out = []
    for n, block in enumerate(_blocks(text), 1):
        if _bullet(block[0]) is not None:
            raise ParseError(f"Entry {n}: the first line must be the project's name.")
        description, bullets = _body(block[1:])
        out.append({"name": block[0], "description": description, "bullets": bullets})
    return out


def _rows(text: str | None, keys: tuple[str, str, str], label: str) -> list[dict[str, str]]:
    out = []
    for n, line in enumerate(_lines(text), 1):
        parts = _parts(line, 3)
        if len(parts) > 3:
            raise ParseError(f"Line {n}: expected '{label}' (at most two '|').")
        out.append(dict(zip(keys, parts, strict=True)))
    return out


def _education(text: str | None) -> list[dict[str, str]]:
    """"Degree | School | Graduation YYYY-MM", or with the start:
    "Degree | School | Start YYYY-MM | End YYYY-MM"."""
    out = []
    for n, line in enumerate(_lines(text), 1):
        parts = [p.strip() for p in line.split(SEP)]
        if len(parts) > 4:
            raise ParseError(f"Line {n}: expected 'Degree | School | Start YYYY-MM | "
                             "End YYYY-MM' (the start is optional).")
        if len(parts) == 4:
            out.append(dict(zip(("degree", "school", "start", "end"), parts, strict=True)))
        else:
            out.append(dict(zip(("degree", "school", "end"), (parts + ["", ""])[:3],
                                strict=True)))
    return out


def parse_skills(text: str | None) -> list[str]:
    items = re.split(r"[,\n]", text or "")
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


PARSERS = {
    "experience": parse_experience,
    "projects": parse_projects,
    "education": lambda t: _education(t),
    "certifications": lambda t: _rows(t, ("name", "issuer", "date"),
                                      "Name | Issuer | YYYY-MM"),
    "skills": parse_skills,
    "links": _lines,
}


def form_to_details(form: DetailsForm) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(details dict, parse errors by field name)."""
    details: dict[str, Any] = {k: getattr(form, k).data or "" for k in
                               ("name", "email", "phone", "location", "summary")}
    errors: dict[str, list[str]] = {}
    for key, parse in PARSERS.items():
        try:
            details[key] = parse(getattr(form, key).data)
        except ParseError as exc:
            errors[key] = [str(exc)]
    return details, errors


def _entry_text(head: list[str], description: str, bullets: list[str]) -> str:
    lines = [f" {SEP} ".join(head).rstrip(f" {SEP}")]
    lines += [description] if description else []
    return "\n".join(lines + [f"- {b}" for b in bullets])


def details_to_form(details: dict[str, Any]) -> dict[str, str]:
    """The stored dict as the form's text, the inverse of `form_to_details`."""
    get = details.get
    exp = [_entry_text([e["title"], e.get("company", ""), e["start"], e.get("end") or "present",
                        e.get("location") or ""],
                       e.get("description", ""), e.get("bullets", []))
           for e in get("experience", [])]
    projects = [_entry_text([p["name"]], p.get("description", ""), p.get("bullets", []))
                for p in get("projects", [])]
    return {
        **{k: get(k) or "" for k in ("name", "email", "phone", "location", "summary")},
        "links": "\n".join(get("links", [])),
        "experience": "\n\n".join(exp),
        "projects": "\n\n".join(projects),
        "education": "\n".join(
            _row_text([r], ("degree", "school", "start", "end") if r.get("start")
                      else ("degree", "school", "end"))
            for r in get("education", [])),
        "certifications": _row_text(get("certifications", []), ("name", "issuer", "date")),
        "skills": ", ".join(get("skills", [])),
    }


def _row_text(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> str:
    return "\n".join(f" {SEP} ".join(r.get(k) or "" for k in keys).rstrip(f" {SEP}")
                     for r in rows)
