# expect: timeout
"""Spins forever on the CPU: the CPU-time limit must stop it."""


def add(a, b):
    while True:
        a += b
