"""Load and validate role profiles (`question_bank/roles/*.yaml`).

Profiles drive keyword matching, skill ordering and bullet suggestions, so a typo in a
topic id or a duplicated keyword would silently skew every resume: we fail loudly
instead, naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interview.levels import LEVELS

from .errors import ResumeError, RoleError

FOCUS_AREAS = ("recommendations", "nlp-llms", "vision", "forecasting", "platform")
DEFAULT_BANK_DIR = Path(__file__).resolve().parents[2] / "question_bank"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PLACEHOLDER = re.compile(r"\[[^\]\[]+\]")


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    weight: int
    topic: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class FocusArea:
    id: str
    name: str
    skills: tuple[str, ...]


@dataclass(frozen=True)
class RoleProfile:
    id: str
    name: str
    levels: tuple[str, ...]
    summary: str
    skills: tuple[Skill, ...]
    focus_areas: tuple[FocusArea, ...]
    bullets: dict[str, tuple[str, ...]]

    def skill(self, skill_id: str) -> Skill | None:
        """Look a skill up by id (profiles are small, a scan is fine)."""
        return next((s for s in self.skills if s.id == skill_id), None)

    def focus(self, focus_id: str) -> FocusArea | None:
        """Look a focus area up by id."""
        return next((f for f in self.focus_areas if f.id == focus_id), None)


def _slug() -> fields.String:
    return fields.String(
        required=True, validate=validate.Regexp(SLUG, error="must match [a-z0-9-]")
    )


class SkillSchema(Schema):
    id = _slug()
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    weight = fields.Integer(required=True, strict=True, validate=validate.Range(1, 5))
    topic = _slug()
    keywords = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        required=True,
        validate=validate.Length(min=1, max=30),
    )

    @validates_schema
    def _lower_case(self, data: dict[str, Any], **_: Any) -> None:
        """Keywords are matched on normalised text, so they must be written lower-case."""
        bad = [k for k in data.get("keywords", []) if k != k.lower() or k != k.strip()]
        if bad:
            raise ValidationError(f"keywords must be lower-case and trimmed: {bad}", "keywords")


class FocusSchema(Schema):
    id = fields.String(required=True, validate=validate.OneOf(FOCUS_AREAS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    skills = fields.List(fields.String(), required=True, validate=validate.Length(min=1))


def _has_placeholder(text: str) -> None:
    """A bullet pattern without a [PLACEHOLDER] gives the candidate nothing to fill in."""
    if not PLACEHOLDER.search(text):
        raise ValidationError("needs a [PLACEHOLDER] for the candidate's numbers")


def _bullet_list() -> fields.List:
    item = fields.String(validate=_has_placeholder)
    return fields.List(item, validate=validate.Length(min=4, max=8))


class RoleSchema(Schema):
    id = _slug()
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    levels = fields.List(
        fields.String(validate=validate.OneOf(LEVELS)),
        required=True,
        validate=validate.Length(min=1),
    )
    summary = fields.String(required=True, validate=validate.Length(min=20))
    skills = fields.List(
        fields.Nested(SkillSchema), required=True, validate=validate.Length(min=25, max=45)
    )
    focus_areas = fields.List(
        fields.Nested(FocusSchema), required=True, validate=validate.Length(min=1)
    )
    bullets = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LEVELS)), values=_bullet_list(), required=True
    )

    @validates_schema
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        """Cross-field rules a field validator cannot see."""
        _check_levels(data)
        _check_skills(data)


def _check_levels(data: dict[str, Any]) -> None:
    levels = data.get("levels", [])
    if len(set(levels)) != len(levels):
        raise ValidationError("levels must not repeat", "levels")
    if set(data.get("bullets", {})) != set(levels):
        raise ValidationError(f"bullets must have exactly the levels {levels}", "bullets")


def _check_skills(data: dict[str, Any]) -> None:
    ids = [s["id"] for s in data.get("skills", [])]
    if len(set(ids)) != len(ids):
        raise ValidationError("skill ids must be unique", "skills")
    owner: dict[str, str] = {}
    for skill in data.get("skills", []):
        for kw in skill["keywords"]:
            if owner.setdefault(kw, skill["id"]) != skill["id"]:
                raise ValidationError(
                    f"keyword {kw!r} is used by {owner[kw]} and {skill['id']}", "skills"
                )
    for i, area in enumerate(data.get("focus_areas", [])):
        unknown = sorted(set(area["skills"]) - set(ids))
        if unknown:
            raise ValidationError(f"unknown skill ids {unknown}", f"focus_areas.{i}.skills")


def _flatten(messages: Any, prefix: str = "") -> list[str]:
    """Turn marshmallow's nested error dict into `field.path: message` lines."""
    if isinstance(messages, dict):
        out: list[str] = []
        for key, value in messages.items():
            skip = key in ("_schema", "value")  # marshmallow's wrappers, not user fields
            name = prefix if skip else f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, name))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix or 'profile'}: {m}" for m in messages]
    return [f"{prefix or 'profile'}: {messages}"]


def load_topics(bank_dir: Path) -> set[str]:
    """Topic ids from topics.yaml; skills must point at one of them."""
    path = Path(bank_dir) / "topics.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {t["id"] for t in data["topics"]}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RoleError(f"{path}: cannot read topic ids ({exc})") from exc


def _to_profile(data: dict[str, Any]) -> RoleProfile:
    skills = tuple(
        Skill(s["id"], s["name"], s["weight"], s["topic"], tuple(s["keywords"]))
        for s in data["skills"]
    )
    areas = tuple(FocusArea(f["id"], f["name"], tuple(f["skills"])) for f in data["focus_areas"])
    bullets = {level: tuple(data["bullets"][level]) for level in data["levels"]}
    return RoleProfile(
        data["id"],
        data["name"],
        tuple(data["levels"]),
        data["summary"].strip(),
        skills,
        areas,
        bullets,
    )


def load_role_file(path: Path, topics: set[str]) -> RoleProfile:
    """Parse and validate one profile; errors read `mle.yaml: skills.3.weight: ...`."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RoleError(f"{path.name}: cannot parse YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise RoleError(f"{path.name}: expected a mapping at the top level")
    try:
        data = RoleSchema().load(raw)
    except ValidationError as exc:
        raise RoleError(f"{path.name}: " + "; ".join(_flatten(exc.messages))) from exc
    problems = _reference_problems(data, topics, path.stem)
    if problems:
        raise RoleError(f"{path.name}: " + "; ".join(problems))
    return _to_profile(data)


def _reference_problems(data: dict[str, Any], topics: set[str], stem: str) -> list[str]:
    """Checks that need outside knowledge: topic ids and the file name."""
    problems = [
        f"skills.{i}.topic: unknown topic id {s['topic']!r}"
        for i, s in enumerate(data["skills"])
        if s["topic"] not in topics
    ]
    if data["id"] != stem:
        problems.append(f"id: {data['id']!r} must match the file name {stem!r}")
    return problems


def load_roles(root: Path | str | None = None) -> dict[str, RoleProfile]:
    """Load every profile under `<root>/roles/` (root is the question-bank folder).

    Also accepts the roles folder itself. Profiles must agree with each other: the same
    keyword cannot point at two different skills, or matching would depend on file order.
    """
    root = Path(root) if root is not None else DEFAULT_BANK_DIR
    roles_dir = root / "roles" if (root / "roles").is_dir() else root
    topics_root = roles_dir.parent if roles_dir.name == "roles" else root
    topics = load_topics(topics_root)
    files = sorted(roles_dir.glob("*.yaml"))
    if not files:
        raise RoleError(f"{roles_dir}: no role profiles (*.yaml) found")
    roles = {p.stem: load_role_file(p, topics) for p in files}
    _check_across(roles)
    return roles


def _check_across(roles: dict[str, RoleProfile]) -> None:
    """A keyword must mean the same skill in every profile."""
    owner: dict[str, tuple[str, str]] = {}
    for role in roles.values():
        for skill in role.skills:
            for kw in skill.keywords:
                seen = owner.setdefault(kw, (skill.id, role.id))
                if seen[0] != skill.id:
                    raise RoleError(
                        f"{role.id}.yaml: skills.{skill.id}.keywords: {kw!r} already means "
                        f"skill {seen[0]!r} in {seen[1]}.yaml"
                    )


def get_role(roles: dict[str, RoleProfile], role_id: str, level: str | None = None) -> RoleProfile:
    """Fetch a profile, with a user-facing error for an unknown role or level."""
    role = roles.get(role_id)
    if role is None:
        raise ResumeError(f"unknown role {role_id!r}; choose one of {sorted(roles)}")
    if level is not None and level not in role.levels:
        raise ResumeError(f"{role.name} has no level {level!r}; choose one of {list(role.levels)}")
    return role


def cached_roles(root: Path | str | None = None) -> dict[str, RoleProfile]:
    """load_roles, re-read only when a profile or topics.yaml changes (for web requests).

    Callers must treat the result as read-only: it is shared between requests.
    """
    root = Path(root) if root is not None else DEFAULT_BANK_DIR
    files = sorted(root.glob("roles/*.yaml")) + sorted(root.glob("topics.yaml"))
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    return _load_stamped(str(root), stamp)


@lru_cache(maxsize=4)
def _load_stamped(root: str, stamp: tuple[tuple[str, int], ...]) -> dict[str, RoleProfile]:
    return load_roles(root)
