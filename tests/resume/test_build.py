"""Structured resume data: ATS section rules, level shaping, placeholders, skill order."""

from __future__ import annotations

import re

import pytest

from interview.resume.build import build_resume
from interview.resume.errors import ResumeError

STANDARD = {"Summary", "Experience", "Projects", "Education", "Skills", "Certifications"}


def _kinds(resume):
    return [s.kind for s in resume.sections]


def test_template_mode_fills_every_gap_with_placeholders(roles):
    resume = build_resume("mle", "mid", roles=roles)
    assert resume.contact.name == "[YOUR NAME]"
    assert resume.contact.email == "[EMAIL]"
    assert set(_kinds(resume)) == {h.lower() for h in STANDARD}
    bullets = resume.section("experience").entries[0].bullets
    assert bullets and all(re.search(r"\[[A-Z%$]", b) for b in bullets)


def test_headings_are_the_standard_ones(roles, mid_resume):
    assert {s.heading for s in mid_resume.sections} <= STANDARD


def test_junior_leads_with_skills_projects_education(roles):
    kinds = _kinds(build_resume("mle", "junior", roles=roles))
    assert kinds[:4] == ["summary", "skills", "projects", "education"]
    assert kinds.index("experience") > kinds.index("education")


@pytest.mark.parametrize("level", ["senior", "staff"])
def test_senior_and_staff_lead_with_experience(roles, level):
    resume = build_resume("mle", level, roles=roles)
    assert _kinds(resume)[:2] == ["summary", "experience"]
    assert resume.label.startswith(level.title())
    assert "[N] teams" in resume.section("summary").text  # scope, not just skills


def test_one_date_format_and_present_for_current_job(mid_resume):
    entries = mid_resume.section("experience").entries
    assert [e.dates for e in entries] == ["Mar 2021 – Present", "Jul 2018 – Feb 2021"]
    assert mid_resume.section("education").entries[0].dates == "Sep 2018"


def test_years_of_experience_fill_the_summary(mid_resume):
    assert mid_resume.years_experience == 7.0  # Jul 2018 - Feb 2021 + Mar 2021 - Jun 2025
    assert "7 years of experience" in mid_resume.section("summary").text


def test_bad_date_is_rejected_with_the_field_name(roles, details):
    broken = details | {"experience": [{"title": "MLE", "start": "March 2021"}]}
    with pytest.raises(ResumeError, match=r"experience\.0\.start"):
        build_resume("mle", "mid", details=broken, roles=roles)


def test_candidate_skills_are_ordered_by_the_job_keywords(mid_resume, details):
    skills = mid_resume.section("skills").items
    assert sorted(skills) == sorted(details["skills"])  # nothing invented, nothing lost
    assert skills[0] == "Recommender systems"  # the job's top keyword
    assert skills.index("K8s") < skills.index("PyTorch")  # required before nice-to-have
    assert skills.index("PyTorch") < skills.index("pandas")  # matched before unmatched


def test_profile_skills_follow_the_job_when_candidate_gives_none(roles, fixture_text):
    resume = build_resume(
        "mle", "mid", details={}, jd_text=fixture_text("jd_llm_platform.md"), roles=roles
    )
    skills = resume.section("skills").items
    assert skills[0].startswith("Large language models")
    assert any(s.startswith("Kubernetes") and "k8s" in s for s in skills)  # job's own wording


def test_focus_area_moves_its_skills_up(roles):
    vision = build_resume("mle", "mid", ["vision"], roles=roles).section("skills").items
    recs = build_resume("mle", "mid", ["recommendations"], roles=roles).section("skills").items
    assert "Computer vision" in vision[:8] and "Computer vision" not in recs[:8]
    assert "Recommender systems" in recs[:8] and "Recommender systems" not in vision[:8]
    assert (
        "computer vision"
        in build_resume("mle", "mid", ["vision"], roles=roles).section("summary").text
    )


def test_user_bullets_are_kept_and_patterns_offered_as_suggestions(mid_resume, details):
    first = mid_resume.section("experience").entries[0]
    assert sorted(first.bullets) == sorted(details["experience"][0]["bullets"])  # none lost
    assert "Docker on Kubernetes" in first.bullets[1]  # re-ordered: more job keywords first
    assert mid_resume.suggestions  # unused patterns for the level remain available


def test_optional_sections_are_left_out_when_details_lack_them(roles, details):
    slim = {k: v for k, v in details.items() if k not in ("projects", "certifications")}
    kinds = _kinds(build_resume("mle", "senior", details=slim, roles=roles))
    assert "projects" not in kinds and "certifications" not in kinds


@pytest.mark.parametrize(
    ("role", "level", "focus", "message"),
    [
        ("chef", "mid", [], "unknown role"),
        ("mle", "guru", [], "unknown level"),
        ("mlops", "staff", [], "no level"),
        ("mle", "mid", ["robotics"], "no focus area"),
    ],
)
def test_bad_choices_give_clear_errors(roles, role, level, focus, message):
    with pytest.raises(ResumeError, match=message):
        build_resume(role, level, focus, roles=roles)
