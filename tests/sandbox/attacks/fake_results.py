# expect: failed|crashed
"""Writes success records for every test to every open descriptor, then answers wrongly."""

import json
import os

for fd in range(3, 64):
    for index in range(10):
        record = {"i": index, "ok": True, "value": 0, "status": "passed", "passed": True}
        try:
            os.write(fd, (json.dumps(record) + "\n").encode())
        except OSError:
            pass
print("All tests passed.")


def add(a, b):
    return -1
