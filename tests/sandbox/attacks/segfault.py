# expect: crashed
"""Reads kernel memory through ctypes, which no user process may touch."""

import ctypes


def add(a, b):
    return ctypes.string_at(0xFFFFFFFFFFFF0000, 16)
