"""The `flask resume` commands, run through Flask's CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask

from interview.resume.cli import resume_cli
from interview.resume.roles import DEFAULT_BANK_DIR

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def runner(tmp_path):
    app = Flask(__name__)
    app.config["BANK_DIR"] = str(DEFAULT_BANK_DIR)
    app.cli.add_command(resume_cli)
    return app.test_cli_runner()


def test_build_then_report_round_trip(runner, tmp_path):
    out = tmp_path / "cv.pdf"
    result = runner.invoke(
        args=[
            "resume",
            "build",
            "--role",
            "mle",
            "--level",
            "mid",
            "--focus",
            "recommendations",
            "--jd",
            str(FIXTURES / "jd_recsys_mle.txt"),
            "--details",
            str(FIXTURES / "details_mid.json"),
            "--format",
            "pdf",
            "--output",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and " ms)" in result.output
    result = runner.invoke(
        args=[
            "resume",
            "report",
            "--jd",
            str(FIXTURES / "jd_recsys_mle.txt"),
            "--resume",
            str(out),
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert "Kubernetes" in report["found"] and report["pages"] == 1


def test_report_text_output_lists_missing_keywords(runner):
    result = runner.invoke(
        args=[
            "resume",
            "report",
            "--jd",
            str(FIXTURES / "jd_data_scientist.txt"),
            "--resume",
            str(FIXTURES / "resume_issues.docx"),
            "--role",
            "data-scientist",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "MISSING Causal inference (nice)" in result.output
    assert "Warning: No Education section found" in result.output


def test_errors_are_clean_messages(runner, tmp_path):
    result = runner.invoke(
        args=[
            "resume",
            "build",
            "--role",
            "mle",
            "--level",
            "guru",
            "--format",
            "md",
            "--output",
            str(tmp_path / "x.md"),
        ]
    )
    assert result.exit_code == 1
    assert "Error: unknown level 'guru'" in result.output and "Traceback" not in result.output


def test_bank_dir_config_is_used(runner, tmp_path):
    bank = tmp_path / "bank"
    (bank / "roles").mkdir(parents=True)
    shutil.copy(DEFAULT_BANK_DIR / "topics.yaml", bank / "topics.yaml")
    shutil.copy(DEFAULT_BANK_DIR / "roles" / "mlops.yaml", bank / "roles" / "mlops.yaml")
    runner.app.config["BANK_DIR"] = str(bank)
    args = [
        "resume",
        "build",
        "--level",
        "mid",
        "--format",
        "txt",
        "--output",
        str(tmp_path / "x.txt"),
    ]
    assert runner.invoke(args=args + ["--role", "mlops"]).exit_code == 0
    missing = runner.invoke(args=args + ["--role", "mle"])
    assert missing.exit_code == 1 and "unknown role 'mle'" in missing.output
