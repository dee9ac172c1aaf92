"""The one door to an LLM: an OpenAI-compatible client and one delimiter scheme.

Both the judge and the follow-up writer go through here, so retries, timeouts and the way
untrusted text is fenced off are decided once. Plain settings in, no app, no database.
"""

from __future__ import annotations

import secrets

import openai

from interview.scoring.types import JudgeSettings


def client(settings: JudgeSettings) -> openai.OpenAI:
    """A client with the client's own retries off: callers retry explicitly and testably."""
    return openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key,
                         timeout=settings.timeout, max_retries=0)


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
