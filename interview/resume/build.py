"""Build structured resume data that every export renders the same way.

ATS rules applied here: one column of standard sections (Summary, Experience, Projects,
Education, Skills, Certifications), contact details in the body, one date format, and
bullets that carry numbers. Missing details become clear [PLACEHOLDERS] so the candidate
sees exactly what to fill in, and the report can warn when one is left behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import dates
from .errors import ResumeError
from .keywords import STOPWORDS, Keyword, build_index, extract_keywords, match_spans, phrase_key
from .roles import LEVELS, FocusArea, RoleProfile, get_role, load_roles

HEADINGS = {
    "summary": "Summary",
    "experience": "Experience",
    "projects": "Projects",
    "education": "Education",
    "skills": "Skills",
    "certifications": "Certifications",
}
ORDER = {
    "junior": ("summary", "skills", "projects", "education", "experience", "certifications"),
    "mid": ("summary", "experience", "skills", "projects", "education", "certifications"),
    "senior": ("summary", "experience", "skills", "projects", "education", "certifications"),
    "staff": ("summary", "experience", "skills", "projects", "education", "certifications"),
}
LABEL_PREFIX = {"junior": "", "mid": "", "senior": "Senior ", "staff": "Staff "}
SUMMARY = {
    "junior": (
        "{label} with hands-on experience in {focus}, building end-to-end projects from data "
        "preparation to a deployed, monitored model with {skills}. [ONE SENTENCE ON THE "
        "PROBLEMS YOU WANT TO WORK ON NEXT]."
    ),
    "mid": (
        "{label} with [N] years of experience taking {focus} models from prototype to "
        "production with {skills}. Owns systems end to end, from data pipelines to "
        "monitoring, and improved [BUSINESS METRIC] by [X%]."
    ),
    "senior": (
        "{label} with [N] years of experience leading {focus} systems used by [N] users "
        "across [N] teams. Makes architecture decisions, mentors engineers and delivers "
        "measurable impact such as [KEY RESULT] with {skills}."
    ),
    "staff": (
        "{label} with [N] years of experience setting technical direction for {focus} "
        "across [N] teams and [N] engineers. Aligns ML strategy with business goals, grows "
        "engineers and delivers results such as [KEY RESULT]."
    ),
}
GENERIC_SKILLS = {
    "Machine learning",
    "Production ML deployment",
    "Communication",
    "Software engineering",
    "Stakeholder management",
}
MAX_SKILLS = {"junior": 14, "mid": 16, "senior": 18, "staff": 18}
PATTERN_BULLETS = {"junior": 3, "mid": 4, "senior": 4, "staff": 4}


@dataclass
class Contact:
    name: str
    email: str
    phone: str
    location: str
    links: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """One experience, project, degree or certification."""

    title: str
    org: str = ""
    start: str | None = None
    end: str | None = None
    current: bool = False
    dates: str = ""
    description: str = ""
    bullets: list[str] = field(default_factory=list)


@dataclass
class Section:
    kind: str
    heading: str
    text: str = ""
    entries: list[Entry] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Resume:
    role_id: str
    role_name: str
    level: str
    label: str
    focus: list[str]
    contact: Contact
    sections: list[Section]
    keywords: list[Keyword] = field(default_factory=list)
    years_experience: float = 0.0
    suggestions: list[str] = field(default_factory=list)

    def section(self, kind: str) -> Section | None:
        """The section of that kind, if the resume has one."""
        return next((s for s in self.sections if s.kind == kind), None)


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    """A trimmed string field; anything else (None, numbers by mistake) counts as missing."""
    value = data.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else default


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A list of mappings; the form layer may send None or junk for an empty list."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ResumeError(f"{key}: expected a list of entries")
    return value


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def _contact(details: dict[str, Any]) -> Contact:
    links = _strings(details.get("links")) or ["[LINKEDIN URL]", "[GITHUB OR PORTFOLIO URL]"]
    return Contact(
        name=_text(details, "name", "[YOUR NAME]"),
        email=_text(details, "email", "[EMAIL]"),
        phone=_text(details, "phone", "[PHONE]"),
        location=_text(details, "location", "[CITY, COUNTRY]"),
        links=links,
    )


def resolve_role(role: RoleProfile | str, level: str, roles: dict | None) -> RoleProfile:
    """Accept a profile or an id; check the level with a user-facing message."""
    if level not in LEVELS:
        raise ResumeError(f"unknown level {level!r}; choose one of {list(LEVELS)}")
    if isinstance(role, RoleProfile):
        return get_role({role.id: role}, role.id, level)
    return get_role(roles if roles is not None else load_roles(), role, level)


def _check_focus(role: RoleProfile, focus: list[str]) -> list[str]:
    unknown = [f for f in focus if role.focus(f) is None]
    if unknown:
        names = [f.id for f in role.focus_areas]
        raise ResumeError(f"{role.name} has no focus area {unknown}; choose from {names}")
    return list(dict.fromkeys(focus))


def _keyword_ranks(keywords: list[Keyword]) -> dict[str, int]:
    return {k.canonical: i for i, k in reversed(list(enumerate(keywords)))}


def _rank_text(text: str, ranks: dict[str, int], index: Any) -> int:
    """Best job-keyword rank a skill string matches (k8s matches Kubernetes); else last."""
    ids = {sid for sid, _ in match_spans(text, index)} | {" ".join(phrase_key(text))}
    return min((ranks[i] for i in ids if i in ranks), default=len(ranks))


def _skills(ctx: _Ctx) -> list[str]:
    """Candidate skills ordered by match to the job; else the profile's, job-first."""
    ranks = _keyword_ranks(ctx.keywords)
    given = _strings(ctx.details.get("skills"))
    if given:
        order = sorted(range(len(given)), key=lambda i: (_rank_text(given[i], ranks, ctx.index), i))
        return [given[i] for i in order]
    focus = {s for area in ctx.focus_areas() for s in area.skills}
    wanted = [k.canonical for k in ctx.keywords if k.known and k.required]
    pool = list(dict.fromkeys(wanted + [s.id for s in ctx.role.skills]))
    weight = {s.id: s.weight for s in ctx.role.skills}
    pool.sort(key=lambda s: (ranks.get(s, len(ranks)), s not in focus, -weight.get(s, 0)))
    found = {k.canonical: k.found_as for k in ctx.keywords}
    return [
        _skill_label(ctx.index.skills[s].name, found.get(s, ()))
        for s in pool[: MAX_SKILLS[ctx.level]]
    ]


def _skill_label(name: str, found_as: tuple[str, ...]) -> str:
    """Add the job's own wording when the skill name lacks it: ATS match literal terms."""
    if not found_as or any(f.lower() in name.lower() for f in found_as):
        return name
    return f"{name} ({found_as[0]})"


def _pattern_order(ctx: _Ctx) -> list[str]:
    """The level's bullet patterns, those closest to the focus and the job first."""
    terms = {t for k in ctx.keywords for a in k.aliases for t in phrase_key(a)}
    for area in ctx.focus_areas():
        for sid in area.skills:
            terms.update(t for a in ctx.index.skills[sid].keywords for t in phrase_key(a))
    terms = {t for t in terms if len(t) > 2 and t not in STOPWORDS}
    patterns = list(ctx.role.bullets[ctx.level])
    return sorted(patterns, key=lambda p: -len(set(phrase_key(p)) & terms))


@dataclass
class _Ctx:
    """Everything the section builders share."""

    role: RoleProfile
    level: str
    focus: list[str]
    details: dict[str, Any]
    keywords: list[Keyword]
    index: Any
    template: bool
    patterns: list[str] = field(default_factory=list)

    def focus_areas(self) -> list[FocusArea]:
        """The chosen focus areas, in order (their ids were checked against the role)."""
        return [area for f in self.focus if (area := self.role.focus(f)) is not None]

    def take_patterns(self, n: int) -> list[str]:
        """Hand out bullet patterns without repeating one on the same resume."""
        taken, self.patterns = self.patterns[:n], self.patterns[n:]
        return taken


def _lower_first(name: str) -> str:
    """Lower-case a name for mid-sentence use, leaving acronyms (NLP, ML) alone."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _summary(ctx: _Ctx, label: str, skills: list[str], years: float) -> Section:
    text = _text(ctx.details, "summary")
    if not text:
        names = [_lower_first(area.name) for area in ctx.focus_areas()] or ["machine learning"]
        focus = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        top = ", ".join([s for s in skills if s not in GENERIC_SKILLS][:3]) or "[KEY SKILLS]"
        text = SUMMARY[ctx.level].format(label=label, focus=focus, skills=top)
        if years >= 1:  # we know it from the dates: one placeholder fewer to fill
            text = text.replace("[N] years", f"{int(years)} years", 1)
    return Section("summary", HEADINGS["summary"], text=text)


def _experience_entry(ctx: _Ctx, i: int, raw: dict[str, Any]) -> Entry:
    start = dates.iso_month(raw.get("start"), f"experience.{i}.start")
    end = dates.iso_month(raw.get("end"), f"experience.{i}.end")
    current = start is not None and end is None
    bullets = _strings(raw.get("bullets")) or ctx.take_patterns(
        2 if i else PATTERN_BULLETS[ctx.level]
    )
    return Entry(
        title=_text(raw, "title", "[JOB TITLE]"),
        org=_text(raw, "company", "[COMPANY]"),
        start=start,
        end=end,
        current=current,
        dates=dates.show_range(start, end, current, f"experience.{i}"),
        description=_text(raw, "description"),
        bullets=bullets,
    )


def _experience(ctx: _Ctx) -> Section:
    raw = _records(ctx.details, "experience")
    entries = [_experience_entry(ctx, i, r) for i, r in enumerate(raw)]
    if not entries:
        title = "[JOB TITLE OR INTERNSHIP]" if ctx.level == "junior" else "[JOB TITLE]"
        bullets = ctx.take_patterns(PATTERN_BULLETS[ctx.level])
        entries = [Entry(title, "[COMPANY]", dates="[START DATE] - [END DATE]", bullets=bullets)]
    return Section("experience", HEADINGS["experience"], entries=entries)


def _projects(ctx: _Ctx) -> Section | None:
    entries = [
        Entry(
            title=_text(r, "name", "[PROJECT NAME]"),
            description=_text(r, "description"),
            bullets=_strings(r.get("bullets")),
        )
        for r in _records(ctx.details, "projects")
    ]
    if not entries and (ctx.template or ctx.level in ("junior", "mid")):
        desc = "[ONE LINE: THE PROBLEM, THE DATA AND THE OUTCOME; LINK TO CODE OR DEMO]"
        entries = [Entry("[PROJECT NAME]", description=desc, bullets=ctx.take_patterns(2))]
    return Section("projects", HEADINGS["projects"], entries=entries) if entries else None


def _education(ctx: _Ctx) -> Section:
    entries = []
    for i, r in enumerate(_records(ctx.details, "education")):
        end = dates.iso_month(r.get("end"), f"education.{i}.end")
        shown = dates.show_month(end) or "[GRADUATION DATE]"
        entries.append(
            Entry(
                _text(r, "degree", "[DEGREE]"), _text(r, "school", "[SCHOOL]"), end=end, dates=shown
            )
        )
    if not entries:
        entries = [Entry("[DEGREE AND FIELD]", "[SCHOOL]", dates="[GRADUATION DATE]")]
    return Section("education", HEADINGS["education"], entries=entries)


def _certifications(ctx: _Ctx) -> Section | None:
    entries = []
    for i, r in enumerate(_records(ctx.details, "certifications")):
        when = dates.iso_month(r.get("date"), f"certifications.{i}.date")
        entries.append(
            Entry(
                _text(r, "name", "[CERTIFICATION NAME]"),
                _text(r, "issuer"),
                end=when,
                dates=dates.show_month(when),
            )
        )
    if not entries and ctx.template:
        entries = [Entry("[CERTIFICATION NAME, IF ANY]", "[ISSUER]", dates="[DATE]")]
    return (
        Section("certifications", HEADINGS["certifications"], entries=entries) if entries else None
    )


def _years(sections: list[Section], today: date) -> float:
    exp = next((s for s in sections if s.kind == "experience"), None)
    spans = (
        [dates.months_between(e.start, e.end, today) for e in exp.entries if e.start] if exp else []
    )
    return dates.years_of_experience(spans)


def build_resume(
    role: RoleProfile | str,
    level: str,
    focus: list[str] | None = None,
    details: dict[str, Any] | None = None,
    jd_text: str | None = None,
    *,
    roles: dict[str, RoleProfile] | None = None,
    today: date | None = None,
) -> Resume:
    """Structured resume for a role and level, shaped by focus areas and a job description.

    With `details=None` (template mode) every section appears with placeholders; with
    details, optional sections (projects for senior and staff, certifications) appear only
    when the candidate has them.
    """
    roles = roles if roles is not None else load_roles()
    profile = resolve_role(role, level, roles)
    index = build_index(roles, profile)
    keywords = extract_keywords(jd_text, roles, profile, index) if jd_text else []
    ctx = _Ctx(
        profile,
        level,
        _check_focus(profile, focus or []),
        details or {},
        keywords,
        index,
        details is None,
    )
    ctx.patterns = _pattern_order(ctx)
    return _assemble(ctx, today or date.today())


def _assemble(ctx: _Ctx, today: date) -> Resume:
    label = LABEL_PREFIX[ctx.level] + ctx.role.name
    skills = _skills(ctx)
    experience = _experience(ctx)
    years = _years([experience], today)
    built = {
        "experience": experience,
        "projects": _projects(ctx),
        "education": _education(ctx),
        "certifications": _certifications(ctx),
        "skills": Section("skills", HEADINGS["skills"], items=skills),
        "summary": _summary(ctx, label, skills, years),
    }
    sections = [sec for k in ORDER[ctx.level] if (sec := built[k]) is not None]
    return Resume(
        role_id=ctx.role.id,
        role_name=ctx.role.name,
        level=ctx.level,
        label=label,
        focus=ctx.focus,
        contact=_contact(ctx.details),
        sections=sections,
        keywords=ctx.keywords,
        years_experience=years,
        suggestions=list(ctx.patterns),
    )
