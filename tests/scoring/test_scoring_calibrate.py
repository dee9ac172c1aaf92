"""Correlation maths and the calibration command on small known data."""

import json
import os

import pytest

from interview.scoring import calibrate
from interview.scoring.calibrate import load_saf, pearson, ranks, spearman

SAF_XML = """<?xml version='1.0' encoding='utf-8'?>
<question id="1.1" module="T">
  <questionText>Name two properties of a good hash function.</questionText>
  <referenceAnswers><referenceAnswer id="r">It is fast to compute and spreads keys
  uniformly over the buckets.</referenceAnswer></referenceAnswers>
  <studentAnswers>
    <studentAnswer id="a"><response>It is fast to compute and spreads keys uniformly across
    buckets.</response><score> 1</score></studentAnswer>
    <studentAnswer id="b"><response>It is quick, and keys land uniformly.</response>
    <score>0.5</score></studentAnswer>
    <studentAnswer id="c"><response>A hash is a kind of breakfast.</response>
    <score>0</score></studentAnswer>
  </studentAnswers>
</question>
"""


def test_pearson_and_spearman_match_hand_computed_values():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) == 0.0
    assert spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)
    assert list(ranks([10, 20, 20, 30])) == [1.0, 2.5, 2.5, 4.0]
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)


@pytest.fixture
def saf_dir(tmp_path, monkeypatch):
    for split in ("training", "unseen_answers", "unseen_questions"):
        (tmp_path / "saf" / split).mkdir(parents=True)
        (tmp_path / "saf" / split / "1.1_T.xml").write_text(SAF_XML)
    monkeypatch.setenv("CALIBRATION_DIR", str(tmp_path))
    return tmp_path / "saf"


def test_saf_loader_reads_answers_grades_and_reference(saf_dir):
    samples = load_saf(saf_dir / "training")
    assert [s.grade for s in samples] == [1.0, 0.5, 0.0]
    assert samples[0].question["reference_answer"].startswith("It is fast to compute")
    assert samples[2].answer == "A hash is a kind of breakfast."


def test_calibration_dir_follows_the_environment(saf_dir):
    assert calibrate.calibration_dir() == saf_dir


def test_command_reports_every_split_as_json(saf_dir, capsys):
    results = calibrate.main(["--json"])
    printed = json.loads(capsys.readouterr().out)
    assert printed == results
    assert set(printed) >= {"SAF training (fitted on)", "SAF unseen_answers",
                            "SAF unseen_questions"}
    row = printed["SAF unseen_answers"]
    assert row["n"] == 3 and row["measure"] == "Pearson"
    assert row["spearman"] == pytest.approx(1.0)
    assert {"scorer", "length", "token_recall"} <= set(row)


@pytest.fixture(scope="module")
def real_calibration():
    """The full calibration table on the real data (about a minute), or skip without it."""
    base = calibrate.calibration_dir()
    if not (base / "unseen_answers").is_dir() or not calibrate.semeval_dirs():
        message = f"calibration data (SAF, SemEval-2013) not found under {base.parent}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI lays ../shared beside the clone)")
        pytest.skip(message)
    return calibrate.evaluate()


@pytest.mark.slow
@pytest.mark.parametrize("row", [
    "SAF unseen_answers, 12+ words",
    "SAF unseen_questions, 12+ words",
    "SemEval-2013 beetle, 5-fold CV by question",
    "SemEval-2013 sciEntsBank, 5-fold CV by question",
])
def test_the_scorer_beats_length_and_token_recall_on_held_out_data(real_calibration, row):
    figures = real_calibration[row]
    assert figures["scorer"] > figures["token_recall"]
    assert figures["scorer"] > figures["length"]


@pytest.mark.slow
def test_the_scorer_follows_the_graded_interview_samples(real_calibration):
    figures = real_calibration["graded ML-interview samples (not fitted on)"]
    assert figures["scorer"] >= 0.85 > figures["token_recall"]
