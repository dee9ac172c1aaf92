# expect: passed
"""Leaves a detached grandchild process and a thread behind, then answers correctly."""

import os
import subprocess
import sys
import threading
import time

_started = []


def _spawn():
    code = "import time\nwhile True: time.sleep(0.1)\n"
    if os.fork() == 0:
        os.setsid()
        subprocess.Popen([sys.executable, "-c", code, "__MARKER__"], start_new_session=True)
        os._exit(0)
    threading.Thread(target=lambda: time.sleep(3600)).start()


def add(a, b):
    if not _started:
        _started.append(1)
        _spawn()
    return a + b
