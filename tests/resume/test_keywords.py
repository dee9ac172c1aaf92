"""Keyword extraction from job descriptions, fully offline."""

from __future__ import annotations

import pytest

from interview.resume.errors import ResumeError
from interview.resume.keywords import MAX_JD_CHARS, extract_keywords


def _by_id(keywords):
    return {k.canonical: k for k in keywords}


def test_abbreviation_matches_the_skill(roles):
    found = _by_id(extract_keywords("Requirements\n- Production experience with K8s", roles))
    assert "kubernetes" in found
    assert found["kubernetes"].name == "Kubernetes"
    assert "k8s" in found["kubernetes"].aliases


def test_plurals_and_punctuation_are_normalised(roles):
    jd = "Must have: LLMs, data-pipelines, CI / CD and A/B tests."
    assert {"llm", "data-pipelines", "ci-cd", "ab-testing"} <= set(
        _by_id(extract_keywords(jd, roles))
    )


def test_light_stemming_keeps_different_words_apart(roles):
    jd = "Requirements\n- Work with product managers and present to executives."
    found = _by_id(extract_keywords(jd, roles))
    assert "production-ml" not in found  # "product" is not "production"
    assert "communication" not in found  # "present" is not "presentations"


def test_tf_idf_is_not_tensorflow(roles):
    found = _by_id(extract_keywords("Requirements: TF-IDF and BM25 baselines.", roles))
    assert "tensorflow" not in found
    assert "nlp" in found


def test_required_and_nice_sections_are_split(roles, fixture_text):
    found = _by_id(extract_keywords(fixture_text("jd_recsys_mle.txt"), roles, "mle"))
    assert found["kubernetes"].required and found["sql"].required
    assert not found["pytorch"].required and not found["vertex-ai"].required
    assert not found["streaming"].required


def test_markdown_headings_must_have_and_bonus(roles, fixture_text):
    found = _by_id(extract_keywords(fixture_text("jd_llm_platform.md"), roles, "ml-platform"))
    assert found["iac"].required and found["gpu"].required
    assert not found["rag"].required and not found["azure"].required


def test_inline_cues_decide_when_there_are_no_headings(roles, fixture_text):
    found = _by_id(extract_keywords(fixture_text("jd_data_scientist.txt"), roles))
    assert found["gradient-boosting"].required  # "... is required" on the next line
    assert not found["causal-inference"].required  # "is a plus"
    assert not found["databricks"].required


def test_benefits_section_does_not_create_requirements(roles):
    jd = "Requirements\n- Python\n\nBenefits\n- Free Kubernetes training budget"
    found = _by_id(extract_keywords(jd, roles))
    assert found["python"].required
    assert not found["kubernetes"].required


def test_ranking_puts_required_first_then_weight(roles, fixture_text):
    keywords = extract_keywords(fixture_text("jd_recsys_mle.txt"), roles, "mle")
    flags = [k.required for k in keywords]
    assert flags == sorted(flags, reverse=True)
    required = [k for k in keywords if k.required]
    assert [k.weight for k in required] == sorted((k.weight for k in required), reverse=True)
    # repeated in duties and requirements; "deployed models" counts for deployment too
    assert [k.canonical for k in keywords[:2]] == ["production-ml", "recsys"]


def test_repetition_raises_the_weight(roles):
    once = _by_id(extract_keywords("Requirements\n- Spark", roles))["spark"]
    thrice = _by_id(extract_keywords("Requirements\n- Spark\n- Spark SQL\n- PySpark", roles))
    assert thrice["spark"].weight > once.weight


def test_role_weights_shape_the_rank(roles):
    jd = "Requirements\n- Terraform\n- Tableau"
    as_platform = _by_id(extract_keywords(jd, roles, "ml-platform"))
    as_analyst = _by_id(extract_keywords(jd, roles, "data-scientist"))
    assert as_platform["iac"].weight > as_platform["data-visualization"].weight
    assert as_analyst["data-visualization"].weight > as_analyst["iac"].weight


def test_salient_unknown_terms_rank_below_known_skills(roles, fixture_text):
    keywords = extract_keywords(fixture_text("jd_recsys_mle.txt"), roles, "mle")
    unknown = [k for k in keywords if not k.known]
    assert "NDCG" in [k.name for k in unknown]
    assert all(k.weight < 1.5 for k in unknown)
    assert not {"Northwind", "Engineer"} & {k.name for k in unknown}  # about-us, title words


def test_too_long_job_description_states_the_limit(roles):
    with pytest.raises(ResumeError, match="20,000"):
        extract_keywords("x" * (MAX_JD_CHARS + 1), roles)
    assert extract_keywords("y " * (MAX_JD_CHARS // 2), roles) == []
