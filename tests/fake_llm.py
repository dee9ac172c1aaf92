"""A fake OpenAI-compatible chat server on loopback, scripted per test.

Tests queue behaviours (a good reply, a slow one, 429, 500, broken JSON, a refusal, a judge
that obeys injected instructions...) and then inspect the recorded requests. With an empty
queue it answers with a plausible judge reply built from the request, failing a given share
of requests when `fail_rate` is set (for load tests).

    with FakeLLMServer() as server:
        server.enqueue(rate_limited(retry_after="1"), success({...}))
        settings = JudgeSettings(base_url=server.url, api_key="x", model="fake")

Run standalone: python -m tests.fake_llm --port 8099 --fail-rate 0.3
A judge with latency: --delay 2 --jitter 0.3 (each reply takes 1.7-2.3 s) and
--hang-rate 0.05 --hang 60 (5% of requests get no reply for a minute: the client times out).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATHS = ("/v1/chat/completions", "/chat/completions")
_INJECTION_HINT = re.compile(
    r"ignore (?:the|all|previous)|10/10|full marks|as the grader|you are now|^\s*system\s*:|"
    r"reviewer's note|fully met|prüfer|punktzahl|correcteur|note maximale|满分|评分|"
    r"\{\s*\"criteria\"|ig\u200bnore|ign\u043ere",
    re.IGNORECASE | re.MULTILINE)
_NEGATED_SPAN = re.compile(
    r"\b(?:not|never|didn't|did not|without)\s+((?:[\w'-]+[ ,]+){5}[\w'-]+)", re.IGNORECASE)
_ANSWER_FENCE = re.compile(r"^<<<ANSWER (\w+)>>>\n(.*)\n<<<END ANSWER \1>>>$", re.DOTALL)
SCALE_MAX = 4  # the judge's declared scale when the request does not say


@dataclass
class Behaviour:
    """What the server does for one request."""

    kind: str  # success | auto | slow | status | malformed | truncated | wrong_shape |
    # refusal | refusal_text | empty | obey_injection | wrong_scale | bad_ids | short_quote |
    # invented_quote | negated_quote
    body: Any = None
    delay: float = 0.0
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    score: float = 0.75
    variant: str = ""


def success(reply: dict[str, Any] | str) -> Behaviour:
    """Reply with this judge JSON (a dict, or raw content text)."""
    return Behaviour("success", body=reply)


def auto(score: float = 0.75) -> Behaviour:
    """Reply with `score` for every rubric id found in the request, quoting the answer."""
    return Behaviour("auto", score=score)


def slow(seconds: float, score: float = 0.75) -> Behaviour:
    """Wait before replying (past the client's timeout in tests)."""
    return Behaviour("slow", delay=seconds, score=score)


def rate_limited(retry_after: str | None = "1") -> Behaviour:
    """HTTP 429, with a Retry-After header unless None."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Behaviour("status", status=429, headers=headers)


def server_error(status: int = 500, message: str | None = None) -> Behaviour:
    """An HTTP error status with an OpenAI-style error body."""
    return Behaviour("status", status=status, body=message)


def malformed() -> Behaviour:
    """Content that is not JSON at all."""
    return Behaviour("malformed")


def truncated() -> Behaviour:
    """A valid reply cut in half, as when the token limit is hit."""
    return Behaviour("truncated")


def wrong_shape() -> Behaviour:
    """Valid JSON that does not follow the requested schema."""
    return Behaviour("wrong_shape")


def refusal() -> Behaviour:
    """The structured `refusal` field set, no content."""
    return Behaviour("refusal")


def refusal_text() -> Behaviour:
    """A refusal written as plain text, with no JSON."""
    return Behaviour("refusal_text")


def empty() -> Behaviour:
    """An empty message."""
    return Behaviour("empty")


def obey_injection(honest_score: float = 0.2, quote: str = "injection") -> Behaviour:
    """A gullible judge: full marks when the answer has injected text, quoting that text
    (quote="injection") or the answer's first long sentence (quote="answer"), and reporting
    nothing in `addressed_to_grader`; the honest score otherwise."""
    return Behaviour("obey_injection", score=honest_score, variant=quote)


def wrong_scale(variant: str) -> Behaviour:
    """Scores off the declared scale: "ten" low marks on 0-10 with scale_max 10, "unit" 0-1
    fractions, "stray_ten" 0-1 fractions and one 10, "float" non-whole scores on 0-4."""
    return Behaviour("wrong_scale", variant=variant)


def bad_ids(variant: str) -> Behaviour:
    """Criterion ids broken: "duplicate" (one id twice), "unknown" (an extra, invented id) or
    "missing" (the last rubric id left out)."""
    return Behaviour("bad_ids", variant=variant)


def short_quote(word: str = "drift") -> Behaviour:
    """Full marks for every point, each backed by a one-word quote."""
    return Behaviour("short_quote", variant=word)


def invented_quote() -> Behaviour:
    """Full marks for every point, quoting a long sentence that is not in the answer."""
    return Behaviour("invented_quote")


def negated_quote() -> Behaviour:
    """Full marks for every point, quoting the six words after a "not" or "never"."""
    return Behaviour("negated_quote")


@dataclass
class RecordedRequest:
    """One request as received, for assertions."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    def contents(self, role: str) -> list[str]:
        """The text of every message with this role."""
        return [str(m.get("content") or "") for m in self.messages if m.get("role") == role]


def rubric_ids(system: str) -> list[str]:
    """Rubric ids as listed in the judge's system message ("id": "..." pairs; the reply
    shape's "<rubric point id>" placeholder is not one)."""
    found = re.findall(r'"id":\s*"([^"<][^"]*)"', system)
    return list(dict.fromkeys(found))


def answer_text(users: list[str]) -> str:
    """The answer: the user message fenced as ANSWER, else the text between the first and
    last lines of the first user message."""
    for user in users:
        match = _ANSWER_FENCE.match(user)
        if match:
            return match.group(2)
    user = users[0] if users else ""
    lines = user.split("\n")
    return "\n".join(lines[1:-1]) if len(lines) > 2 else user


def scale_max(system: str) -> int:
    """The scale the request declares ("scale_max": N in the reply shape), else 4."""
    match = re.search(r'"scale_max":\s*(\d+)', system)
    return int(match.group(1)) if match else SCALE_MAX


def long_sentence(text: str, avoid: re.Pattern[str] | None = None) -> str | None:
    """The first sentence with at least six words (not matching `avoid`), else the first."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", text) if p.strip()]
    for part in parts:
        if len(part.split()) >= 6 and not (avoid and avoid.search(part)):
            return part
    return parts[0] if parts else None


def first_sentence(text: str) -> str | None:
    """A verbatim quote: the answer's first sentence, or None for an empty answer."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", text) if p.strip()]
    return parts[0] if parts else None


def judge_reply(ids: list[str], score: float, quote: str | None,
                top: int = SCALE_MAX) -> dict[str, Any]:
    """A well-formed judge reply giving every point the same score (`score` is a share of
    the declared scale, rounded to a whole number on it)."""
    return {"scale_max": top,
            "criteria": [{"id": i, "score": round(score * top), "quote": quote,
                          "feedback": "Scored by the fake judge."} for i in ids],
            "feedback": "Overall feedback from the fake judge.", "addressed_to_grader": []}


class FakeLLMServer:
    """A threaded HTTP server on 127.0.0.1 that plays an OpenAI chat endpoint."""

    def __init__(self, port: int = 0, fail_rate: float = 0.0, seed: int = 0,
                 default: Behaviour | None = None, unsupported: tuple[str, ...] = (),
                 hang_rate: float = 0.0, hang: float = 60.0, jitter: float = 0.0) -> None:
        self.fail_rate, self.default = fail_rate, default or auto()
        self.hang_rate, self.hang, self.jitter = hang_rate, hang, jitter
        self.unsupported = unsupported  # request fields answered with HTTP 400, like old APIs
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.fake = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL for the OpenAI client (ends with /v1)."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def start(self) -> FakeLLMServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; replies still sleeping are released at once."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def enqueue(self, *behaviours: Behaviour) -> None:
        """Script the next requests, in order; afterwards the default behaviour applies."""
        with self._lock:
            self._queue.extend(behaviours)

    def chat_requests(self) -> list[RecordedRequest]:
        """Recorded requests to the chat completions endpoint."""
        with self._lock:
            return [r for r in self.requests if r.path in CHAT_PATHS]

    def _next(self, request: RecordedRequest) -> Behaviour:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
            if self.fail_rate and self._random.random() < self.fail_rate:
                return self._random.choice(
                    [server_error(500), server_error(503), rate_limited("0"), malformed(),
                     empty()])
            if self.hang_rate and self._random.random() < self.hang_rate:
                return slow(self.hang, self.default.score)
            if self.jitter and self.default.kind == "slow":
                delay = max(0.0, self.default.delay + self._random.uniform(-1, 1) * self.jitter)
                return slow(delay, self.default.score)
            return self.default

    def respond(self, behaviour: Behaviour, request: RecordedRequest) -> tuple[int, dict, Any]:
        """Status, headers and JSON body for a behaviour."""
        rejected = [name for name in self.unsupported if name in request.body]
        if rejected:
            message = f"Unsupported parameter: '{rejected[0]}' is not supported with this model."
            return 400, {}, {"error": {"message": message, "type": "invalid_request_error",
                                       "param": rejected[0]}}
        if behaviour.kind == "slow":
            self._stopping.wait(behaviour.delay)
        if behaviour.kind == "status":
            message = behaviour.body or f"fake error {behaviour.status}"
            error = {"error": {"message": message, "type": "fake"}}
            return behaviour.status, behaviour.headers, error
        content, finish, refusal_field = self._content(behaviour, request)
        return 200, behaviour.headers, _completion(request, content, finish, refusal_field)

    def _content(self, b: Behaviour, request: RecordedRequest) -> tuple[str | None, str, Any]:
        system = "\n".join(request.contents("system"))
        answer = answer_text(request.contents("user"))
        ids, top = rubric_ids(system), scale_max(system)
        good = json.dumps(judge_reply(ids, b.score, long_sentence(answer), top))
        simple = {"malformed": ('{"criteria": [{"id": oops}], "feedback": \'x\'}', "stop", None),
                  "truncated": (good[: len(good) // 2], "length", None),
                  "wrong_shape": (json.dumps({"scores": [1, 2], "verdict": "good"}), "stop", None),
                  "refusal": (None, "stop", "I can't help with grading this."),
                  "refusal_text": ("I'm sorry, but I can't help with that request.", "stop", None),
                  "empty": ("", "stop", None)}
        if b.kind in simple:
            return simple[b.kind]
        if b.kind == "success":
            return (b.body if isinstance(b.body, str) else json.dumps(b.body)), "stop", None
        if b.kind == "obey_injection":
            return json.dumps(self._gullible(ids, answer, b, top)), "stop", None
        if b.kind in MISBEHAVIOURS:
            return json.dumps(MISBEHAVIOURS[b.kind](ids, answer, b.variant, top)), "stop", None
        return good, "stop", None

    @staticmethod
    def _gullible(ids: list[str], answer: str, b: Behaviour, top: int) -> dict[str, Any]:
        """Full marks quoting the injected sentence (or a real one) if there is one, else the
        honest score."""
        for sentence in re.split(r"(?<=[.!?。])\s*|\n+", answer):
            if _INJECTION_HINT.search(sentence):
                quote = (long_sentence(answer, _INJECTION_HINT) if b.variant == "answer"
                         else sentence.strip())
                return judge_reply(ids, 1.0, quote, top)
        return judge_reply(ids, b.score, long_sentence(answer), top)


def _wrong_scale(ids: list[str], answer: str, variant: str, top: int) -> dict[str, Any]:
    quote = long_sentence(answer)
    scores = {"ten": [1, 0, 1, 1], "unit": [0.8, 0.6, 0.9, 0.7],
              "stray_ten": [0.8, 0.8, 10, 0.8], "float": [3.5, 2.5, 4, 1.5]}[variant]
    reply = judge_reply(ids, 0, quote, top)
    reply["scale_max"] = 10 if variant == "ten" else (1 if variant == "unit" else top)
    for criterion, score in zip(reply["criteria"], scores * len(ids), strict=False):
        criterion["score"] = score
    return reply


def _bad_ids(ids: list[str], answer: str, variant: str, top: int) -> dict[str, Any]:
    reply = judge_reply(ids, 0.75, long_sentence(answer), top)
    criteria = reply["criteria"]
    if variant == "duplicate":
        criteria.append(dict(criteria[0], score=top))
    elif variant == "unknown":
        criteria.append(dict(criteria[0], id="bonus_points", score=top))
    else:
        criteria.pop()
    return reply


def _full_marks(quote: str | None):  # noqa: ANN202 - tiny local factory
    def reply(ids: list[str], answer: str, variant: str, top: int) -> dict[str, Any]:
        return judge_reply(ids, 1.0, quote, top)
    return reply


MISBEHAVIOURS = {
    "wrong_scale": _wrong_scale,
    "bad_ids": _bad_ids,
    "short_quote": lambda ids, answer, word, top: judge_reply(ids, 1.0, word, top),
    "invented_quote": _full_marks("We deployed a real-time feature store with shadow tests "
                                  "and automatic rollback on every release."),
    "negated_quote": lambda ids, answer, variant, top: judge_reply(
        ids, 1.0, (m.group(1) if (m := _NEGATED_SPAN.search(answer)) else None), top),
}


def _completion(request: RecordedRequest, content: str | None, finish: str,
                refusal_field: Any) -> dict[str, Any]:
    """An OpenAI chat.completion object."""
    return {"id": f"chatcmpl-fake-{int(request.at * 1000)}", "object": "chat.completion",
            "created": int(request.at), "model": request.body.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": finish, "logprobs": None,
                         "message": {"role": "assistant", "content": content,
                                     "refusal": refusal_field}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a load test opens dozens of connections at once
    block_on_close = False
    fake: FakeLLMServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out close their socket; that is expected here, not an error."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep test output quiet."""

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"unparsed": raw.decode("utf-8", "replace")}
        request = RecordedRequest(self.path, dict(self.headers.items()), body, time.time())
        if self.path not in CHAT_PATHS:
            self._send(404, {}, {"error": {"message": "not found"}})
            return
        fake = self.server.fake
        self._send(*fake.respond(fake._next(request), request))

    def _send(self, status: int, headers: dict[str, str], body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted (for manual and load testing)."""
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible judge server")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--score", type=float, default=0.75, help="score of every point")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--jitter", type=float, default=0.0,
                        help="each reply's delay varies by up to this many seconds either way")
    parser.add_argument("--hang-rate", type=float, default=0.0,
                        help="share of requests that get no reply for --hang seconds")
    parser.add_argument("--hang", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    default = slow(args.delay, args.score) if args.delay else auto(args.score)
    server = FakeLLMServer(args.port, args.fail_rate, args.seed, default,
                           hang_rate=args.hang_rate, hang=args.hang, jitter=args.jitter).start()
    print(f"fake LLM listening on {server.url} (fail rate {args.fail_rate}, hang rate "
          f"{args.hang_rate}, delay {args.delay} s)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
