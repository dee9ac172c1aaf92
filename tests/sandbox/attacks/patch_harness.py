# expect: failed|crashed
"""Rewrites the harness's functions (it runs as __main__) to report success."""

import sys

harness = sys.modules["__main__"]


def _fake_run(index, target, test, style):
    return {"i": index, "ok": True, "ms": 0.0, "value": "PASSED", "status": "passed"}


for name in dir(harness):
    if name.startswith("_run") or name == "_call":
        setattr(harness, name, _fake_run)


def add(a, b):
    return None
