"""Spoken answers: the recording is stored first, transcribed by the worker, and its transcript
becomes editable answer text. The audio is kept only when the candidate opts in, and then
only for SPEECH_RETENTION_DAYS; delivery insights are stored with the recording.

Pages: the item page's "speak your answer" panel (templates/practice/_speech.html, speech.js)
posts the audio here and polls; the result page shows the insights (_delivery.html).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_login import current_user, login_required
from huey import crontab
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from interview.access import get_owned_or_404
from interview.clock import utcnow
from interview.extensions import Model, db, huey
from interview.practice.delivery import delivery_insights, delivery_notes
from interview.practice.models import Attempt, SessionItem
from interview.queue import app_context

if TYPE_CHECKING:
    from interview.scoring.transcribe import STTSettings

log = logging.getLogger(__name__)

SPOKEN_KINDS = ("behavioral", "ask_employer")
AUDIO_TYPES = ("audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav", "audio/x-wav",
               "audio/mp3", "audio/m4a", "audio/x-m4a", "audio/aac", "audio/flac")
EXTENSIONS = {"audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a", "audio/m4a": "m4a",
              "audio/x-m4a": "m4a", "audio/mpeg": "mp3", "audio/mp3": "mp3", "audio/wav": "wav",
              "audio/x-wav": "wav", "audio/aac": "aac", "audio/flac": "flac"}
STATUSES = ("stored", "transcribing", "done", "failed")


class Recording(Model):
    """One spoken answer to an item. `audio` is emptied once transcribed unless kept."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="stored")
    mime: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    duration_seconds: Mapped[float | None]
    keep: Mapped[bool] = mapped_column(default=False)
    audio: Mapped[bytes | None] = mapped_column(LargeBinary)
    transcript: Mapped[str | None] = mapped_column(Text)
    segments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    delivery: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]


class SpeechError(ValueError):
    """A refused recording, with a message for the candidate; `status` is the HTTP code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def stt_settings(config: Any) -> STTSettings | None:
    from interview.scoring.transcribe import STTSettings  # openai loads only when used

    """The transcription server, or None when speaking is off."""
    if not (config.get("STT_BASE_URL") and config.get("STT_MODEL")):
        return None
    return STTSettings(base_url=config["STT_BASE_URL"], model=config["STT_MODEL"],
                       api_key=config.get("STT_API_KEY", ""),
                       timeout=float(config.get("STT_TIMEOUT", 120.0)))


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, n // 1024)} KB"


def _limits() -> tuple[int, int]:
    return current_app.config["SPEECH_MAX_SECONDS"], current_app.config["SPEECH_MAX_BYTES"]


def store_recording(item: SessionItem, audio: bytes, mime: str, duration: float | None,
                    keep: bool) -> Recording:
    """Check and store the upload (flushed); the caller commits, then queues it."""
    max_seconds, max_bytes = _limits()
    if item.attempt is not None:
        raise SpeechError("This question was already submitted.", 409)
    if item.kind not in SPOKEN_KINDS:
        raise SpeechError("Spoken answers are for behavioral and ask-the-employer questions.")
    if stt_settings(current_app.config) is None:
        raise SpeechError("Speaking needs a transcription server (STT_BASE_URL and STT_MODEL); "
                          "type your answer instead.", 409)
    if not audio:
        raise SpeechError("The recording is empty.")
    if len(audio) > max_bytes:
        raise SpeechError(f"The recording is {_size(len(audio))}; the limit is "
                          f"{_size(max_bytes)}. Record a shorter answer.", 413)
    if duration is not None and duration > max_seconds + 2:
        raise SpeechError(f"The recording lasts {duration / 60:.1f} minutes; the limit is "
                          f"{max_seconds // 60} minutes.", 413)
    base = mime.split(";")[0].strip().lower()
    if base not in AUDIO_TYPES:
        raise SpeechError("This is not an audio format the server accepts.", 415)
    days = current_app.config["SPEECH_RETENTION_DAYS"]
    rec = Recording(item_id=item.id, candidate_id=item.candidate_id, mime=base,
                    size_bytes=len(audio), duration_seconds=duration, keep=keep, audio=audio,
                    expires_at=utcnow() + timedelta(days=days) if keep else None)
    db.session.add(rec)
    db.session.flush()
    return rec


def run_transcription(rec: Recording, settings: STTSettings | None) -> None:
    """Transcribe a stored recording (flushes); the audio goes unless the candidate kept it."""
    from interview.scoring.transcribe import TranscriptionError, transcribe

    if settings is None:
        rec.status, rec.error = "failed", "No transcription server is configured."
        return
    if rec.audio is None:
        rec.status, rec.error = "failed", "The recording was deleted before transcription."
        return
    rec.status = "transcribing"
    try:
        result = transcribe(rec.audio, f"answer.{EXTENSIONS.get(rec.mime, 'webm')}", settings)
    except TranscriptionError as exc:
        rec.status = "failed"
        rec.error = {"timeout": "The transcription server did not answer in time.",
                     "connection": "The transcription server cannot be reached.",
                     "empty": "No speech was recognised. Check your microphone and try "
                              "again, or type your answer."}.get(
            exc.reason, f"Transcription failed ({exc.reason}): {exc.message}")
        log.warning("recording %s: transcription failed: %s", rec.id, exc)
    else:
        rec.transcript = result.text
        rec.segments = [{"start": s.start, "end": s.end, "text": s.text}
                        for s in result.segments]
        if rec.duration_seconds is None and result.duration:
            rec.duration_seconds = result.duration
        item = db.session.get_one(SessionItem, rec.item_id)
        rec.delivery = delivery_insights(result.text, rec.duration_seconds, rec.segments,
                                         item.kind, item.time_limit_minutes)
        rec.status = "done"
    if not rec.keep:
        rec.audio = None
    db.session.flush()


@huey.task(retries=1, retry_delay=5)
def transcribe_task(recording_id: int) -> None:
    with app_context():
        rec = db.session.get(Recording, recording_id)
        if rec is None or rec.status in ("done", "failed"):
            return
        run_transcription(rec, stt_settings(current_app.config))
        db.session.commit()


@huey.periodic_task(crontab(minute="17"))
def expire_recordings_task() -> None:
    with app_context():
        expire_recordings()
        db.session.commit()


def expire_recordings(now: datetime | None = None) -> int:
    """Delete kept audio past its retention date (the transcript and insights stay)."""
    now = now or utcnow()
    rows = db.session.scalars(db.select(Recording).where(
        Recording.audio.is_not(None), Recording.expires_at.is_not(None),
        Recording.expires_at < now)).all()
    for rec in rows:
        rec.audio, rec.keep = None, False
    db.session.flush()
    return len(rows)


def latest_for_item(item_id: int) -> Recording | None:
    return db.session.scalars(db.select(Recording).where(
        Recording.item_id == item_id, Recording.status == "done").order_by(
        Recording.id.desc()).limit(1)).first()


def delivery_for(attempt: Attempt) -> dict[str, Any] | None:
    """For the result page: the spoken answer's insights, against the text as submitted."""
    rec = latest_for_item(attempt.item_id)
    if rec is None:
        return None
    item = attempt.item
    data = delivery_insights(attempt.answer, rec.duration_seconds, rec.segments, item.kind,
                             item.time_limit_minutes)
    return {"recording": rec, "data": data, "notes": delivery_notes(data),
            "edited": (rec.transcript or "").strip() not in (attempt.answer or "")}


# ---- pages -------------------------------------------------------------------------------
bp = Blueprint("speech", __name__, url_prefix="/practice")


@bp.url_value_preprocessor
def _audio_body_limit(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """The upload route alone accepts bodies up to the audio limit. URL preprocessors run
    before any before_request hook, so the CSRF check's form parsing already sees it."""
    if endpoint == "speech.upload":
        request.max_content_length = current_app.config["SPEECH_MAX_BYTES"] + 64 * 1024


def speaking_history(user_id: int, limit: int = 12) -> list[dict[str, Any]]:
    """For the history page: how the candidate's recent spoken answers went, oldest first,
    so pace, filler words and "I" against "we" can be followed over time."""
    rows = db.session.scalars(
        db.select(Recording).where(Recording.candidate_id == user_id,
                                   Recording.status == "done",
                                   Recording.delivery.is_not(None))
        .order_by(Recording.created_at.desc(), Recording.id.desc()).limit(limit)).all()
    return [{"at": r.created_at, **(r.delivery or {})} for r in reversed(rows)]


@bp.app_context_processor
def _speech_globals() -> dict[str, Any]:
    return {"delivery_for": delivery_for, "speech_enabled": lambda: stt_settings(
        current_app.config) is not None, "SPOKEN_KINDS": SPOKEN_KINDS,
        "speaking_history": speaking_history}


def _refuse(message: str, status: int) -> tuple[Response, int]:
    return jsonify(error=message), status


@bp.post("/items/<int:iid>/recordings")
@login_required
def upload(iid: int):
    """Store the audio, then queue its transcription; the page polls the status URL."""
    item = get_owned_or_404(db.session.get(SessionItem, iid), current_user)
    max_bytes = _limits()[1]
    if (request.content_length or 0) > max_bytes + 64 * 1024:
        return _refuse(f"The recording is larger than the limit of {_size(max_bytes)}. "
                       "Record a shorter answer.", 413)
    upload = request.files.get("audio")
    try:
        duration = float(request.form["duration"]) if request.form.get("duration") else None
    except ValueError:
        duration = None
    try:
        audio = upload.read(max_bytes + 1) if upload else b""
        if upload:
            upload.close()
        rec = store_recording(item, audio, (upload.mimetype if upload else "") or "",
                              duration, request.form.get("keep") == "1")
    except SpeechError as exc:
        return _refuse(str(exc), exc.status)
    db.session.commit()  # stored before the worker can look for it
    try:
        transcribe_task(rec.id)
    except Exception:  # the audio is stored; a broken queue must not 500 the upload
        log.exception("could not queue recording %s", rec.id)
    return jsonify(id=rec.id, url=url_for(".status", recording_id=rec.id)), 202


@bp.get("/recordings/<int:recording_id>")
@login_required
def status(recording_id: int):
    rec = get_owned_or_404(db.session.get(Recording, recording_id), current_user)
    return jsonify(status=rec.status, transcript=rec.transcript if rec.status == "done" else None,
                   error=rec.error, kept=rec.audio is not None)


@bp.get("/recordings/<int:recording_id>/audio")
@login_required
def audio(recording_id: int):
    rec = get_owned_or_404(db.session.get(Recording, recording_id), current_user)
    if rec.audio is None:
        abort(404)
    return Response(rec.audio, mimetype=rec.mime, headers={
        "Content-Disposition": "inline", "Cache-Control": "private, no-store"})


@bp.post("/recordings/<int:recording_id>/delete")
@login_required
def delete(recording_id: int):
    """Delete the kept audio now (the transcript and insights stay)."""
    rec = get_owned_or_404(db.session.get(Recording, recording_id), current_user)
    rec.audio, rec.keep, rec.expires_at = None, False, None
    if request.accept_mimetypes.best == "application/json":
        return jsonify(deleted=True)
    flash("Your recording was deleted.", "success")
    attempt = db.session.scalars(db.select(Attempt).where(
        Attempt.item_id == rec.item_id)).first()
    if attempt is not None:
        return redirect(url_for("practice.result", aid=attempt.id))
    return redirect(url_for("practice.item", iid=rec.item_id))
