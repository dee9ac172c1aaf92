"""`flask score eval`: agreement with human grades, offline and through the fake judge."""

import json
from pathlib import Path

import pytest

from interview.scoring.evaluate import band, compare, evaluate_file, render

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "graded_samples.jsonl"


def test_figures_for_known_pairs():
    result = compare([(0.9, 0.95), (0.7, 0.75), (0.5, 0.2), (0.1, 0.05)])
    assert result.n == 4 and result.mae == pytest.approx(0.1125, abs=1e-3)
    assert result.spearman == 1.0 and 0.8 < result.pearson < 1.0
    assert result.confusion["poor"] == {"poor": 1, "partial": 1, "good": 0, "excellent": 0}
    assert result.band_agreement == 0.75
    assert [band(x) for x in (0.0, 0.3, 0.6, 0.85, 1.0)] == [
        "poor", "partial", "good", "excellent", "excellent"]


def test_offline_on_the_graded_samples():
    result = evaluate_file(SAMPLES)
    assert result.n == 76 and result.scorers == {"offline": 76} and not result.skipped
    assert result.pearson > 0.8 and result.spearman > 0.75 and result.mae < 0.2
    assert sum(sum(row.values()) for row in result.confusion.values()) == 76
    text = render(result)
    assert "pearson" in text and "human excellent" in text


def test_llm_on_the_graded_samples_through_the_fake_judge(fake_llm, judge_settings, tmp_path):
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()[:6]
    src = tmp_path / "few.jsonl"
    src.write_text("\n".join(lines) + '\n{"id": "x", "question": {}, "answer": "a"}\n')
    result = evaluate_file(src, judge_settings)
    assert result.n == 6 and result.scorers == {"llm": 6}
    assert result.skipped == [{"line": 7, "error": "no usable grade: 'grade'"}]
    assert len(fake_llm.chat_requests()) == 6


def test_the_command(app, tmp_path, fake_llm):
    runner = app.test_cli_runner()
    offline = runner.invoke(args=["score", "eval", "--input", str(SAMPLES), "--scorer", "offline",
                                  "--json"])
    assert offline.exit_code == 0, offline.output
    data = json.loads(offline.output)
    assert data["n"] == 76 and set(data) >= {"pearson", "spearman", "mae", "confusion"}
    missing = runner.invoke(args=["score", "eval", "--input", str(SAMPLES)])
    assert missing.exit_code != 0 and "LLM_MODEL" in missing.output
    src = tmp_path / "two.jsonl"
    src.write_text("\n".join(SAMPLES.read_text(encoding="utf-8").splitlines()[:2]) + "\n")
    app.config.update(LLM_BASE_URL=fake_llm.url, LLM_API_KEY="k", LLM_MODEL="fake",
                      LLM_TIMEOUT=5)
    judged = runner.invoke(args=["score", "eval", "--input", str(src)])
    assert judged.exit_code == 0, judged.output
    assert "answers scored: 2  (llm: 2)" in judged.output and "mean absolute error" in judged.output
