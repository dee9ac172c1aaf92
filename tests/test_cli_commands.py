"""`flask code run` and `flask score batch` as a script would use them."""

from __future__ import annotations

import json

import yaml

from tests.conftest import FIXTURE_BANK

QUESTION = yaml.safe_load((FIXTURE_BANK / "coding" / "code-example-moving-average.yaml")
                          .read_text())


def test_code_run_reports_pass_and_fail_as_json(app, bank, tmp_path):
    runner = app.test_cli_runner()
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(QUESTION["coding"]["reference"])
    bad.write_text(QUESTION["coding"]["wrong_solutions"][0]["code"])
    ok = runner.invoke(args=["code", "run", "--question", QUESTION["id"], "--file", str(good),
                             "--json"])
    fail = runner.invoke(args=["code", "run", "--question", QUESTION["id"], "--file", str(bad),
                               "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["status"] == "passed"
    verdict = json.loads(fail.output)
    assert fail.exit_code == 1 and verdict["status"] == "failed"
    hidden = [t for t in verdict["tests"] if not t["visible"]]
    assert hidden and all("expected" not in t for t in hidden)


def test_code_run_unknown_question(app, bank, tmp_path):
    path = tmp_path / "x.py"
    path.write_text("pass")
    result = app.test_cli_runner().invoke(args=["code", "run", "--question", "nope", "--file",
                                                str(path)])
    assert result.exit_code != 0 and "no coding question 'nope'" in result.output


def test_score_batch_offline(app, tmp_path):
    rubric = [{"point": "Explains monitoring for data drift", "weight": 2},
              {"point": "Describes a retraining trigger", "weight": 1}]
    lines = [
        {"id": "good", "question": {"prompt": "How do you keep a model healthy?",
                                    "rubric": rubric}, "answer": (
            "We monitor input data drift with population stability index alerts on every "
            "feature, and when drift crosses the threshold a retraining job is triggered.")},
        {"id": "poor", "question": {"prompt": "How do you keep a model healthy?",
                                    "rubric": rubric}, "answer": "I am not sure."},
        {"id": "broken", "question": {"prompt": "x"}, "answer": "y"},
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n")
    result = app.test_cli_runner().invoke(args=["score", "batch", "--input", str(src),
                                                "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r.get("id"): r for r in map(json.loads, out.read_text().splitlines())}
    assert rows["good"]["score"] > rows["poor"]["score"]
    assert rows["good"]["scorer"] == "offline" and len(rows["good"]["criteria"]) == 2
    assert "error" in rows["broken"]
