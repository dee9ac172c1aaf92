"""The app's door to the sandbox: limits from the config in, the engine's verdict out."""

from __future__ import annotations

import ast
import io
import json
import tokenize
from typing import Any

from flask import current_app

from interview.sandbox.runner import Limits, run_custom, run_submission

INPUT_MAX = 10_000  # characters of "run with my input" arguments


def limits_from_config() -> Limits:
    cfg = current_app.config
    return Limits(cpu_seconds=cfg["SANDBOX_CPU_SECONDS"], wall_seconds=cfg["SANDBOX_WALL_SECONDS"],
                  memory_mb=cfg["SANDBOX_MEMORY_MB"],
                  allow_unisolated=bool(cfg["SANDBOX_ALLOW_UNISOLATED"]))


def run_for_question(code: str, coding: dict[str, Any], include_hidden: bool) -> dict[str, Any]:
    """Run `code` against a coding question's tests (examples only when not include_hidden)."""
    # Code pasted from web pages and rich editors often carries no-break spaces, which
    # Python rejects; a candidate means ordinary spaces.
    code = code.replace("\u00a0", " ")
    return run_submission(code, coding, include_hidden=include_hidden,
                          limits=limits_from_config())


def run_with_inputs(code: str, coding: dict[str, Any], inputs: list[Any]) -> dict[str, Any]:
    """Run `code` once on the candidate's own arguments: return value and output only."""
    return run_custom(code.replace("\u00a0", " "), coding, inputs, limits=limits_from_config())


class InputError(ValueError):
    """The typed arguments could not be read; the message is safe to show."""


def parse_inputs(text: str) -> list[Any]:
    """The arguments a candidate typed: a JSON list (`[[1, 5], 6]`) or Python literals as in a
    call (`[1, 5], 6`). Only literals are read (no names, no calls), and the result must be
    plain JSON-like data."""
    text = text.strip()
    if not text:
        raise InputError("Type the arguments, for example [1, 2, 3], 2")
    if len(text) > INPUT_MAX:
        raise InputError(f"The arguments are longer than {INPUT_MAX:,} characters.")
    try:
        value: Any = json.loads(text)
        if not isinstance(value, list):
            value = [value]
    except (ValueError, RecursionError):
        try:
            value = ast.literal_eval(f"({text},)")
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise InputError("Could not read the arguments: write them as in a call, for "
                             "example [1, 2, 3], 2 (Python literals or JSON).") from None
        value = list(value)
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        raise InputError("Only numbers, strings, booleans, None, lists and dicts with "
                         "string keys can be passed.") from None


def call_text(coding: dict[str, Any], example: dict[str, Any]) -> str:
    """A visible example as the candidate would write it: `entry(arg1, arg2)`, or the class
    and its method calls; SQL examples show their tables."""
    if coding.get("language") == "sql":
        return "; ".join(f"{table}: {rows!r}" for table, rows in (example.get("data")
                                                                  or {}).items())
    entry = coding.get("entry", "")
    if coding.get("style") == "class":
        calls = example.get("calls") or []
        if not calls:
            return f"{entry}()"
        first = f"obj = {entry}({_args(calls[0][1])})"
        return "; ".join([first] + [f"obj.{m}({_args(a)})" for m, a in calls[1:]])
    return f"{entry}({_args(example.get('args') or [])})"


def shown_verdict(coding: dict[str, Any], verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    """The verdict with each visible test's call, expected and actual value written as
    Python would (`f([1, 5], 6)`, `True`, `None`); hidden tests are left as they are."""
    if not verdict:
        return verdict
    key = "data" if coding.get("language") == "sql" else (
        "calls" if coding.get("style") == "class" else "args")
    tests = []
    for test in verdict.get("tests") or []:
        test = dict(test)
        if test.get("visible"):
            args = test.get("args")
            test["call"] = (call_text(coding, {key: args}) if isinstance(args, (list, dict))
                            else str(args))
            if "expected" in test:
                test["expected_text"] = repr(test["expected"])
            test["actual_text"] = repr(test.get("actual"))
        tests.append(test)
    return {**verdict, "tests": tests}


def _args(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values)


def code_only(source: str) -> str:
    """The code with comments and docstrings blanked out (layout kept, so quotes from it are
    still verbatim in the answer): a rubric point about the code is credited for what the
    code does, not for what a comment claims it does."""
    lines = source.splitlines(keepends=True)
    for (row, col), (end_row, end_col) in _comment_spans(source) + _docstring_spans(source):
        for r in range(row, end_row + 1):
            line = lines[r - 1]
            start = col if r == row else 0
            stop = end_col if r == end_row else len(line.rstrip("\r\n"))
            lines[r - 1] = line[:start] + " " * (stop - start) + line[stop:]
    return "".join(lines)


Span = tuple[tuple[int, int], tuple[int, int]]


def _comment_spans(source: str) -> list[Span]:
    try:
        return [(t.start, t.end) for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def _docstring_spans(source: str) -> list[Span]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    spans: list[Span] = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not (isinstance(body, list) and body and isinstance(body[0], ast.Expr)):
            continue
        doc = body[0].value
        if isinstance(doc, ast.Constant) and isinstance(doc.value, str) and doc.end_lineno:
            spans.append(((doc.lineno, doc.col_offset), (doc.end_lineno, doc.end_col_offset or 0)))
    return spans
