# expect: failed|crashed|error
"""Patches builtins and the standard library so that every comparison looks true."""

import builtins
import marshal
import os


class Anything:
    def __eq__(self, other):
        return True

    def __repr__(self):
        return "3"


builtins.isinstance = lambda obj, kinds: True
builtins.len = lambda obj: 0
marshal.dumps = lambda *args: b"passed"
os.unlink = lambda *args: None


def add(a, b):
    return Anything()
