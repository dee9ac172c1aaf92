# expect: failed
# isolated: yes
"""Looks for the app's database and instance folder and returns what it finds."""

import os

GUESSES = ["__DB_PATH__", os.path.dirname("__DB_PATH__"), "__REPO__/instance/app.db",
           "__REPO__/instance", "__REPO__"]


def _grab(path):
    try:
        if os.path.isdir(path):
            return " ".join(os.listdir(path))
        with open(path, "rb") as handle:
            return handle.read().decode("latin-1")
    except OSError as exc:
        return f"{path}: {exc}"


def add(a, b):
    found = " | ".join(_grab(path) for path in GUESSES)
    print(found)
    return found
