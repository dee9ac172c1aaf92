"""Turn what the child reported into a verdict: every decision is made here, in the parent.

The child's records are untrusted. A record only ever speaks for the test whose index it
names, so garbage on the result channel can at most cost the candidate their own tests:
unreadable lines are dropped, two records for one test make that test an error, and a test
without a record is an error.
"""

from __future__ import annotations

import builtins
import json
import math
import os
import signal
from dataclasses import dataclass, field
from typing import Any

from .compare import matches
from .limits import Limits
from .supervise import Collected

SHOWN_VALUE_CHARS = 4000
_MEMORY_SIGNS = (b"MemoryError", b"Cannot allocate memory", b"out of memory", b"bad_alloc")


@dataclass(frozen=True)
class Case:
    """One test as the parent knows it, expected value included."""

    name: str
    visible: bool
    inputs: Any
    expected: Any


@dataclass
class Records:
    """The child's reports, validated only as far as their shape."""

    load_error: str | None = None
    load_kind: str | None = None
    by_index: dict[int, dict[str, Any]] = field(default_factory=dict)
    duplicated: set[int] = field(default_factory=set)


def parse_records(raw: bytes, count: int) -> Records:
    """Read one JSON object per line; drop anything that is not a well-formed record."""
    records = Records()
    for line in raw.split(b"\n"):
        record = _load_line(line)
        if record is None:
            continue
        if "load" in record and records.load_error is None:
            records.load_error = _one_line(str(record["load"]), 300)
            records.load_kind = str(record.get("kind"))
        index = record.get("i")
        if type(index) is int and 0 <= index < count:
            if index in records.by_index:
                records.duplicated.add(index)
            records.by_index.setdefault(index, record)
    return records


def _load_line(line: bytes) -> dict[str, Any] | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _strict(value: Any, depth: int = 0) -> Any:
    """`value` with NaN and infinities as strings, so browsers can parse the verdict."""
    if depth > 200:
        raise ValueError("nested too deeply to show")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_strict(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: _strict(item, depth + 1) for key, item in value.items()}
    return value


def _dumps(value: Any) -> str:
    try:
        return json.dumps(_strict(value), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return '"(a value too deeply nested to show)"'


def _shown(value: Any) -> Any:
    """The value as strict JSON data, or a shortened JSON text when it is too big to show."""
    text = _dumps(value)
    if len(text) > SHOWN_VALUE_CHARS:
        return text[:SHOWN_VALUE_CHARS] + "…"
    return json.loads(text)


def _brief(value: Any) -> str:
    return _one_line(_dumps(value), 120)


def _sql_cell(value: Any, digits: int) -> Any:
    """One SQL value for comparison: 2 and 2.0 are equal, floats rounded to the tolerance."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        value = round(value, digits)
        return int(value) if value.is_integer() else value
    return value


def _sql_key(row: list[Any]) -> str:
    return repr(row)


def rows_match(actual: Any, expected: list[Any], ordered: bool, tolerance: float = 1e-6) -> bool:
    """SQL result rows against expected rows, columns by position; a multiset unless ordered."""
    if not isinstance(actual, list) or len(actual) != len(expected):
        return False
    digits = max(0, min(12, round(-math.log10(tolerance)))) if tolerance > 0 else 12
    if not all(isinstance(row, list) for row in actual):
        return False
    got = [[_sql_cell(v, digits) for v in row] for row in actual]
    want = [[_sql_cell(v, digits) for v in row] for row in expected]
    if ordered:
        return got == want
    return sorted(map(_sql_key, got)) == sorted(map(_sql_key, want))


def _correct(actual: Any, expected: Any, coding: dict[str, Any], style: str) -> bool:
    """compare.matches per test, or per call for class questions; rows for SQL."""
    mode, tolerance = coding.get("compare", "exact"), float(coding.get("tolerance", 1e-6))
    try:
        if coding.get("language") == "sql":
            return rows_match(actual, expected, bool(coding.get("ordered")), tolerance)
        if style == "class":
            if not isinstance(actual, list) or len(actual) != len(expected):
                return False
            pairs = zip(actual, expected, strict=True)
            return all(matches(a, e, mode, tolerance) for a, e in pairs)
        return matches(actual, expected, mode, tolerance)
    except (TypeError, ValueError, RecursionError):
        return False


def _time_ms(record: dict[str, Any]) -> float:
    value = record.get("ms")
    if isinstance(value, (int, float)) and math.isfinite(value) and value >= 0:
        return round(float(value), 3)
    return 0.0


def _error_text(record: dict[str, Any], visible: bool) -> str:
    """The exception for a visible test; for a hidden one only a built-in exception name."""
    if record.get("kind") == "memory":
        return "ran out of memory"
    if record.get("kind") == "unserialisable":
        detail = f" ({record.get('error')})" if visible else ""
        return _one_line("returned a value that is not plain data" + detail, 300)
    if visible:
        line = record.get("line")
        where = f" (line {line})" if type(line) is int else ""
        return _one_line(f"{record.get('error', 'error')}{where}", 300)
    name = record.get("exc")
    kind = getattr(builtins, name, None) if isinstance(name, str) else None
    builtin = isinstance(kind, type) and issubclass(kind, BaseException)
    return f"raised {name}" if builtin else "raised an exception"


def _missing(record: dict[str, Any] | None, records: Records) -> str | None:
    """Why a test has no usable record, or None when it has one."""
    if record is not None and record.get("i") in records.duplicated:
        return "more than one result was reported for this test"
    if record is None and records.load_error is not None and not records.by_index:
        return "not run: the code did not load"
    if record is None:
        return "no result: the process stopped before this test finished"
    return None


def judge_case(case: Case, record: dict[str, Any] | None, records: Records,
               coding: dict[str, Any]) -> dict[str, Any]:
    """One test's entry in the verdict, with detail only when the test is visible."""
    entry: dict[str, Any] = {"name": case.name, "visible": case.visible, "time_ms": 0.0}
    status, message, actual = "error", _missing(record, records), None
    if message is None and record is not None:
        entry["time_ms"] = _time_ms(record)
        status, message, actual = _judge_record(case, record, coding)
    entry |= {"status": status, "message": message}
    if case.visible:
        actual = _shown(actual) if status != "error" else None
        entry |= {"args": _shown(case.inputs), "expected": _shown(case.expected),
                  "actual": actual}
    return entry


def _judge_record(case: Case, record: dict[str, Any],
                  coding: dict[str, Any]) -> tuple[str, str, Any]:
    if record.get("ok") is not True:
        return "error", _error_text(record, case.visible), None
    actual = record.get("value")
    if _correct(actual, case.expected, coding, coding.get("style", "function")):
        return "passed", "ok", actual
    if not case.visible:
        return "failed", "wrong answer", None
    return "failed", f"expected {_brief(case.expected)}, got {_brief(actual)}", actual


def _signal_of(returncode: int | None, wrapped: bool) -> int | None:
    """The signal that ended the child; bubblewrap reports it as exit code 128 + n."""
    if returncode is None:
        return None
    if returncode < 0:
        return -returncode
    return returncode - 128 if wrapped and returncode > 128 else None


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _ran_out_of_memory(records: Records, got: Collected) -> bool:
    kinds = {str(r.get("kind")) for r in records.by_index.values()} | {records.load_kind}
    return "memory" in kinds or any(sign in got.stderr for sign in _MEMORY_SIGNS)


def overall(
    tests: list[dict[str, Any]], records: Records, got: Collected, limits: Limits,
    wrapped: bool,
) -> tuple[str, str]:
    """(status, one-line message) from the parent's own observations first."""
    if got.output_capped:
        return "output_limit", f"Stopped: printed more than {limits.max_output_bytes} bytes."
    if got.results_capped:
        return "output_limit", "Stopped: returned values larger than the result channel allows."
    if got.timed_out:
        return "timeout", f"Stopped: still running after {limits.wall_seconds:g} s of wall time."
    if records.load_error is not None and not records.by_index:
        return _load_failure(records, limits)
    if len(records.by_index) == len(tests):
        return _from_tests(tests, records, got, limits)
    return _died(records, got, limits, wrapped)


def _load_failure(records: Records, limits: Limits) -> tuple[str, str]:
    if records.load_kind == "memory":
        return "memory_limit", f"Ran out of memory while loading (limit {limits.memory_mb} MB)."
    return "error", records.load_error or "the code did not load"


def _from_tests(tests: list[dict[str, Any]], records: Records, got: Collected,
                limits: Limits) -> tuple[str, str]:
    passed = sum(t["status"] == "passed" for t in tests)
    if passed == len(tests):
        return "passed", f"All {len(tests)} tests passed."
    if _ran_out_of_memory(records, got):
        return "memory_limit", f"Ran out of memory (limit {limits.memory_mb} MB)."
    return "failed", f"{passed} of {len(tests)} tests passed."


def _cpu_limit_hit(number: int | None, got: Collected, limits: Limits) -> bool:
    """SIGXCPU, or SIGKILL after long enough that the CPU limit could have been reached."""
    if number == signal.SIGXCPU:
        return True
    enough = limits.cpu_seconds / (os.cpu_count() or 1)
    return number == signal.SIGKILL and got.elapsed >= enough


def _died(records: Records, got: Collected, limits: Limits, wrapped: bool) -> tuple[str, str]:
    number = _signal_of(got.returncode, wrapped)
    if _cpu_limit_hit(number, got, limits):
        return "timeout", f"Stopped: used more than {limits.cpu_seconds} s of CPU time."
    if _ran_out_of_memory(records, got):
        return "memory_limit", f"Ran out of memory (limit {limits.memory_mb} MB)."
    if number is not None:
        name = _signal_name(number)
        return "crashed", f"The process died from {name} before reporting every result."
    code = got.returncode
    return "crashed", f"The process exited (code {code}) before reporting every result."


def render_verdict(verdict: dict[str, Any]) -> str:
    """Plain text for the CLI: status line, isolation, one line per test, then output."""
    lines = [f"{verdict['status'].upper()}: {verdict['message']}"]
    if verdict.get("warning"):
        lines.append(f"!!! {verdict['warning']}")
    lines.append(
        f"{verdict['passed']}/{verdict['total']} tests passed in {verdict['duration_ms']} ms"
        f" (isolation: {verdict['isolation']})"
    )
    lines += [_render_test(test) for test in verdict["tests"]]
    for stream in ("stdout", "stderr"):
        if verdict.get(stream):
            lines.append(f"--- {stream} ---")
            lines.append(verdict[stream].rstrip("\n"))
    return "\n".join(lines)


def _render_test(test: dict[str, Any]) -> str:
    mark = {"passed": "PASS", "failed": "FAIL"}.get(test["status"], "ERR ")
    text = f"  [{mark}] {test['name']:<11} {test['time_ms']:>9.1f} ms"
    return text if test["status"] == "passed" else f"{text}  {test['message']}"
