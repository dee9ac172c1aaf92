"""The issue's findings, each as a test: tailoring for an ad, clean generated text, and a
keyword report that cannot be gamed (templates, stuffing, look-alike words)."""

from __future__ import annotations

import re

import pytest

from interview.resume.build import build_resume
from interview.resume.exports import export
from interview.resume.exports.text import to_text
from interview.resume.keywords import extract_keywords, match_spans
from interview.resume.report import extract_text, keyword_report

AD = """Senior ML Engineer, Fraud Detection

Responsibilities
- Build fraud detection models and serve LLMs with vLLM and SGLang, tracking TTFT.
- Own pipelines in Airflow feeding BigQuery.

Requirements
- 5+ years of experience in machine learning engineering.
- Airflow, BigQuery and SageMaker or Vertex AI in production.
- Python and SQL.
- Master's degree in computer science or a related field.
- Work from the EU/US offices; SR level; APP experience a plus.

Nice to have
- Kafka
"""


@pytest.fixture(scope="module")
def template(roles):
    return build_resume("mle", "senior", [], None, AD, roles=roles)


def _ids(text, index):
    return {sid for sid, _ in match_spans(text, index)}


# --- (a) tailoring ------------------------------------------------------------------


def test_template_skills_lead_with_the_ads_requirements(template):
    skills = template.section("skills").items
    for term in ("Airflow", "BigQuery", "SageMaker", "Vertex AI"):
        pos = next(i for i, s in enumerate(skills) if term.lower() in s.lower())
        assert pos < 10, (term, skills)
    kafka = next(i for i, s in enumerate(skills) if "kafka" in s.lower())
    assert kafka > max(i for i, s in enumerate(skills) if "bigquery" in s.lower())
    generic = [i for i, s in enumerate(skills) if s in ("Communication", "Machine learning",
                                                         "Software engineering")]
    assert not generic or min(generic) > kafka  # generic skills last


def test_unknown_ad_terms_are_kept_as_candidates(template):
    text = " ".join(template.section("skills").items) + " " + " ".join(template.to_confirm)
    for term in ("vLLM", "SGLang", "TTFT"):
        assert term in text, term
    assert "fraud detection" in text.lower()


def test_ad_keywords_are_marked_for_the_candidate_to_confirm(template):
    assert template.section("skills").text == "[ONLY KEEP WHAT YOU HAVE DONE]"
    bullets = template.section("experience").entries[0].bullets
    marked = [b for b in bullets if "[ONLY KEEP WHAT YOU HAVE DONE]" in b]
    joined = " ".join(marked)
    assert marked and "Airflow" in joined and "BigQuery" in joined and "SageMaker" in joined
    assert "Airflow" in template.to_confirm


def test_saved_details_are_reordered_not_invented(roles, details):
    resume = build_resume("mle", "mid", [], details, AD, roles=roles)
    assert sorted(resume.section("skills").items) == sorted(details["skills"])
    assert "Airflow" in resume.section("skills").items[:3]  # a required term of the ad
    first = resume.section("experience").entries[0].bullets
    assert "Airflow" in first[0]
    assert "BigQuery" in resume.to_confirm and "Airflow" not in resume.to_confirm


# --- (b) clean generated text -------------------------------------------------------


def test_summary_has_no_doubled_nouns_or_mid_sentence_capitals(roles):
    for focus in (["nlp-llms"], ["nlp-llms", "recommendations"]):
        text = build_resume("mle", "mid", focus, roles=roles).section("summary").text
        assert not re.search(r"\b(\w+) \1\b", text), text
        assert " and recommendations and " not in text, text
        assert "with Recommender" not in text and "with Large" not in text, text


def test_skill_labels_never_carry_broken_brackets(roles):
    ad = "Requirements\n- AWS (SageMaker) and Kubernetes (k8s)\n- Experience with AWS SageMaker"
    skills = build_resume("mle", "mid", [], {}, ad, roles=roles).section("skills").items
    assert all(s.count("(") == s.count(")") for s in skills), skills
    assert not any("(AWS" in s or "((" in s for s in skills), skills


# --- (f) honest report --------------------------------------------------------------


def test_an_unfilled_template_is_reported_as_a_template(roles, template):
    report = keyword_report(AD, to_text(template), "mle", roles=roles)
    assert report["template"] and report["coverage"] is None
    assert "template" in {w["code"] for w in report["warnings"]}


def test_a_placeholder_split_across_pdf_lines_is_counted(roles):
    text = "Ada\nada@x.io +1 555 0100 0000\nSummary\nImproved [BUSINESS\nMETRIC] by 4%.\n"
    report = keyword_report(AD, text, "mle", roles=roles)
    items = next(w for w in report["warnings"] if w["code"] == "placeholders")["items"]
    assert items == ["[BUSINESS METRIC]"]


HONEST = """Ada Park
ada@example.org | +1 415 555 0100 | Austin, TX

Summary
Senior ML Engineer with 7 years building fraud detection models.

Experience
Senior Machine Learning Engineer
Quill Labs, Austin, TX
Jan 2019 – Present
- Productionized fraud detection models in Python, retrains them nightly with Airflow
- Fine-tuned ranking models served on Vertex AI; mentored three engineers
- Moved reporting SQL into BigQuery, cutting cost by 30%

Education
MSc in Computer Science, University of Texas, 2018

Skills
Python, SQL, Airflow, BigQuery, Vertex AI
"""
STUFFED = HONEST.split("Experience")[0] + """Experience
Machine Learning Engineer
Tern Co
Jan 2019 – Present
- Did machine learning work

Education
MSc in Computer Science, University of Texas, 2018

Skills
""" + ", ".join(["Airflow, BigQuery, SageMaker, Vertex AI, Python, SQL, Kafka, vLLM, "
                 "SGLang, TTFT, fraud detection"] * 3) + "\n"


def test_stuffing_is_flagged_and_scores_below_an_honest_resume(roles):
    honest = keyword_report(AD, HONEST, "mle", roles=roles)
    stuffed = keyword_report(AD, STUFFED, "mle", roles=roles)
    assert stuffed["weighted_coverage"] < honest["weighted_coverage"]
    codes = {w["code"] for w in stuffed["warnings"]}
    assert "skills_only" in codes
    assert not {"skills_only", "keyword_stuffing"} & {w["code"] for w in honest["warnings"]}


def test_verb_forms_match(roles):
    index = __import__("interview.resume.keywords", fromlist=["build_index"]).build_index(roles)
    for pair in (("productionized models", "productionizing"), ("retrains nightly",
                 "retraining"), ("fine-tuned a model", "fine-tuning"),
                 ("mentored engineers", "mentoring")):
        a, b = (_ids(p, index) for p in pair)
        assert a and a == b, pair


@pytest.mark.parametrize(
    ("text", "skill"),
    [("She carried the torch for testing", "pytorch"),
     ("Read X-ray images with CNNs", "ray"),
     ("Terraform (TF) for infrastructure", "tensorflow"),
     ("Ranked documents with TF-IDF", "tensorflow")],
)
def test_look_alike_words_are_not_skills(roles, text, skill):
    from interview.resume.keywords import build_index

    assert skill not in _ids(text, build_index(roles))


def test_real_uses_still_match(roles):
    from interview.resume.keywords import build_index

    index = build_index(roles)
    assert "pytorch" in _ids("Trained models in torch and PyTorch", index)
    assert "ray" in _ids("Scaled tuning with Ray", index)
    assert "kubernetes" in _ids("Kubernetes (k8s) clusters", index)


def test_ad_noise_is_not_a_keyword(roles):
    keywords = extract_keywords(AD, roles, "mle")
    names = {k.name for k in keywords} | {f for k in keywords for f in k.found_as}
    assert not {"EU", "US", "SR", "APP", "EU/US"} & names, names
    assert {"vLLM", "SGLang", "TTFT"} <= names


def test_contact_dates_length_and_ad_requirements(roles):
    report = keyword_report(AD, HONEST, "mle", roles=roles)
    req = report["requirements"]
    assert req["years"]["ad"] == 5 and req["years"]["met"]
    assert req["title"]["met"] and req["degree"] == {"ad": "Master's", "resume": "Master's",
                                                     "met": True}
    bad = HONEST.replace("ada@example.org | +1 415 555 0100 | ", "").replace(
        "Jan 2019 – Present", "Since spring 2019")
    codes = {w["code"] for w in keyword_report(AD, bad, "mle", roles=roles)["warnings"]}
    assert {"missing_contact", "unreadable_dates", "years_short"} <= codes
    junior = HONEST.replace("MSc in Computer Science", "BSc in Maths").replace(
        "Senior Machine Learning Engineer", "Data Analyst").replace("Senior ML", "An")
    codes = {w["code"] for w in keyword_report(AD, junior, "mle", roles=roles)["warnings"]}
    assert {"degree_mismatch", "title_mismatch"} <= codes


def test_a_long_pdf_flows_over_and_the_report_warns(roles):
    bullets = [f"Delivered project {i} that moved revenue by {i}.5% with careful experiments, "
               "monitoring and close work with product partners across teams" for i in range(12)]
    details = {"name": "Lee Long", "email": "l@x.io", "phone": "+1 555 010 0000",
               "experience": [{"title": f"Engineer {j}", "company": f"Co {j}",
                               "start": f"{2016 + j}-01", "end": f"{2016 + j}-12",
                               "bullets": bullets} for j in range(6)]}
    resume = build_resume("mle", "mid", [], details, roles=roles)
    text = extract_text("cv.pdf", export(resume, "pdf"))
    assert text.count("Delivered project 11") == 6  # nothing cut
    report = keyword_report(AD, text, "mle", roles=roles)
    assert report["pages"] > 2 and "too_long" in {w["code"] for w in report["warnings"]}
