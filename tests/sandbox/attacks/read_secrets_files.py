# expect: failed
# isolated: yes
"""Reads /etc/shadow and lists and reads the host's /root."""

import os


def _try(action):
    try:
        return action()
    except OSError as exc:
        return str(exc)


def add(a, b):
    loot = [_try(lambda: open("/etc/shadow").read())]
    loot.append(_try(lambda: " ".join(os.listdir("/root"))))
    loot.append(_try(lambda: open("/root/.bash_history").read()))
    print(loot)
    return loot
