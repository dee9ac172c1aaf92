# expect: output_limit
"""Prints without end, to stdout and stderr."""

import sys


def add(a, b):
    line = "spam " * 200
    while True:
        print(line)
        print(line, file=sys.stderr)
