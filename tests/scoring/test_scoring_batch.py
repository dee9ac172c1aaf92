"""The batch command core: JSON Lines in, JSON Lines out, bad lines reported."""

import json

import pytest

from interview.scoring.batch import score_batch
from tests.fake_llm import server_error

QUESTION = {"prompt": "Why monitor data drift?",
            "rubric": [{"point": "Explains that input distributions change over time",
                        "weight": 60},
                       {"point": "Names alerts on feature statistics", "weight": 40}],
            "reference_answer": "Input distributions shift after launch, so models degrade "
                                "silently; alerts on feature statistics catch it early."}
GOOD = ("Input data changes after launch, for example a new client sends different values, so "
        "the distribution shifts and the model degrades silently. We add alerts on feature "
        "statistics such as means and null rates so we notice early.")


def write_lines(path, rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")


def read_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_offline_batch_scores_good_lines_and_reports_bad_ones(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(src, [
        {"id": "a", "question": QUESTION, "answer": GOOD},
        "{not json",
        {"id": "c", "question": QUESTION},
        "",
        {"id": "d", "question": {"prompt": "x", "rubric": [{"weight": 1}]}, "answer": "y"},
        {"id": "e", "question": QUESTION, "answer": "No idea."},
    ])
    assert score_batch(src, out) == 2
    rows = read_lines(out)
    assert [r["id"] for r in rows] == ["a", None, "c", "d", "e"]
    good, bad_json, no_answer, bad_rubric, weak = rows
    assert good["scorer"] == "offline" and good["score"] > weak["score"] + 0.3
    assert [c["point_id"] for c in good["criteria"]] == ["p1", "p2"]
    assert all(c["quote"] is None or c["quote"] in GOOD for c in good["criteria"])
    assert bad_json["line"] == 2 and "error" in bad_json
    assert no_answer["error"] == "'answer' must be a string"
    assert "needs a 'point'" in bad_rubric["error"]


def test_llm_batch_falls_back_per_line(tmp_path, fake_llm, judge_settings):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(src, [{"id": i, "question": QUESTION, "answer": GOOD} for i in range(3)])
    fake_llm.default = server_error(500)
    assert score_batch(src, out, scorer="llm", settings=judge_settings) == 3
    rows = read_lines(out)
    assert [r["scorer"] for r in rows] == ["fallback"] * 3
    assert all(r["judge_error"].startswith("server_error") for r in rows)


def test_llm_batch_uses_the_judge(tmp_path, fake_llm, judge_settings):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(src, [{"id": i, "question": QUESTION, "answer": GOOD} for i in range(5)])
    assert score_batch(src, out, scorer="llm", settings=judge_settings) == 5
    rows = read_lines(out)
    assert [r["id"] for r in rows] == list(range(5))
    assert all(r["scorer"] == "llm" and r["score"] == 0.75 for r in rows)


def test_llm_scorer_needs_settings(tmp_path):
    with pytest.raises(ValueError, match="judge settings"):
        score_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", scorer="llm")
    with pytest.raises(ValueError, match="scorer must be"):
        score_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", scorer="magic")
