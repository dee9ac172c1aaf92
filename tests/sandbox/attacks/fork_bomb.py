# expect: timeout|crashed|failed
"""Forks without end; every child forks too."""

import os


def add(a, b):
    while True:
        try:
            os.fork()
        except OSError:
            pass
