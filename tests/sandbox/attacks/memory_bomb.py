# expect: memory_limit
"""Asks for ten gigabytes in one allocation."""


def add(a, b):
    hoard = bytearray(10 * 1024**3)
    return len(hoard)
