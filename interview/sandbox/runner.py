"""Run a candidate's code against a coding question's tests without trusting it.

Public API: `Limits`, `run_submission`, `isolation_mode` and `render_verdict`. The flow is:
fresh temporary directory -> inputs (never expected values) written for the child -> child
started under bubblewrap (or resource limits only) -> its output read under caps -> every
test judged here from what the child returned.
"""

from __future__ import annotations

import functools
import json
import logging
import marshal
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import isolation
from .compare import COMPARE_MODES
from .limits import Limits
from .supervise import Collected, run_child
from .verdict import Case, judge_case, overall, parse_records, render_verdict

__all__ = ["Limits", "isolation_mode", "render_verdict", "run_custom", "run_submission"]

log = logging.getLogger(__name__)
_MB = 1024 * 1024
STYLES = ("function", "class")
LANGUAGES = ("python", "sql")


def isolation_mode() -> str:
    """"bubblewrap" when the probe succeeded on this machine, else "rlimits-only"."""
    return isolation.probe().mode


def _warning(mode: str) -> str | None:
    if mode == isolation.BUBBLEWRAP:
        return None
    return (
        "NOT ISOLATED: bubblewrap is unavailable "
        f"({isolation.probe().reason or 'disabled'}). This code ran with resource limits "
        "only: it could read any file its user can read and open network connections. "
        "Install bubblewrap and allow user namespaces before running untrusted answers."
    )


@functools.cache
def _harness_source() -> str:
    return Path(__file__).with_name("harness.py").read_text(encoding="utf-8")


def _plain(value: Any) -> Any:
    """Question data as plain JSON-like values, or a clear error for the question's author."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"coding test data must be plain JSON-like values: {exc}") from exc


def is_sql(coding: dict[str, Any]) -> bool:
    return bool(coding.get("language", "python") == "sql")


def _check_question(coding: dict[str, Any]) -> None:
    if coding.get("language", "python") not in LANGUAGES:
        raise ValueError(f"coding.language must be one of {LANGUAGES}")
    if is_sql(coding):
        if not isinstance(coding.get("schema"), str) or not coding["schema"].strip():
            raise ValueError("an SQL question needs coding.schema (CREATE TABLE statements)")
        return
    if coding.get("style", "function") not in STYLES:
        raise ValueError(f"coding.style must be one of {STYLES}")
    if coding.get("compare", "exact") not in COMPARE_MODES:
        raise ValueError(f"coding.compare must be one of {COMPARE_MODES}")
    if not isinstance(coding.get("entry"), str) or not coding["entry"]:
        raise ValueError("coding.entry must name the function or class to test")


def _sql_case(test: dict[str, Any], name: str, visible: bool) -> Case:
    """An SQL test: its own rows per table (inputs) and the expected rows."""
    data = _plain(test.get("data") or {})
    tables_ok = isinstance(data, dict) and all(
        isinstance(rows, list) and all(isinstance(row, list) for row in rows)
        for rows in data.values())
    if not tables_ok:
        raise ValueError(f"{name}: `data` must map table names to lists of rows (lists)")
    expected = _plain(test.get("expected"))
    if not isinstance(expected, list) or not all(isinstance(row, list) for row in expected):
        raise ValueError(f"{name}: an SQL test's `expected` must be a list of rows (lists)")
    return Case(name, visible, data, expected)


def _case(test: dict[str, Any], name: str, visible: bool, style: str) -> Case:
    if style == "sql":
        return _sql_case(test, name, visible)
    key = "calls" if style == "class" else "args"
    inputs = _plain(test.get(key))
    if not isinstance(inputs, list) or (style == "class" and not inputs):
        raise ValueError(f"{name}: `{key}` must be a list (class questions: non-empty)")
    return Case(name, visible, inputs, _plain(test.get("expected")))


def build_cases(coding: dict[str, Any], include_hidden: bool) -> list[Case]:
    """Examples first (visible), then hidden tests when asked for."""
    _check_question(coding)
    style = "sql" if is_sql(coding) else coding.get("style", "function")
    cases = [
        _case(t, f"example {n}", True, style)
        for n, t in enumerate(coding.get("examples") or [], 1)
    ]
    if include_hidden:
        hidden = coding.get("tests") or []
        cases += [_case(t, f"hidden {n}", False, style) for n, t in enumerate(hidden, 1)]
    return cases


def _rlimits(limits: Limits) -> dict[str, int]:
    return {
        "RLIMIT_CPU": max(1, int(limits.cpu_seconds)),
        "RLIMIT_AS": limits.memory_mb * _MB,
        "RLIMIT_NPROC": limits.max_processes,
        "RLIMIT_FSIZE": limits.max_file_mb * _MB,
        "RLIMIT_NOFILE": limits.max_open_files,
        "RLIMIT_CORE": 0,
    }


def _child_config(coding: dict[str, Any], cases: list[Case], limits: Limits, fd: int,
                  lib: str | None, mark: str) -> dict[str, Any]:
    """What the child may know: the entry point and the inputs, never the expected values;
    `mark` labels where each visible test's printed output starts."""
    if is_sql(coding):
        tests = [{"hidden": not case.visible, "data": case.inputs} for case in cases]
        return {"language": "sql", "schema": coding["schema"], "entry": "", "style": "sql",
                "tests": tests, "fd": fd, "lib": lib, "limits": _rlimits(limits),
                "mark": mark}
    key = "calls" if coding.get("style") == "class" else "args"
    tests = [{"hidden": not case.visible, key: case.inputs} for case in cases]
    style = coding.get("style", "function")
    return {"entry": coding["entry"], "style": style, "tests": tests, "fd": fd, "lib": lib,
            "limits": _rlimits(limits), "mark": mark}


def _make_workdir(uid: int | None) -> str:
    """A fresh private directory that only the run's uid (and we) can use."""
    workdir = tempfile.mkdtemp(prefix="sandbox-")
    isolation.own_workdir(workdir, uid)
    return workdir


def _launch(mode: str, workdir: str, uid: int | None, limits: Limits,
            inputs: tuple[str, ...]) -> isolation.Launch:
    code = ["-c", _harness_source()]
    if mode == isolation.BUBBLEWRAP:
        return isolation.bubblewrap_launch(workdir, uid, 4 * max(1, limits.max_file_mb), code,
                                           inputs)
    log.warning("Running candidate code WITHOUT bubblewrap isolation (resource limits only)")
    return isolation.rlimits_launch(workdir, uid, code)


def _remove(workdir: str) -> None:
    """Delete the work directory even if the candidate made parts of it unreadable."""

    def unlock(function: Callable[[str], object], path: str, _exc: object) -> None:
        parent = os.path.dirname(path)
        os.chmod(parent, stat.S_IRWXU)
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, stat.S_IRWXU)
        function(path)

    shutil.rmtree(workdir, onerror=unlock)


def _write_inputs(workdir: str, config: dict[str, Any], pipe: tuple[int, int]) -> None:
    try:
        Path(workdir, ".inputs").write_bytes(marshal.dumps(config))
    except BaseException:
        os.close(pipe[0])
        os.close(pipe[1])
        raise


def _execute(code: str, coding: dict[str, Any], cases: list[Case], limits: Limits, mode: str,
             mark: str) -> Collected:
    """Prepare the work directory, run the child and clean up after it."""
    uid = isolation.throwaway_uid()
    workdir = _make_workdir(uid)
    try:
        name = "solution.sql" if is_sql(coding) else "solution.py"
        Path(workdir, name).write_text(code, encoding="utf-8")
        Path(workdir, ".inputs").touch(mode=0o600)  # written below, once the launch is known
        isolation.own_file(os.path.join(workdir, ".inputs"), uid)  # the harness empties it
        launch = _launch(mode, workdir, uid, limits, (name, ".inputs"))
        pipe = os.pipe()
        config = _child_config(coding, cases, limits, pipe[1], launch.lib, mark)
        _write_inputs(workdir, config, pipe)
        return run_child(launch, limits, pipe)
    finally:
        _remove(workdir)


def _text(data: bytearray) -> str:
    return bytes(data).decode("utf-8", errors="replace")


def _verdict(mode: str, got: Collected, tests: list[dict[str, Any]], status: str,
             message: str) -> dict[str, Any]:
    return {
        "status": status,
        "isolation": mode,
        "warning": _warning(mode),
        "passed": sum(t["status"] == "passed" for t in tests),
        "total": len(tests),
        "duration_ms": 0,
        "stdout": _text(got.stdout),
        "stderr": _text(got.stderr),
        "message": message,
        "tests": tests,
    }


def _refused_unisolated(mode: str, total: int) -> dict[str, Any]:
    message = ("Code cannot run on this server: the sandbox needs bubblewrap "
               f"({isolation.probe().reason or 'unavailable'}). An administrator can install "
               "it, or allow resource limits alone with SANDBOX_ALLOW_UNISOLATED=1.")
    return {"status": "error", "isolation": mode, "warning": _warning(mode), "passed": 0,
            "total": total, "duration_ms": 0, "stdout": "", "stderr": "", "message": message,
            "tests": []}


def sweep_stale_workdirs(older_than_seconds: float, root: str | None = None) -> int:
    """Remove `sandbox-*` folders a killed worker left behind; returns how many went."""
    root = root or tempfile.gettempdir()
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in Path(root).glob("sandbox-*"):
        try:
            if path.is_dir() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                _remove(str(path))
                removed += 1
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


SHOWN_OUTPUT_CHARS = 2000  # printed output shown per visible example


def _capped_text(text: str) -> str:
    if len(text) <= SHOWN_OUTPUT_CHARS:
        return text
    return text[:SHOWN_OUTPUT_CHARS] + f"\n… ({len(text) - SHOWN_OUTPUT_CHARS:,} more characters)"


def _split_output(data: bytearray, mark: str) -> tuple[str, dict[int, str]]:
    """The stream without markers, and what each visible test printed (by test index)."""
    pattern = re.compile(b"\x1e" + re.escape(mark.encode()) + b" (-?\\d+)\x1e")
    parts = pattern.split(bytes(data))
    per_test: dict[int, str] = {}
    for number, chunk in zip(parts[1::2], parts[2::2], strict=True):
        index = int(number)
        per_test[index] = per_test.get(index, "") + _text(bytearray(chunk))
    whole = b"".join(parts[0::2])
    return _text(bytearray(whole)), per_test


def _run_cases(code: str, coding: dict[str, Any], cases: list[Case],
               limits: Limits) -> dict[str, Any]:
    started = time.monotonic()
    mode = isolation_mode()
    if mode != isolation.BUBBLEWRAP and not limits.allow_unisolated:
        return _refused_unisolated(mode, len(cases))
    mark = secrets.token_hex(8)
    got = _execute(code, coding, cases, limits, mode, mark)
    records = parse_records(bytes(got.results), len(cases))
    tests = [judge_case(case, records.by_index.get(i), records, coding)
             for i, case in enumerate(cases)]
    status, message = overall(tests, records, got, limits, mode == isolation.BUBBLEWRAP)
    verdict = _verdict(mode, got, tests, status, message)
    for stream in ("stdout", "stderr"):
        whole, per_test = _split_output(getattr(got, stream), mark)
        verdict[stream] = whole
        for index, test in enumerate(tests):
            if test["visible"]:
                test[stream] = _capped_text(per_test.get(index, ""))
    verdict["duration_ms"] = int((time.monotonic() - started) * 1000)
    return verdict


def run_submission(
    code: str, coding: dict[str, Any], *, include_hidden: bool = True, limits: Limits | None = None
) -> dict[str, Any]:
    """Run `code` against the question's examples (and hidden tests) and return a verdict."""
    cases = build_cases(coding, include_hidden)
    return _run_cases(code, coding, cases, limits or Limits())


def run_custom(code: str, coding: dict[str, Any], inputs: list[Any], *,
               limits: Limits | None = None) -> dict[str, Any]:
    """Run `code` once on the candidate's own arguments (function questions) or calls (class
    questions): the return value and what it printed, with nothing to compare against."""
    _check_question(coding)
    if is_sql(coding):
        raise ValueError("SQL questions run on the examples' tables only")
    style = coding.get("style", "function")
    key = "calls" if style == "class" else "args"
    case = _case({key: inputs, "expected": None}, "your input", True, style)
    verdict = _run_cases(code, coding, [case], limits or Limits())
    test = verdict["tests"][0]
    test.pop("expected", None)
    test["custom"] = True
    if test["status"] in ("passed", "failed"):  # it returned: there is nothing to judge
        test["status"], test["message"] = "ran", "returned"
        test["actual"] = test.get("actual")
        verdict["status"], verdict["message"] = "ran", "Ran with your input."
    verdict["passed"], verdict["total"] = 0, 1
    return verdict
