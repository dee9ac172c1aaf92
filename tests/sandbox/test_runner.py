"""Behaviour of run_submission on honest answers: verdict shape, detail, compare, styles."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from interview.sandbox import Limits, isolation_mode, render_verdict, run_submission
from interview.sandbox import runner as runner_module
from interview.sandbox.verdict import parse_records

MOVING_AVERAGE_REFERENCE = """
def moving_average(values, window):
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        if i >= window - 1:
            out.append(total / window)
    return out
"""
MOVING_AVERAGE_WRONG = """
def moving_average(values, window):
    return [sum(values[i:i + window]) / window for i in range(len(values) - window)]
"""
STACK_QUESTION = {
    "entry": "MinStack",
    "style": "class",
    "compare": "exact",
    "examples": [
        {"calls": [["MinStack", []], ["push", [1]], ["push", [3]], ["min", []], ["pop", []],
                   ["min", []]], "expected": [None, None, None, 1, 3, 1]},
    ],
    "tests": [{"calls": [["MinStack", []], ["push", [5]], ["min", []]],
               "expected": [None, None, 5]}],
}
STACK_CODE = """
class MinStack:
    def __init__(self):
        self.items = []
    def push(self, x):
        self.items.append(x)
    def pop(self):
        return self.items.pop()
    def min(self):
        return min(self.items)
"""
VERDICT_KEYS = {"status", "isolation", "warning", "passed", "total", "duration_ms", "stdout",
                "stderr", "message", "tests"}


def question(compare: str, examples: list, tests: list | None = None, **extra) -> dict:
    return {"entry": "f", "style": "function", "compare": compare, "examples": examples,
            "tests": tests or [], **extra}


def test_reference_answer_passes_with_the_documented_shape(moving_average: dict) -> None:
    verdict = run_submission(MOVING_AVERAGE_REFERENCE, moving_average)
    assert set(verdict) == VERDICT_KEYS
    assert (verdict["status"], verdict["passed"], verdict["total"]) == ("passed", 5, 5)
    assert verdict["isolation"] == isolation_mode()
    assert [t["name"] for t in verdict["tests"]] == ["example 1"] + [
        f"hidden {n}" for n in range(1, 5)
    ]
    assert all(isinstance(t["time_ms"], float) for t in verdict["tests"])
    assert json.loads(json.dumps(verdict)) == verdict


def test_wrong_answer_shows_detail_for_examples_only(moving_average: dict) -> None:
    verdict = run_submission(MOVING_AVERAGE_WRONG, moving_average)
    assert verdict["status"] == "failed"
    assert verdict["message"] == "2 of 5 tests passed."
    example, *hidden = verdict["tests"]
    assert example["actual"] == [1.5, 2.5] and example["expected"] == [1.5, 2.5, 3.5]
    assert example["args"] == [[1, 2, 3, 4], 2] and example["status"] == "failed"
    for test in hidden:
        assert not {"args", "expected", "actual"} & set(test)
    assert {t["message"] for t in hidden if t["status"] == "failed"} == {"wrong answer"}


def test_hidden_inputs_never_reach_the_verdict() -> None:
    code = (
        "def f(x):\n"
        "    print('seen', x)\n"
        "    if x > 1000:\n"
        "        raise ValueError(f'leak {x}')\n"
        "    return x\n"
    )
    q = question("exact", [{"args": [7], "expected": 7}],
                 [{"args": [918273], "expected": 5}, {"args": [4], "expected": 5}])
    verdict = run_submission(code, q)
    assert "seen 7" in verdict["stdout"]
    assert "918273" not in json.dumps(verdict)
    assert [t["message"] for t in verdict["tests"][1:]] == ["raised ValueError", "wrong answer"]


def test_examples_only_run_skips_hidden_tests(moving_average: dict) -> None:
    verdict = run_submission(MOVING_AVERAGE_REFERENCE, moving_average, include_hidden=False)
    assert (verdict["status"], verdict["total"]) == ("passed", 1)


def test_syntax_error_is_an_error_with_its_line(moving_average: dict) -> None:
    verdict = run_submission("def moving_average(values, window):\n    return (\n", moving_average)
    assert verdict["status"] == "error"
    assert verdict["message"].startswith("SyntaxError") and "line" in verdict["message"]
    assert {t["message"] for t in verdict["tests"]} == {"not run: the code did not load"}


def test_missing_entry_function_is_an_error(moving_average: dict) -> None:
    verdict = run_submission("def average(values):\n    return 0\n", moving_average)
    assert verdict["status"] == "error"
    assert verdict["message"] == "solution.py does not define moving_average"


def test_exception_in_a_visible_test_names_type_and_line() -> None:
    code = "def f(x):\n    return 1 / x\n"
    verdict = run_submission(code, question("exact", [{"args": [0], "expected": 0}]))
    test = verdict["tests"][0]
    assert (verdict["status"], test["status"]) == ("failed", "error")
    assert test["message"] == "ZeroDivisionError: division by zero (line 2)"


@pytest.mark.parametrize(
    ("compare", "returned", "expected", "status"),
    [
        ("approx", "[0.1 + 0.2]", [0.3], "passed"),
        ("approx", "[0.31]", [0.3], "failed"),
        ("exact", "(1, 2)", [1, 2], "passed"),
        ("exact", "[0.1 + 0.2]", [0.3], "failed"),
        ("unordered", "['b', 'a', 'c']", ["a", "b", "c"], "passed"),
        ("unordered", "['b', 'a']", ["a", "b", "c"], "failed"),
    ],
)
def test_compare_modes(compare: str, returned: str, expected: list, status: str) -> None:
    code = f"def f():\n    return {returned}\n"
    q = question(compare, [{"args": [], "expected": expected}], tolerance=1e-9)
    assert run_submission(code, q)["status"] == status


def test_numpy_results_are_plain_data_and_import_under_the_memory_limit() -> None:
    code = "import numpy as np\n\ndef f(xs):\n    return np.asarray(xs, dtype=float) * 2\n"
    q = question("approx", [{"args": [[1, 2.5]], "expected": [2.0, 5.0]}])
    verdict = run_submission(code, q, limits=Limits(memory_mb=256))
    assert verdict["status"] == "passed", verdict
    assert verdict["tests"][0]["actual"] == [2.0, 5.0]


def test_class_style_question_checks_every_call() -> None:
    assert run_submission(STACK_CODE, STACK_QUESTION)["status"] == "passed"
    wrong = STACK_CODE.replace("return min(self.items)", "return self.items[-1]")
    verdict = run_submission(wrong, STACK_QUESTION)
    assert verdict["status"] == "failed"
    assert verdict["tests"][0]["actual"] == [None, None, None, 3, 3, 1]


def test_class_style_error_names_the_failing_call() -> None:
    broken = STACK_CODE.replace("return self.items.pop()", "raise IndexError('empty')")
    verdict = run_submission(broken, STACK_QUESTION)
    assert "IndexError: empty" in verdict["tests"][0]["message"]


def test_value_that_is_not_plain_data_is_an_error() -> None:
    verdict = run_submission("def f():\n    return object()\n", question("exact", [
        {"args": [], "expected": None}]))
    assert verdict["tests"][0]["status"] == "error"
    assert "not plain data (a object object)" in verdict["tests"][0]["message"]


def test_non_finite_and_deep_values_keep_the_verdict_strict_json() -> None:
    code = "def f(deep):\n    if deep:\n        x = []\n        for _ in range(500):\n" \
        "            x = [x]\n        return x\n    return [float('nan'), float('inf')]\n"
    q = question("exact", [{"args": [False], "expected": [1, 2]},
                           {"args": [True], "expected": []}])
    verdict = run_submission(code, q)
    json.dumps(verdict, allow_nan=False)
    assert verdict["tests"][0]["actual"] == ["nan", "inf"]
    assert "nested too deeply" in verdict["tests"][1]["message"]


def test_code_with_null_bytes_is_a_load_error() -> None:
    verdict = run_submission("def f():\n    return 1\x00\n", question("exact", [
        {"args": [], "expected": 1}]))
    assert verdict["status"] == "error"
    assert "null bytes" in verdict["message"]


def test_per_test_time_is_measured() -> None:
    code = "import time\n\ndef f():\n    time.sleep(0.05)\n    return 1\n"
    verdict = run_submission(code, question("exact", [{"args": [], "expected": 1}]))
    assert verdict["tests"][0]["time_ms"] >= 45


def test_environment_is_built_from_scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://secret")
    code = "import os\n\ndef f():\n    return sorted(os.environ)\n"
    verdict = run_submission(code, question("exact", [{"args": [], "expected": []}]))
    names = set(verdict["tests"][0]["actual"])
    assert "PATH" in names and "OPENBLAS_NUM_THREADS" in names
    assert not names & {"DATABASE_URL", "SECRET_KEY", "OPENAI_API_KEY", "USER"}


def test_runs_as_an_unprivileged_user_in_a_private_directory() -> None:
    code = "import os\n\ndef f():\n    return [os.getuid(), os.getcwd(), os.listdir('.')]\n"
    verdict = run_submission(code, question("exact", [{"args": [], "expected": []}]))
    uid, cwd, files = verdict["tests"][0]["actual"]
    assert uid != 0
    assert set(files) <= {"solution.py", ".inputs"}  # .inputs emptied before the code runs
    assert cwd == "/sandbox" or verdict["isolation"] == "rlimits-only"


def test_fallback_mode_warns_loudly(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(runner_module, "isolation_mode", lambda: "rlimits-only")
    with caplog.at_level(logging.WARNING, logger="interview.sandbox"):
        verdict = run_submission("def f():\n    return 1\n", question("exact", [
            {"args": [], "expected": 1}]), limits=Limits(allow_unisolated=True))
    assert (verdict["status"], verdict["isolation"]) == ("passed", "rlimits-only")
    assert "NOT ISOLATED" in verdict["warning"]
    assert any("WITHOUT bubblewrap" in r.getMessage() for r in caplog.records)
    assert "NOT ISOLATED" in render_verdict(verdict)


def test_bubblewrap_is_required_in_ci() -> None:
    mode = isolation_mode()
    assert mode in {"bubblewrap", "rlimits-only"}
    if os.environ.get("CI") == "true":
        assert mode == "bubblewrap"


def test_render_verdict_is_readable(moving_average: dict) -> None:
    text = render_verdict(run_submission(MOVING_AVERAGE_WRONG, moving_average))
    assert text.splitlines()[0] == "FAILED: 2 of 5 tests passed."
    assert "[FAIL] example 1" in text and "wrong answer" in text and "[PASS] hidden 1" in text


def test_cpu_timeout_is_reported_as_timeout() -> None:
    verdict = run_submission("def f():\n    while True:\n        pass\n", question("exact", [
        {"args": [], "expected": 1}]), limits=Limits(cpu_seconds=1, wall_seconds=5))
    assert verdict["status"] == "timeout"
    assert "CPU" in verdict["message"]


@pytest.mark.parametrize(
    "bad",
    [{"style": "module"}, {"compare": "fuzzy"}, {"entry": ""},
     {"examples": [{"args": "1", "expected": 1}]}],
)
def test_malformed_question_is_rejected(bad: dict) -> None:
    with pytest.raises(ValueError):
        run_submission("def f():\n    return 1\n", question("exact", []) | bad)


def test_unreadable_or_misaddressed_records_are_ignored() -> None:
    raw = b'garbage\n{"i": 7, "ok": true}\n[1, 2]\n{"i": 0, "ok": true, "value": 1}\n{"i": 1'
    records = parse_records(raw, 2)
    assert list(records.by_index) == [0] and records.duplicated == set()


def test_without_bubblewrap_code_is_refused_unless_allowed(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(runner_module, "isolation_mode", lambda: "rlimits-only")
    verdict = run_submission("def f():\n    return 1\n", question("exact", [
        {"args": [], "expected": 1}]))
    assert verdict["status"] == "error" and "SANDBOX_ALLOW_UNISOLATED" in verdict["message"]
    assert verdict["tests"] == [] and verdict["passed"] == 0


def test_writing_in_a_loop_fills_the_sandbox_not_the_host(tmp_path: Path) -> None:
    """The working folder is a small tmpfs: the host's temporary folder does not grow."""
    if isolation_mode() != "bubblewrap":
        pytest.fail("bubblewrap is needed for this test (CI installs it)")
    before = shutil.disk_usage(tempfile.gettempdir()).used
    code = ("def f():\n    chunk = b'x' * 1_000_000\n    n = 0\n    try:\n"
            "        while True:\n            with open(f'f{n}', 'wb') as h:\n"
            "                h.write(chunk)\n            n += 1\n"
            "    except OSError:\n        return n\n")
    verdict = run_submission(code, question("exact", [{"args": [], "expected": -1}]),
                             limits=Limits(cpu_seconds=5, wall_seconds=10))
    written = verdict["tests"][0]["actual"]
    assert isinstance(written, int) and written * 1_000_000 <= 4 * Limits().max_file_mb * 2**20
    assert shutil.disk_usage(tempfile.gettempdir()).used - before < 50_000_000


def test_stale_workdirs_of_a_killed_worker_are_swept(tmp_path: Path) -> None:
    import os
    import time

    from interview.sandbox.runner import sweep_stale_workdirs

    old, fresh = tmp_path / "sandbox-old", tmp_path / "sandbox-fresh"
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "solution.py").write_text("x = 1")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert sweep_stale_workdirs(600, root=str(tmp_path)) == 1
    assert not old.exists() and fresh.exists()
