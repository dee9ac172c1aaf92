"""The parent-side comparison of returned values with expected ones (no sandbox needed)."""

from __future__ import annotations

import numpy as np
import pytest

from interview.sandbox.compare import matches


@pytest.mark.parametrize(
    ("actual", "expected", "same"),
    [
        (True, True, True),
        (True, 1, False),
        (1, True, False),
        (False, 0, False),
        (0, False, False),
        ([True, False], [1, 0], False),
        ([1, 0], [True, False], False),
        ({"ok": True}, {"ok": 1}, False),
        ([[1, True]], [[1, True]], True),
        (np.bool_(True), True, True),
        (np.array([True, False]), [1, 0], False),
        (np.int64(3), 3, True),
        ((1, 2), [1, 2], True),
        (2, 2.0, True),
    ],
)
def test_exact_tells_bool_from_int(actual, expected, same: bool) -> None:
    assert matches(actual, expected, "exact") is same


def test_approx_tells_bool_from_int_too() -> None:
    assert not matches([True], [1.0], "approx", 1e-9)
    assert matches([1.0 + 1e-12, True], [1.0, True], "approx", 1e-9)
