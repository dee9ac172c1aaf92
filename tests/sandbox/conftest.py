"""Fixtures shared by the sandbox tests: a live HTTP service, questions and small limits."""

from __future__ import annotations

import copy
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from interview.sandbox import Limits

# Small limits keep the hostile cases quick; real runs use the defaults.
_ATTACK_LIMITS = Limits(cpu_seconds=1, wall_seconds=3, memory_mb=256, max_output_bytes=10_000)

_ADD_QUESTION = {
    "entry": "add",
    "style": "function",
    "compare": "exact",
    "examples": [{"args": [1, 2], "expected": 3}],
    "tests": [{"args": [20, 22], "expected": 42}, {"args": [-5, 5], "expected": 0}],
}

_MOVING_AVERAGE = {
    "entry": "moving_average",
    "style": "function",
    "compare": "approx",
    "tolerance": 1.0e-9,
    "examples": [{"args": [[1, 2, 3, 4], 2], "expected": [1.5, 2.5, 3.5]}],
    "tests": [
        {"args": [[5], 2], "expected": []},
        {"args": [[1, 1, 1], 3], "expected": [1.0]},
        {"args": [[], 1], "expected": []},
        {"args": [[2, 4, 6, 8, 10], 1], "expected": [2, 4, 6, 8, 10]},
    ],
}


@dataclass
class Service:
    """A stand-in for the web service: answers /health and records every other request."""

    port: int
    stolen: list[str] = field(default_factory=list)

    def alive(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/health"
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local URL
            return response.status == 200 and response.read() == b"ok"


def _handler(service: Service) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            if self.path != "/health":
                service.stolen.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            return None

    return Handler


@pytest.fixture(scope="session")
def service() -> Iterator[Service]:
    """A tiny HTTP server on 127.0.0.1 that must keep answering through every attack."""
    box = Service(port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box))
    box.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def attack_limits() -> Limits:
    return _ATTACK_LIMITS


@pytest.fixture
def add_question() -> dict:
    """add(a, b): one visible example and two hidden tests."""
    return copy.deepcopy(_ADD_QUESTION)


@pytest.fixture
def moving_average() -> dict:
    """The coding example from question_bank/README.md."""
    return copy.deepcopy(_MOVING_AVERAGE)
