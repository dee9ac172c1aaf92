"""The one door to an LLM: an OpenAI-compatible client, one request shape, one delimiter scheme.

Both the judge and the follow-up writer go through here, so retries, timeouts, token limits,
the seed and the way untrusted text is fenced off are decided once. Plain settings in, no app,
no database.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import openai
from openai.types.chat import ChatCompletionMessageParam

from interview.scoring.types import JudgeSettings

CLIENTS_KEPT = 8  # distinct endpoints whose clients (and connection pools) are kept open

_slots: threading.BoundedSemaphore | None = None
_slot_count: int | None = None
_clients: dict[tuple[str | None, str, float], openai.OpenAI] = {}
_clients_lock = threading.Lock()


class _SharedClient(openai.OpenAI):
    """A client shared by every caller of one endpoint: leaving a `with` block keeps it (and
    its pool of open connections) for the next request instead of closing it."""

    def __exit__(self, exc_type: Any, exc: Any, exc_tb: Any) -> None:
        return None


def client(settings: JudgeSettings) -> openai.OpenAI:
    """The endpoint's shared client, the client's own retries off: callers retry explicitly
    and testably. httpx clients are thread-safe, so every worker thread reuses one."""
    key = (settings.base_url, settings.api_key, settings.timeout)
    with _clients_lock:
        shared = _clients.get(key)
        if shared is None:
            if len(_clients) >= CLIENTS_KEPT:  # settings changed (tests): forget the oldest
                _clients.pop(next(iter(_clients)))
            shared = _clients[key] = _SharedClient(
                base_url=settings.base_url, api_key=settings.api_key,
                timeout=settings.timeout, max_retries=0)
    return shared


def set_concurrency(slots: int | None) -> None:
    """At most `slots` LLM requests in flight in this process (None or 0: no limit).

    A slot is held for one HTTP request only, never while a caller backs off between
    retries, so a failing judge does not keep others waiting."""
    global _slots, _slot_count
    _slot_count = slots if slots and slots > 0 else None
    _slots = threading.BoundedSemaphore(_slot_count) if _slot_count else None


def concurrency() -> int | None:
    """The configured number of slots (None: unlimited)."""
    return _slot_count


@contextmanager
def slot() -> Iterator[None]:
    """Hold one LLM slot for the duration of the block."""
    slots = _slots
    if slots is None:
        yield
        return
    with slots:
        yield


def fence(text: str, label: str) -> tuple[str, str, str]:
    """Random begin/end markers that `text` cannot contain, and the fenced text.

    Everything between the markers is data; the system message says so by the markers'
    exact spelling, which the author of `text` cannot guess.
    """
    token = secrets.token_hex(8)
    while token in text:  # pragma: no cover - a 64-bit clash is practically impossible
        token = secrets.token_hex(8)
    begin, end = f"<<<{label} {token}>>>", f"<<<END {label} {token}>>>"
    return begin, end, f"{begin}\n{text}\n{end}"


def looks_fenced(text: str) -> bool:
    """True when text imitates our markers (generated text must never carry them)."""
    return "<<<" in text or ">>>" in text


class Unsupported(Exception):
    """The endpoint rejected an optional parameter; it has been dropped, ask again."""

    def __init__(self, param: str, detail: str) -> None:
        super().__init__(detail)
        self.param = param


@dataclass
class Options:
    """Optional request parameters, switched off one by one when an endpoint rejects them.

    `max_tokens` becomes `max_completion_tokens` for endpoints that want that name instead.
    """

    json_mode: bool = True
    seed: bool = True
    limit_field: str | None = "max_tokens"


def create(llm: openai.OpenAI, settings: JudgeSettings, messages: list[dict[str, str]],
           options: Options, temperature: float = 0.0) -> Any:
    """One chat completion with the shared parameters; raises Unsupported after dropping one."""
    extra: dict[str, Any] = {}
    if options.json_mode:
        extra["response_format"] = {"type": "json_object"}
    if options.seed and settings.seed is not None:
        extra["seed"] = settings.seed
    if options.limit_field and settings.max_tokens:
        extra[options.limit_field] = settings.max_tokens
    try:
        with slot():
            return llm.chat.completions.create(
                model=settings.model, messages=cast("list[ChatCompletionMessageParam]", messages),
                temperature=temperature, **extra)
    except openai.BadRequestError as exc:
        _drop_rejected(str(exc), options, exc)
        raise


def _drop_rejected(message: str, options: Options, exc: Exception) -> None:
    """Turn off the optional parameter a 400 names, raising Unsupported; else return."""
    if options.json_mode and "response_format" in message:
        options.json_mode = False  # the endpoint lacks JSON mode: the prompt suffices
        raise Unsupported("response_format", message) from exc
    if options.seed and "seed" in message:
        options.seed = False
        raise Unsupported("seed", message) from exc
    if options.limit_field == "max_tokens" and "max_tokens" in message:
        options.limit_field = "max_completion_tokens"
        raise Unsupported("max_tokens", message) from exc
    if options.limit_field == "max_completion_tokens" and "max_completion_tokens" in message:
        options.limit_field = None
        raise Unsupported("max_completion_tokens", message) from exc


def complete(settings: JudgeSettings, messages: list[dict[str, str]],
             temperature: float) -> Any:
    """One chat completion for a single-shot writer (follow-ups, rewrites): parameters the
    endpoint rejects are dropped, one per round (four at most); None when all were refused.
    Other failures raise for the caller, who falls back."""
    options = Options()
    with client(settings) as llm_client:
        for _ in range(4):
            try:
                return create(llm_client, settings, messages, options, temperature=temperature)
            except Unsupported:
                continue
    return None
