"""Role profiles: content rules from the brief, and errors that name file and field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from interview.resume.errors import RoleError
from interview.resume.keywords import build_index, phrase_key
from interview.resume.roles import (
    DEFAULT_BANK_DIR,
    FOCUS_AREAS,
    PLACEHOLDER,
    cached_roles,
    load_roles,
)

EXPECTED = {
    "mle": ("junior", "mid", "senior", "staff"),
    "ml-platform": ("mid", "senior", "staff"),
    "applied-scientist": ("junior", "mid", "senior", "staff"),
    "data-scientist": ("junior", "mid", "senior", "staff"),
    "mlops": ("junior", "mid", "senior"),
    "data-engineer-ml": ("junior", "mid", "senior", "staff"),
    "research-scientist": ("junior", "mid", "senior", "staff"),
    "ml-lead": ("senior", "staff"),
}


def test_every_expected_profile_loads_with_its_levels(roles):
    assert {rid: r.levels for rid, r in roles.items()} == EXPECTED


@pytest.mark.parametrize("role_id", sorted(EXPECTED))
def test_profile_follows_the_content_rules(roles, role_id):
    role = roles[role_id]
    assert 25 <= len(role.skills) <= 45
    assert {f.id for f in role.focus_areas} <= set(FOCUS_AREAS)
    for level, bullets in role.bullets.items():
        assert 4 <= len(bullets) <= 8, level
        assert all(PLACEHOLDER.search(b) for b in bullets)


def test_mle_covers_every_focus_area(roles):
    assert {f.id for f in roles["mle"].focus_areas} == set(FOCUS_AREAS)


@pytest.mark.parametrize(
    ("alias", "skill"),
    [
        ("k8s", "kubernetes"),
        ("tf", "tensorflow"),
        ("llm", "llm"),
        ("large language model", "llm"),
        ("ci/cd", "ci-cd"),
        ("gcp", "gcp"),
        ("google cloud", "gcp"),
        ("sklearn", "sklearn"),
        ("a/b testing", "ab-testing"),
    ],
)
def test_abbreviations_and_synonyms_map_to_one_skill(roles, alias, skill):
    assert build_index(roles).phrases[phrase_key(alias)] == skill


def _bank(tmp_path: Path, profile: dict) -> Path:
    shutil.copy(DEFAULT_BANK_DIR / "topics.yaml", tmp_path / "topics.yaml")
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / f"{profile['id']}.yaml").write_text(yaml.safe_dump(profile))
    return tmp_path


def _mle() -> dict:
    return yaml.safe_load((DEFAULT_BANK_DIR / "roles" / "mle.yaml").read_text())


def test_valid_copy_loads(tmp_path):
    assert list(load_roles(_bank(tmp_path, _mle()))) == ["mle"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["skills"][0].update(weight=9), "skills.0.weight"),
        (lambda p: p["skills"][1].update(topic="astrology"), "skills.1.topic"),
        (lambda p: p["skills"][2].update(keywords=["Kubernetes"]), "skills.2.keywords"),
        (lambda p: p["bullets"]["mid"].append("Did good work"), "bullets.mid.6"),
        (lambda p: p["focus_areas"][0].update(skills=["nope"]), "focus_areas.0.skills"),
        (lambda p: p.update(levels=["junior", "mid", "senior", "guru"]), "levels.3"),
        (lambda p: p.update(skills=p["skills"][:10]), "skills"),
    ],
)
def test_invalid_profile_error_names_file_and_field(tmp_path, change, field):
    profile = _mle()
    change(profile)
    with pytest.raises(RoleError) as err:
        load_roles(_bank(tmp_path, profile))
    assert "mle.yaml" in str(err.value)
    assert field in str(err.value)


def test_keyword_meaning_two_skills_across_profiles_is_rejected(tmp_path):
    bank = _bank(tmp_path, _mle())
    other = _mle() | {"id": "other"}
    other["skills"][0]["keywords"] = ["k8s"]  # k8s already means kubernetes in mle.yaml
    (bank / "roles" / "other.yaml").write_text(yaml.safe_dump(other))
    with pytest.raises(RoleError, match="'k8s'"):
        load_roles(bank)


def test_cached_roles_reload_after_a_profile_changes(tmp_path):
    bank = _bank(tmp_path, _mle())
    first = cached_roles(bank)
    assert cached_roles(bank) is first
    changed = _mle() | {"name": "ML Engineer (edited)"}
    path = bank / "roles" / "mle.yaml"
    path.write_text(yaml.safe_dump(changed))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert cached_roles(bank)["mle"].name == "ML Engineer (edited)"
