# expect: passed
# isolated: yes
"""Calls the service on its port, and tries two outside addresses."""

import socket

TARGETS = [("127.0.0.1", int("__PORT__")), ("10.255.255.1", 80), ("1.1.1.1", 53)]


def _call(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5) as conn:
            conn.sendall(b"GET /stolen HTTP/1.0\r\nHost: x\r\n\r\n")
            return conn.recv(100)
    except OSError as exc:
        return exc


def add(a, b):
    for host, port in TARGETS:
        print(host, port, _call(host, port))
    return a + b
