"""The LLM judge: scores an answer against the rubric through an OpenAI-compatible API.

The answer is untrusted: it goes alone in a user message between random delimiters, the
instructions stay in the system message (judge_prompt.py). The reply must use the declared
integer scale and name every rubric point exactly once; a reply that does not is rejected and
the judge is asked again with a repair message. Quotes must be verbatim spans of six or more
words (or a whole line of code) and not negated, else the point gets 0 (evidence.py). Text
addressed to the grader, found by normalised multilingual patterns or reported by the judge
itself, lowers the criteria as well as the total. Every failure is retried here (the client's
own retries are off so the behaviour is explicit and testable); after the last retry a
`JudgeError` says why.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import openai
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from interview.scoring import llm
from interview.scoring.addressed import blank, find_addressed, locate, merge
from interview.scoring.evidence import check_quote
from interview.scoring.injection import Excerpt
from interview.scoring.judge_prompt import PROMPT_VERSION, SCALE_MAX, Prompt, build_prompt
from interview.scoring.rubric import question_points, score_offline
from interview.scoring.types import (
    CriterionResult,
    JudgeSettings,
    RubricPoint,
    ScoreResult,
    weighted_total,
)

__all__ = ["PROMPT_VERSION", "JudgeError", "Prompt", "build_prompt", "score_llm"]

RETRY_AFTER_CAP = 30.0  # never wait longer than this for a 429, whatever the server says
REPLY_ECHO_LIMIT = 4000  # characters of a rejected reply sent back with the repair message
_REFUSAL_RE = re.compile(r"\b(?:i\s+can(?:no|')t|i\s+cannot|i'm\s+sorry|i\s+am\s+sorry|"
                         r"unable\s+to\s+(?:help|comply|assist)|i\s+won't)\b", re.IGNORECASE)
REPAIRABLE = ("schema", "scale", "ids", "malformed_json")


class JudgeError(Exception):
    """The judge gave no usable score after all retries; `reason` is a short label."""

    def __init__(self, reason: str, detail: str, attempts: int) -> None:
        super().__init__(f"{reason} after {attempts} attempt(s): {detail}")
        self.reason, self.detail, self.attempts = reason, detail, attempts


class _Retryable(Exception):
    """One attempt failed in a way that another attempt might not.

    `reply` is the rejected reply text when the judge answered but broke the rules; the next
    attempt sends it back with a repair message naming the problem.
    """

    def __init__(self, reason: str, detail: str, retry_after: float | None = None,
                 reply: str | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.retry_after, self.reply = (reason, detail, retry_after,
                                                                  reply)


class _Whole(fields.Integer):
    """An integer score: 3 or 3.0 pass, 0.8 and "3" do not (strict, no rounding)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("must be a whole number")
        if isinstance(value, float) and not value.is_integer():
            raise ValidationError("must be a whole number")
        return int(value)


class _CriterionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True)
    score = _Whole(required=True, validate=validate.Range(0, SCALE_MAX))
    quote = fields.String(load_default=None, allow_none=True)
    feedback = fields.String(load_default="", allow_none=True)


class JudgeReplySchema(Schema):
    """What the judge must return; anything else is a failed attempt."""

    class Meta:
        unknown = EXCLUDE

    scale_max = _Whole(required=True, validate=validate.Equal(SCALE_MAX))
    criteria = fields.List(fields.Nested(_CriterionSchema), required=True,
                           validate=validate.Length(min=1))
    feedback = fields.String(load_default="", allow_none=True)
    addressed_to_grader = fields.List(fields.String(), load_default=list, allow_none=True)


def score_llm(question: dict[str, Any], answer: str, settings: JudgeSettings,
              sleep: Callable[[float], None] = time.sleep) -> ScoreResult:
    """Score with the LLM judge; raises JudgeError when no attempt gives a valid reply."""
    points = question_points(question)
    prompt = build_prompt(question, points, answer)
    reply = request_scores(settings, prompt, [p.id for p in points], sleep)
    result = to_result(question, answer, points, reply, settings.model)
    result.prompt_version = prompt.version
    return result


def request_scores(settings: JudgeSettings, prompt: Prompt, ids: list[str],
                   sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
    """Call the judge, retrying retryable failures with exponential backoff; a reply that
    broke the rules is sent back with a repair message."""
    attempts = max(0, settings.max_retries) + 1
    options = llm.Options()
    messages = prompt.messages
    with llm.client(settings) as client:
        for attempt in range(attempts):
            try:
                return _attempt(client, settings, messages, ids, options)
            except _Retryable as exc:
                last = exc
                if exc.reply is not None and exc.reason in REPAIRABLE:
                    messages = [*prompt.messages, *repair_messages(exc, ids)]
                if attempt + 1 < attempts:
                    sleep(retry_delay(exc.retry_after, attempt, settings.backoff))
    raise JudgeError(last.reason, last.detail, attempts)


def repair_messages(exc: _Retryable, ids: list[str]) -> list[dict[str, str]]:
    """The rejected reply and a message saying what to fix (only our own ids are named)."""
    reply = (exc.reply or "")[:REPLY_ECHO_LIMIT]
    fix = (f"Your reply was rejected: {exc.detail}. Reply again with one JSON object of the "
           f"shape given in the instructions: \"scale_max\": {SCALE_MAX}, whole-number scores "
           f"from 0 to {SCALE_MAX}, and exactly one entry for each of these ids and no "
           f"others: {json.dumps(ids)}.")
    return [{"role": "assistant", "content": reply}, {"role": "user", "content": fix}]


def _attempt(client: openai.OpenAI, settings: JudgeSettings, messages: list[dict[str, str]],
             ids: list[str], options: llm.Options) -> dict[str, Any]:
    """One request; returns the validated reply or raises _Retryable / JudgeError."""
    try:
        response = llm.create(client, settings, messages, options, temperature=0.0)
    except llm.Unsupported as exc:
        raise _Retryable(f"no_{exc.param}", _short(exc), retry_after=0.0) from exc
    except openai.BadRequestError as exc:
        raise JudgeError("bad_request", _short(exc), 1) from exc
    except openai.APIError as exc:
        raise _classify(exc) from exc
    return parse_reply(response, ids)


def retry_delay(retry_after: float | None, attempt: int, backoff: float) -> float:
    """Seconds to wait: the server's Retry-After (capped), else exponential backoff."""
    if retry_after is not None:
        return min(max(0.0, retry_after), RETRY_AFTER_CAP)
    return float(backoff * (2**attempt))


def _classify(exc: openai.APIError) -> Exception:
    """Map a client error to a retryable failure, or a JudgeError when retrying is futile."""
    if isinstance(exc, openai.APITimeoutError):
        return _Retryable("timeout", "the judge did not answer in time")
    if isinstance(exc, openai.APIConnectionError):
        return _Retryable("connection", _short(exc))
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return _Retryable("rate_limited", "HTTP 429", parse_retry_after(exc.response.headers))
        if status >= 500 or status in (408, 409):
            return _Retryable("server_error", f"HTTP {status}")
        return JudgeError(f"http_{status}", _short(exc), 1)
    return _Retryable("bad_response", _short(exc))


def parse_retry_after(headers: Any) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    millis = _number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = headers.get("retry-after")
    seconds = _number(value)
    if seconds is not None or not value:
        return seconds
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError):
        return None


def _number(value: str | None) -> float | None:
    """A header value as a float, or None."""
    try:
        return float(value) if value else None
    except ValueError:
        return None


def parse_reply(response: Any, ids: list[str]) -> dict[str, Any]:
    """Validate the judge's reply: refusals, empty or cut-off text, wrong shapes, scores off
    the declared scale and missing, duplicate or unknown criterion ids fail."""
    content, finish_reason = _message_text(response)
    data = _load_json(content, finish_reason)
    try:
        reply: dict[str, Any] = JudgeReplySchema().load(data)
    except ValidationError as exc:
        reason = "scale" if _off_scale(exc.messages) else "schema"
        raise _Retryable(reason, _describe(exc.messages), reply=content) from exc
    given = [c["id"] for c in reply["criteria"]]
    problems = []
    if missing := [i for i in ids if i not in given]:
        problems.append(f"no score for rubric points {missing}")
    if duplicated := sorted({i for i in given if given.count(i) > 1 and i in ids}):
        problems.append(f"more than one entry for {duplicated}")
    if unknown := [i for i in given if i not in ids]:
        problems.append(f"{len(unknown)} entr{'y' if len(unknown) == 1 else 'ies'} with an id "
                        "that is not a rubric point")
    if problems:
        raise _Retryable("ids", "; ".join(problems), reply=content)
    reply["feedback"] = reply.get("feedback") or ""
    reply["addressed_to_grader"] = [t for t in reply.get("addressed_to_grader") or [] if t]
    return reply


def _off_scale(messages: Any) -> bool:
    """True when a validation error is about a score or scale_max value."""
    if isinstance(messages, dict):
        return any((key in ("score", "scale_max") and "Missing" not in str(value))
                   or _off_scale(value) for key, value in messages.items())
    return False


def _describe(messages: Any) -> str:
    """A validation error in words, without echoing the judge's own strings back."""
    if _off_scale(messages):
        return (f"every score must be a whole number from 0 to {SCALE_MAX} and scale_max "
                f"must be {SCALE_MAX}")
    if isinstance(messages, dict):
        return "missing or wrong fields: " + ", ".join(sorted(_field_names(messages)))
    return "the reply does not follow the requested shape"


def _field_names(messages: dict[str, Any]) -> set[str]:
    names = set()
    for key, value in messages.items():
        if isinstance(key, str):
            names.add(key)
        if isinstance(value, dict):
            names |= _field_names(value)
    return names


def _message_text(response: Any) -> tuple[str, str | None]:
    """The reply's text and finish reason; a refusal or an empty reply is a failure."""
    choice = response.choices[0] if getattr(response, "choices", None) else None
    if choice is None:
        raise _Retryable("empty", "the reply had no choices")
    if getattr(choice.message, "refusal", None):
        raise _Retryable("refusal", _short(choice.message.refusal))
    content = (choice.message.content or "").strip()
    if not content:
        raise _Retryable("empty", "the reply was empty")
    return content, choice.finish_reason


def _load_json(content: str, finish_reason: str | None) -> Any:
    """Parse the JSON object in the reply, tolerating a Markdown code fence around it."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", content)
    start = text.find("{")
    if start < 0:
        reason = "refusal" if _REFUSAL_RE.search(text) else "malformed_json"
        raise _Retryable(reason, "no JSON object in the reply", reply=content)
    candidate = text[start:text.rfind("}") + 1] or text[start:]
    try:
        data = json.loads(candidate)
    except json.JSONDecodeError as exc:
        cut = finish_reason == "length" or exc.pos >= len(candidate.rstrip()) - 1
        if cut:
            raise _Retryable("truncated", str(exc)) from exc
        raise _Retryable("malformed_json", f"the reply is not valid JSON ({exc.msg})",
                         reply=content) from exc
    if finish_reason == "length":
        raise _Retryable("truncated", "the reply hit the token limit")
    if not isinstance(data, dict):
        raise _Retryable("schema", "the reply is not a JSON object", reply=content)
    return data


def _short(value: Any, limit: int = 200) -> str:
    """Error details are stored with scores; keep them readable."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."




def to_result(question: dict[str, Any], answer: str, points: list[RubricPoint],
              reply: dict[str, Any], model: str) -> ScoreResult:
    """Turn a validated reply into a ScoreResult, applying the evidence rules."""
    by_id = {c["id"]: c for c in reply["criteria"]}
    injections = grader_text(answer, reply.get("addressed_to_grader") or [])
    criteria = [_criterion(p, by_id[p.id], answer, injections) for p in points]
    total = weighted_total(criteria)
    feedback = (reply.get("feedback") or "").strip()
    if injections:
        # Text addressed to the grader must not raise the score, whatever the judge did.
        total = lower_for_injection(question, answer, injections, criteria)
        feedback = f"{feedback} Text addressed to the grader was ignored.".strip()
    return ScoreResult(total=total, criteria=criteria, scorer="llm", model=model,
                       feedback=feedback, injection=[e.text for e in injections],
                       prompt_version=PROMPT_VERSION)


MIN_REPORTED_CHARS = 8  # a judge-reported excerpt shorter than this is too vague to act on


def grader_text(answer: str, reported: list[str]) -> list[Excerpt]:
    """Excerpts addressed to the grader: our detector's, and the judge's that are really in
    the answer (compared after normalising)."""
    located = [e for e in (locate(t, answer) for t in reported
                           if len(t.strip()) >= MIN_REPORTED_CHARS) if e is not None]
    return merge(answer, find_addressed(answer), located)


def lower_for_injection(question: dict[str, Any], answer: str, injections: list[Excerpt],
                        criteria: list[CriterionResult]) -> float:
    """Cap each criterion at the offline score of the answer without the grader-directed
    text, then scale the criteria so their weighted mean is at most the offline total; the
    criteria shown and the total then tell the same story. Returns the new total."""
    offline = score_offline(question, blank(answer, injections))
    floor = {c.point_id: c.score for c in offline.criteria}
    for c in criteria:
        if c.score > floor.get(c.point_id, 0.0):
            c.score = round(floor.get(c.point_id, 0.0), 4)
            if c.quote and not c.feedback.endswith("grader."):
                c.feedback = f"{c.feedback} Capped: the answer also addressed the grader.".strip()
    total = weighted_total(criteria)
    if total > offline.total:
        factor = offline.total / total if total else 0.0
        for c in criteria:
            c.score = round(c.score * factor, 4)
        total = min(weighted_total(criteria), offline.total)
    return round(total, 4)


def _criterion(point: RubricPoint, item: dict[str, Any], answer: str,
               injections: list[Excerpt]) -> CriterionResult:
    """One point: the declared scale to 0..1; no valid quote, or only grader-directed text as
    evidence, means 0."""
    score = item["score"] / SCALE_MAX
    feedback = (item.get("feedback") or "").strip()
    quote, why = check_quote(item.get("quote"), answer)
    if quote is not None and _overlaps_injection(answer, quote, injections):
        quote, why = None, "its only evidence is text addressed to the grader"
    if quote is None and score > 0:
        score = 0.0
        feedback = f"{feedback} Not counted: {why}.".strip()
    return CriterionResult(point.id, point.point, point.weight, round(score, 4), quote, feedback)


def _overlaps_injection(answer: str, quote: str, injections: list[Excerpt]) -> bool:
    """True when any occurrence of the quote touches an injection excerpt."""
    start = answer.find(quote)
    while start >= 0:
        end = start + len(quote)
        if any(e.start < end and start < e.end for e in injections):
            return True
        start = answer.find(quote, start + 1)
    return False
