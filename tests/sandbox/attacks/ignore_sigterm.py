# expect: timeout
"""Ignores SIGTERM and SIGXCPU, then sleeps: only the wall clock and SIGKILL stop it."""

import signal
import time


def add(a, b):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
        signal.signal(sig, signal.SIG_IGN)
    while True:
        time.sleep(1)
