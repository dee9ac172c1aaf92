# expect: passed
"""Correct but slow: a quarter second per call, well inside the limits."""

import time


def add(a, b):
    time.sleep(0.25)
    return a + b
