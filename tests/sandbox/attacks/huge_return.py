# expect: output_limit|memory_limit|failed
"""Returns a value far bigger than the result channel accepts."""


def add(a, b):
    return ["x" * 1000] * 20000
