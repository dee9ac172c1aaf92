# expect: crashed
"""Claims success on stdout and exits with status 0 before any result is reported."""

import os

print("3 of 3 tests passed")
os._exit(0)


def add(a, b):
    return a + b
