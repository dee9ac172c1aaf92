# expect: crashed|failed|timeout|memory_limit
"""Lifts the recursion limit and recurses in C (repr of a deeply nested list)."""

import sys

sys.setrecursionlimit(10**8)


def add(a, b):
    nested = []
    for _ in range(10**6):
        nested = [nested]
    return len(repr(nested))
