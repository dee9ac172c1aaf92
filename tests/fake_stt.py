"""A fake OpenAI-compatible transcription server on loopback, scripted per test.

    with FakeSTTServer() as server:
        server.enqueue(stt_ok("I led the fix."), stt_slow(5), stt_status(500), stt_ok(""))

With an empty queue it answers with DEFAULT_TEXT. `verbose=False` answers 400 to
`response_format=verbose_json` (a server without timestamps). Requests are recorded.
Run standalone: python -m tests.fake_stt --port 8098
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PATHS = ("/v1/audio/transcriptions", "/audio/transcriptions")
DEFAULT_TEXT = ("In my last role I noticed our churn model had drifted, so I traced it to a "
                "broken feature and we retrained it.")


@dataclass
class Reply:
    text: str = DEFAULT_TEXT
    status: int = 200
    delay: float = 0.0
    segments: list[dict[str, Any]] = field(default_factory=list)


def stt_ok(text: str = DEFAULT_TEXT, segments: list[dict[str, Any]] | None = None) -> Reply:
    return Reply(text=text, segments=segments or [])


def stt_slow(delay: float, text: str = DEFAULT_TEXT) -> Reply:
    return Reply(text=text, delay=delay)


def stt_status(status: int) -> Reply:
    return Reply(status=status)


class FakeSTTServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, verbose: bool = True) -> None:
        self.queue: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.verbose = verbose
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def enqueue(self, *replies: Reply) -> None:
        self.queue.extend(replies)

    def __enter__(self) -> FakeSTTServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                fmt = "verbose_json" if b'name="response_format"\r\n\r\nverbose_json' in body \
                    else "json"
                with server._lock:
                    server.requests.append({"path": self.path, "format": fmt, "size": length,
                                            "has_file": b'name="file"' in body})
                    reply = server.queue.popleft() if server.queue else Reply()
                if self.path not in PATHS:
                    return self._send(404, {"error": {"message": "not found"}})
                if fmt == "verbose_json" and not server.verbose:
                    with server._lock:
                        server.queue.appendleft(reply)  # the retry in json gets it
                    return self._send(400, {"error": {"message": "response_format "
                                                      "verbose_json is not supported"}})
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": "boom"}})
                out: dict[str, Any] = {"text": reply.text}
                if fmt == "verbose_json":
                    out.update(task="transcribe", language="english",
                               duration=reply.segments[-1]["end"] if reply.segments else 6.0,
                               segments=reply.segments)
                self._send(200, out)

        return Handler


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8098)
    args = parser.parse_args()
    with FakeSTTServer(port=args.port) as srv:
        print(f"fake transcription server on {srv.url}")
        srv.thread.join()
