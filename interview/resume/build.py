"""Build structured resume data that every export renders the same way.

ATS rules applied here: one column of standard sections (Summary, Experience, Projects,
Education, Skills, Certifications), contact details in the body, one date format, and
bullets that carry numbers. Missing details become clear [PLACEHOLDERS] so the candidate
sees exactly what to fill in, and the report can warn when one is left behind.
"""

from __future__ import annotations

import re
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
_GROUPS = {
    "Languages": "python sql cpp golang java-scala r-lang",
    "Machine learning": "ml-fundamentals deep-learning pytorch tensorflow jax sklearn pandas "
    "gradient-boosting nlp nlp-llms llm rag llm-evaluation computer-vision vision recsys "
    "recommendations ranking forecasting reinforcement-learning statistics causal-inference "
    "math model-evaluation ab-testing feature-engineering research responsible-ai",
    "Data": "spark airflow data-pipelines data-warehouse databricks streaming data-quality "
    "data-visualization",
    "MLOps and cloud": "aws gcp azure sagemaker vertex-ai docker kubernetes ci-cd iac mlops "
    "model-serving monitoring experiment-tracking versioning ray gpu distributed-training "
    "inference-optimization linux git testing ml-platform platform retraining production-ml",
}
SKILL_GROUP = {sid: group for group, ids in _GROUPS.items() for sid in ids.split()}
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
    location: str = ""


@dataclass
class Section:
    kind: str
    heading: str
    text: str = ""
    entries: list[Entry] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)


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
    to_confirm: list[str] = field(default_factory=list)
    paper: str = "us-letter"

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
    """Candidate skills ordered by match to the job; else the job's and the profile's.

    Template mode puts the job's required skills first, then its nice-to-haves, then the
    profile's (focus areas first) and generic skills last; job terms no profile knows
    that the ad lists as requirements (vLLM, TTFT) follow the known required ones. They
    are suggestions: the section carries a marker telling the candidate to keep only what
    they have done, and `Resume.to_confirm` lists them.
    """
    ranks = _keyword_ranks(ctx.keywords)
    given = _strings(ctx.details.get("skills"))
    if given:
        order = sorted(range(len(given)), key=lambda i: (_rank_text(given[i], ranks, ctx.index), i))
        return [given[i] for i in order]
    focus = {s for area in ctx.focus_areas() for s in area.skills}
    required = [k.canonical for k in ctx.keywords if k.known and k.required]
    nice = [k.canonical for k in ctx.keywords if k.known and not k.required]
    weight = {s.id: s.weight for s in ctx.role.skills}
    profile = sorted(
        (s.id for s in ctx.role.skills),
        key=lambda s: (s not in focus, -weight.get(s, 0), ranks.get(s, len(ranks))),
    )
    pool = list(dict.fromkeys(required + nice + profile))
    pool.sort(key=lambda s: ctx.index.skills[s].name in GENERIC_SKILLS)  # stable: generic last
    found = {k.canonical: k.found_as for k in ctx.keywords}
    names = [_skill_label(ctx.index.skills[s].name, found.get(s, ())) for s in pool]
    unknown = [k.name for k in ctx.keywords if not k.known and k.required]
    n_required = len([s for s in pool if s in required])
    names = names[:n_required] + unknown + names[n_required:]
    return list(dict.fromkeys(names))[: MAX_SKILLS[ctx.level]]


def _skill_label(name: str, found_as: tuple[str, ...]) -> str:
    """Add the job's own wording when the skill name lacks it: ATS match literal terms.

    Only a clean surface is added ("Kubernetes (k8s)"), never one that spans punctuation
    ("AWS (SageMaker") or repeats words the name already has ("SageMaker" in "AWS
    SageMaker").
    """
    clean = [f for f in found_as if not re.search(r"[()\[\]{},;/|]", f)]
    if not clean or any(f.lower() in name.lower() for f in found_as):
        return name
    have = set(phrase_key(name))
    extra = next((f for f in clean if not set(phrase_key(f)) <= have), None)
    return f"{name} ({extra})" if extra else name


def group_skills(items: list[str], index: Any) -> list[tuple[str, list[str]]]:
    """Skills in named groups (Languages, ML, Data, MLOps and cloud, Practices, Other),
    each group keeping the given order; groups ordered by their first item."""
    groups: dict[str, list[str]] = {}
    for item in items:
        ids = [sid for sid, _ in match_spans(item, index)]
        group = next((SKILL_GROUP[i] for i in ids if i in SKILL_GROUP), "Other")
        groups.setdefault(group, []).append(item)
    return list(groups.items())


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
    paper: str | None = None

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


def _in_sentence(skill: str) -> str:
    """A skill as written mid-sentence: "Recommender systems" -> "recommender systems",
    while names (Python, PyTorch, Google Cloud) and acronyms keep their capitals."""
    words = skill.split()
    first, rest = words[0], words[1:]
    plain_rest = all(w.islower() or w.isupper() for w in rest)
    if rest and plain_rest and first[:1].isupper() and first[1:].islower():
        return _lower_first(skill)
    return skill


def _join(names: list[str]) -> str:
    """"a", "a and b", "a, b and c"; "as well as" when a name already has an "and"."""
    if len(names) <= 1:
        return "".join(names)
    glue = " as well as " if any(" and " in n for n in names) else " and "
    return ", ".join(names[:-1]) + glue + names[-1]


SUMMARY_NOUNS = ("models", "systems")


def _summary(ctx: _Ctx, label: str, skills: list[str], years: float) -> Section:
    text = _text(ctx.details, "summary")
    if not text:
        names = [_lower_first(area.name) for area in ctx.focus_areas()] or ["machine learning"]
        top = _join([_in_sentence(s) for s in skills if s not in GENERIC_SKILLS][:3])
        text = SUMMARY[ctx.level].format(label=label, focus=_join(names), skills=top or
                                         "[KEY SKILLS]")
        for noun in SUMMARY_NOUNS:  # "large language models models" -> "... models"
            text = re.sub(rf"\b{noun} {noun}\b", noun, text)
        if years >= 1:  # we know it from the dates: one placeholder fewer to fill
            text = text.replace("[N] years", f"{int(years)} years", 1)
    return Section("summary", HEADINGS["summary"], text=text)


def _experience_entry(ctx: _Ctx, i: int, raw: dict[str, Any]) -> Entry:
    start = dates.iso_month(raw.get("start"), f"experience.{i}.start")
    end = dates.iso_month(raw.get("end"), f"experience.{i}.end")
    current = start is not None and end is None
    bullets = _by_job(ctx, _strings(raw.get("bullets"))) or ctx.take_patterns(
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
        location=_text(raw, "location"),
    )


CONFIRM = "[ONLY KEEP WHAT YOU HAVE DONE]"
JOB_BULLET = "Built [WHAT] with {terms}, improving [METRIC] by [X%] " + CONFIRM


def _by_job(ctx: _Ctx, bullets: list[str]) -> list[str]:
    """A candidate's own bullets, those matching more of the job's keywords first (stable,
    offline, nothing dropped or reworded)."""
    if not ctx.keywords:
        return bullets
    ranks = _keyword_ranks(ctx.keywords)

    def score(b: str) -> tuple[int, int]:
        ids = {sid for sid, _ in match_spans(b, ctx.index)} & set(ranks)
        return (-len(ids), min((ranks[i] for i in ids), default=len(ranks)))

    return sorted(bullets, key=score)


def _job_bullets(ctx: _Ctx) -> list[str]:
    """Template bullets naming the job's required skills that the role's patterns do not,
    marked for the candidate to confirm; required terms first, two or three a bullet."""
    patterns = " ".join(ctx.patterns).lower()
    wanted = [
        k.found_as[0] if k.found_as else _in_sentence(k.name)  # the ad's own wording
        for k in ctx.keywords
        if k.required and k.name not in GENERIC_SKILLS and k.name.lower() not in patterns
    ]
    wanted = list(dict.fromkeys(wanted))[:6]
    chunks = [wanted[i : i + 3] for i in range(0, len(wanted), 3)]
    return [JOB_BULLET.format(terms=_join(c)) for c in chunks]


def _experience(ctx: _Ctx) -> Section:
    raw = _records(ctx.details, "experience")
    entries = [_experience_entry(ctx, i, r) for i, r in enumerate(raw)]
    if not entries:
        title = "[JOB TITLE OR INTERNSHIP]" if ctx.level == "junior" else "[JOB TITLE]"
        bullets = _job_bullets(ctx) + ctx.take_patterns(PATTERN_BULLETS[ctx.level])
        when = f"[START DATE] {dates.DASH} [END DATE]"
        entries = [Entry(title, "[COMPANY]", dates=when, bullets=bullets)]
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
        start = dates.iso_month(r.get("start"), f"education.{i}.start")
        end = dates.iso_month(r.get("end"), f"education.{i}.end")
        shown = dates.show_month(end) or "[GRADUATION DATE]"
        if start:
            shown = f"{dates.show_month(start)} {dates.DASH} {shown}"
        entries.append(
            Entry(
                _text(r, "degree", "[DEGREE]"),
                _text(r, "school", "[SCHOOL]"),
                start=start,
                end=end,
                dates=shown,
                location=_text(r, "location"),
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
    paper: str | None = None,
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
    if paper not in (None, "us-letter", "a4"):
        raise ResumeError(f"unknown paper {paper!r}; choose us-letter or a4")
    ctx.paper = paper
    ctx.patterns = _pattern_order(ctx)
    return _assemble(ctx, today or date.today())


def _assemble(ctx: _Ctx, today: date) -> Resume:
    label = LABEL_PREFIX[ctx.level] + ctx.role.name
    skills = _skills(ctx)
    experience = _experience(ctx)
    years = _years([experience], today)
    skill_section = Section(
        "skills", HEADINGS["skills"], items=skills, groups=group_skills(skills, ctx.index)
    )
    if ctx.keywords and not _strings(ctx.details.get("skills")):
        skill_section.text = CONFIRM  # job terms suggested: the candidate must check them
    built = {
        "experience": experience,
        "projects": _projects(ctx),
        "education": _education(ctx),
        "certifications": _certifications(ctx),
        "skills": skill_section,
        "summary": _summary(ctx, label, skills, years),
    }
    sections = [section for k in ORDER[ctx.level] if (section := built[k]) is not None]
    contact = _contact(ctx.details)
    return Resume(
        role_id=ctx.role.id,
        role_name=ctx.role.name,
        level=ctx.level,
        label=label,
        focus=ctx.focus,
        contact=contact,
        sections=sections,
        keywords=ctx.keywords,
        years_experience=years,
        suggestions=list(ctx.patterns),
        to_confirm=_to_confirm(ctx, sections),
        paper=ctx.paper or default_paper(contact.location),
    )


def _to_confirm(ctx: _Ctx, sections: list[Section]) -> list[str]:
    """The job's required terms the candidate's own details never mention: for them to
    add where true (we never claim a skill for them)."""
    if not ctx.details:
        return list(dict.fromkeys(_ad_word(k) for k in ctx.keywords if k.required))
    text = " ".join(
        " ".join([s.text, *s.items, *(b for e in s.entries for b in [e.title, *e.bullets])])
        for s in sections
    )
    have = {sid for sid, _ in match_spans(text, ctx.index)}
    words = set(phrase_key(text))
    return list(dict.fromkeys(
        _ad_word(k)
        for k in ctx.keywords
        if k.required
        and (k.canonical not in have if k.known else not set(k.canonical.split()) <= words)
    ))


def _ad_word(k: Keyword) -> str:
    """A keyword as the ad wrote it ("BigQuery", not the profile's "Data warehouses")."""
    clean = [f for f in k.found_as if not re.search(r"[()\[\]{},;/|]", f)]
    return clean[0] if clean else k.name


LETTER_COUNTRIES = ("us", "usa", "united states", "canada", "ca", "mexico", "philippines")


def default_paper(location: str) -> str:
    """US Letter in North America (and where the location is unknown), A4 elsewhere."""
    if location.startswith("["):
        return "us-letter"
    country = location.rsplit(",", 1)[-1].strip().lower() if "," in location else ""
    if not country or country.startswith("[") or country in LETTER_COUNTRIES:
        return "us-letter"
    return "a4"
