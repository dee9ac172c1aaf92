"""History, progress and resumes over the API."""

from __future__ import annotations

import io

from docx import Document

from tests.api.conftest import assert_error
from tests.api.test_questions_practice import GOOD_ANSWER

JD = ("Machine Learning Engineer. Requirements: Python, PyTorch, Kubernetes and experience "
      "shipping recommendation models. Nice to have: Spark.")
RESUME = ("Experience\nML engineer at Shop, 2020-2024\n- Built recommendation models in "
          "Python and PyTorch\nSkills\nPython, PyTorch, SQL\nEducation\nBSc Physics")


def _answered(started):
    me, session = started
    iid = session["items"][0]["id"]
    me.post(f"/items/{iid}/submit", json={"answer": GOOD_ANSWER})
    return me


def test_history_lists_own_attempts_with_filters(api_as, started):
    me = _answered(started)
    rows = me.get("/history").json
    assert rows["meta"]["total"] == 1 and rows["items"][0]["total"] is not None
    assert me.get("/history?kind=coding").json["meta"]["total"] == 0
    assert api_as().get("/history").json["meta"]["total"] == 0  # another candidate's is empty
    assert set(assert_error(me.get("/history?status=lost"), 422)["fields"]) == {"status"}


def test_progress_reports_topics_trend_and_readiness(started):
    me = _answered(started)
    body = me.get("/progress").json
    assert body["topic_averages"] and body["weakest_topics"][0]["topic"]
    assert body["trend"]["behavioral"][0]["n"] == 1
    assert set(body["readiness"]) == {"junior", "mid", "senior", "staff"}


def test_progress_needs_a_token(api_as):
    assert_error(api_as(None).get("/progress"), 401)
    assert_error(api_as(None).get("/history"), 401)


def test_resume_roles_and_build_docx_download(api_as):
    me = api_as()
    roles = me.get("/resumes/roles").json
    assert "mle" in [r["id"] for r in roles]
    response = me.post("/resumes/build", json={"role": "mle", "level": "senior",
                                                "format": "docx", "jd": JD})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Experience" in text or "EXPERIENCE" in text


def test_resume_build_validation(api_as):
    me = api_as()
    error = assert_error(me.post("/resumes/build", json={"role": "mle", "format": "odt"}),
                         422)
    assert set(error["fields"]) == {"level", "format"}
    unknown = assert_error(me.post("/resumes/build", json={
        "role": "astronaut", "level": "mid", "format": "md"}), 422)
    assert "astronaut" in unknown["message"]


def test_resume_build_is_rate_limited(app, api_as):
    app.config["API_EXPENSIVE_LIMIT"] = "1 per minute"
    me = api_as()
    body = {"role": "mle", "level": "mid", "format": "txt"}
    assert me.post("/resumes/build", json=body).status_code == 200
    limited = me.post("/resumes/build", json=body)
    assert_error(limited, 429)
    assert "Retry-After" in limited.headers


def test_resume_report_finds_and_misses_keywords(api_as):
    body = api_as().post("/resumes/report", json={"jd": JD, "resume_text": RESUME}).json
    found, missing = {k.lower() for k in body["found"]}, {k.lower() for k in body["missing"]}
    assert "pytorch" in found and "kubernetes" in missing


def test_resume_report_validation(api_as):
    me = api_as()
    error = assert_error(me.post("/resumes/report", json={"jd": ""}), 422)
    assert set(error["fields"]) == {"jd", "resume_text"}
    assert_error(api_as(None).post("/resumes/report", json={"jd": JD, "resume_text": "x"}),
                 401)
