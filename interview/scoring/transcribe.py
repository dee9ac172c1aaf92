"""Speech to text through any OpenAI-compatible `/audio/transcriptions` endpoint.

Plain bytes and settings in, a `Transcript` out: a local Whisper server (faster-whisper-server,
whisper.cpp's server) or a hosted one. Asks for `verbose_json` first, for segment timestamps
(pauses); a server that refuses it is asked again for plain JSON. Failures raise
`TranscriptionError` with a short `reason` (timeout, connection, http_<status>, empty,
bad_response). No Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import openai


@dataclass(frozen=True)
class STTSettings:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 120.0
    language: str = "en"


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass
class Transcript:
    text: str
    segments: list[Segment] = field(default_factory=list)
    duration: float | None = None


class TranscriptionError(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _parse(reply: Any) -> Transcript:
    if isinstance(reply, str):
        return Transcript(text=reply.strip())
    text = _get(reply, "text")
    if not isinstance(text, str):
        raise TranscriptionError("bad_response", "the reply has no text")
    segments = []
    for seg in _get(reply, "segments") or []:
        try:
            segments.append(Segment(float(_get(seg, "start")), float(_get(seg, "end")),
                                    str(_get(seg, "text") or "").strip()))
        except (TypeError, ValueError):
            continue
    duration = _get(reply, "duration")
    try:
        duration = float(duration) if duration is not None else None
    except (TypeError, ValueError):
        duration = None
    return Transcript(text=text.strip(), segments=segments, duration=duration)


def transcribe(audio: bytes, filename: str, settings: STTSettings) -> Transcript:
    """The words spoken in `audio`; raises TranscriptionError, never anything else."""
    client = openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key or "none",
                           timeout=settings.timeout, max_retries=0)
    last: Exception | None = None
    for response_format in ("verbose_json", "json"):
        try:
            reply = client.audio.transcriptions.create(
                model=settings.model, file=(filename, audio),
                response_format=response_format,
                language=settings.language)
        except openai.APITimeoutError as exc:
            raise TranscriptionError("timeout", f"no reply within {settings.timeout:g} s") \
                from exc
        except openai.APIConnectionError as exc:
            raise TranscriptionError("connection", "the transcription server cannot be "
                                     "reached") from exc
        except openai.BadRequestError as exc:  # e.g. verbose_json not supported: ask again
            last = exc
            continue
        except openai.APIStatusError as exc:
            raise TranscriptionError(f"http_{exc.status_code}",
                                     str(exc.message)[:200]) from exc
        except Exception as exc:  # a broken reply must not crash the worker
            raise TranscriptionError("bad_response", f"{type(exc).__name__}: {exc}"[:200]) \
                from exc
        transcript = _parse(reply)
        if not transcript.text:
            raise TranscriptionError("empty", "no speech was recognised in the recording")
        return transcript
    raise TranscriptionError("http_400", str(getattr(last, "message", last))[:200])
