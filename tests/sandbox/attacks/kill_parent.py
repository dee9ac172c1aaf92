# expect: crashed
"""Kills its parent, every process it may signal, and its own process group."""

import os
import signal


def add(a, b):
    for action in (lambda: os.kill(os.getppid(), signal.SIGKILL),
                   lambda: os.kill(-1, signal.SIGKILL),
                   lambda: os.killpg(0, signal.SIGKILL)):
        try:
            action()
        except OSError as exc:
            print(exc)
    return a + b
