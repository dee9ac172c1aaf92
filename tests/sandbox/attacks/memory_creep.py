# expect: memory_limit
"""Grows a list one megabyte at a time until something gives."""


def add(a, b):
    hoard = []
    while True:
        hoard.append(bytearray(1024 * 1024))
