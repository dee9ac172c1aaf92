"""Compare a candidate's returned value with a test's expected value.

This runs in the trusted parent process, never in the candidate's: the candidate's
process only reports what its function returned, and the verdict is decided here.
"""

from __future__ import annotations

import math
from typing import Any

COMPARE_MODES = ("exact", "approx", "unordered")


def to_plain(value: Any) -> Any:
    """Turn tuples, NumPy arrays and NumPy scalars into lists and Python numbers."""
    if hasattr(value, "tolist"):
        return to_plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((to_plain(v) for v in value), key=repr)
    return value


def _close(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=tol, abs_tol=tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k], tol) for k in a)
    return bool(a == b)


def _same(a: Any, b: Any) -> bool:
    """Exact equality in which a bool equals only a bool (`True` is not `1`)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def matches(actual: Any, expected: Any, mode: str = "exact", tolerance: float = 1e-6) -> bool:
    """Say whether `actual` (already plain data) satisfies `expected` under `mode`."""
    actual, expected = to_plain(actual), to_plain(expected)
    if mode == "approx":
        return _close(actual, expected, tolerance)
    if mode == "unordered":
        if not isinstance(actual, list) or not isinstance(expected, list):
            return False
        return sorted(map(repr, actual)) == sorted(map(repr, expected))
    return _same(actual, expected)
