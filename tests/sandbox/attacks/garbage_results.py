# expect: failed|crashed
# survivors: all-but-one
"""Writes unterminated garbage to the result channel, then answers correctly."""

import os

_done = []


def add(a, b):
    if not _done:
        _done.append(1)
        for fd in range(3, 64):
            try:
                os.write(fd, b'{"i": 0, "ok": tr\x00\xff garbage')
            except OSError:
                pass
    return a + b
