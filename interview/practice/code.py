"""The app's door to the sandbox: limits from the config in, the engine's verdict out."""

from __future__ import annotations

import ast
import io
import tokenize
from typing import Any

from flask import current_app

from interview.sandbox.runner import Limits, run_submission


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
