# expect: passed
# isolated: yes
"""Tries to leave files on the host: in the repository, the host /tmp and a shared folder."""

import os

TARGETS = ["__REPO__/pwned-__MARKER__.txt", "/tmp/pwned-__MARKER__.txt",
           "__HOST_DIR__/pwned-__MARKER__.txt"]


def add(a, b):
    for target in TARGETS:
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w") as handle:
                handle.write("pwned")
        except OSError as exc:
            print("blocked:", exc)
    return a + b
