"""Spoken answers: the transcription engine against a fake server, the upload, its limits,
storage and retention, and the delivery insights shown with the result."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from werkzeug.test import EnvironBuilder

from interview import transaction
from interview.clock import utcnow
from interview.extensions import db
from interview.practice import services
from interview.practice.delivery import delivery_insights, delivery_notes
from interview.practice.speech import Recording, expire_recordings
from interview.scoring.transcribe import STTSettings, TranscriptionError, transcribe
from tests.fake_stt import DEFAULT_TEXT, FakeSTTServer, stt_ok, stt_slow, stt_status

AUDIO = b"\x1aE\xdf\xa3" + b"\x00" * 2048  # the start of a WebM file, enough for the fake
SEGMENTS = [{"id": 0, "start": 0.0, "end": 3.0, "text": "Um, I led the fix."},
            {"id": 1, "start": 7.5, "end": 10.0, "text": "We retrained it."}]


@pytest.fixture
def stt():
    with FakeSTTServer() as server:
        yield server


def settings(server, timeout: float = 5.0) -> STTSettings:
    return STTSettings(base_url=server.url, model="whisper-1", api_key="", timeout=timeout)


# ---- the engine ---------------------------------------------------------------------------

def test_transcribes_with_segments(stt):
    stt.enqueue(stt_ok("Um, I led the fix. We retrained it.", SEGMENTS))
    result = transcribe(AUDIO, "answer.webm", settings(stt))
    assert result.text == "Um, I led the fix. We retrained it."
    assert [(s.start, s.end) for s in result.segments] == [(0.0, 3.0), (7.5, 10.0)]
    assert result.duration == 10.0
    assert stt.requests[0]["format"] == "verbose_json" and stt.requests[0]["has_file"]


def test_server_without_verbose_json_is_asked_again_for_plain_json():
    with FakeSTTServer(verbose=False) as server:
        result = transcribe(AUDIO, "answer.webm", settings(server))
        assert result.text == DEFAULT_TEXT and result.segments == []
        assert [r["format"] for r in server.requests] == ["verbose_json", "json"]


def test_slow_server_times_out(stt):
    stt.enqueue(stt_slow(3))
    with pytest.raises(TranscriptionError) as err:
        transcribe(AUDIO, "answer.webm", settings(stt, timeout=0.5))
    assert err.value.reason == "timeout"


def test_server_error_is_reported(stt):
    stt.enqueue(stt_status(500))
    with pytest.raises(TranscriptionError) as err:
        transcribe(AUDIO, "answer.webm", settings(stt))
    assert err.value.reason == "http_500"


def test_empty_transcript_is_an_error(stt):
    stt.enqueue(stt_ok("   "))
    with pytest.raises(TranscriptionError) as err:
        transcribe(AUDIO, "answer.webm", settings(stt))
    assert err.value.reason == "empty"


def test_unreachable_server():
    gone = STTSettings(base_url="http://127.0.0.1:9/v1", model="m", timeout=2)
    with pytest.raises(TranscriptionError) as err:
        transcribe(AUDIO, "answer.webm", gone)
    assert err.value.reason == "connection"


# ---- delivery insights --------------------------------------------------------------------

def test_delivery_insights_count_pace_fillers_pauses_and_i_versus_we():
    text = "Um, I led the fix and, like, I checked it. You know, we retrained it. Uh, I learned."
    d = delivery_insights(text, 60.0, SEGMENTS, "behavioral", 5)
    assert d["words"] == 18 and d["words_per_minute"] == 18 and d["pace"] == "slow"
    assert d["fillers"] == {"um": 1, "uh": 1, "like": 1, "you know": 1}
    assert d["long_pauses"] == 1 and d["longest_pause"] == 4.5
    assert (d["i_count"], d["we_count"], d["i_share"]) == (3, 1, 0.75)
    assert d["time_box_share"] == 0.2
    notes = " ".join(delivery_notes(d))
    assert "18 words a minute" in notes and "4 filler words" in notes
    assert "1 pause(s)" in notes and "(75% I)" in notes and "of the question's 5 minutes" in notes


def test_delivery_without_segments_estimates_silence_and_skips_i_we_for_other_kinds():
    d = delivery_insights("I would like to know how you retrain models.", 30.0, None,
                          "ask_employer", 3)
    assert d["fillers"] == {} and d["pauses_from"] == "duration"
    assert d["silent_seconds_estimate"] > 20 and "i_share" not in d


# ---- pages --------------------------------------------------------------------------------

@pytest.fixture
def spoken(app, bank, make_user, login, stt):
    app.config.update(STT_BASE_URL=stt.url, STT_MODEL="whisper-1", STT_TIMEOUT=5)
    user = make_user()
    session = services.start_session(user, ["beh-example-silent-drift"])
    transaction.commit()
    client = login(user)
    item = session.items[0]
    client.get(f"/practice/items/{item.id}")
    return client, item


def upload(client, item, audio=AUDIO, **form):
    data = {"audio": (io.BytesIO(audio), "answer.webm", "audio/webm"), "duration": "60",
            "keep": "0", **form}
    builder = EnvironBuilder(path=f"/practice/items/{item.id}/recordings", method="POST",
                             data=data, headers={"Accept": "application/json"})
    environ = builder.get_environ()
    try:  # closed here: a large body is spooled to a temporary file
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def test_upload_is_stored_transcribed_and_the_audio_dropped(spoken, stt):
    client, item = spoken
    stt.enqueue(stt_ok("Um, I traced the drift to a broken join and we retrained.", SEGMENTS))
    response = upload(client, item)
    assert response.status_code == 202, response.text
    status = client.get(response.json["url"]).json
    assert status["status"] == "done" and status["kept"] is False
    assert status["transcript"].startswith("Um, I traced the drift")
    rec = db.session.get(Recording, response.json["id"])
    assert rec.audio is None and rec.delivery["fillers"] == {"um": 1}
    # The transcript becomes the answer; the result page shows how it was spoken.
    client.post(f"/practice/items/{item.id}/submit", data={"answer": status["transcript"]})
    attempt = db.session.get_one(type(item), item.id).attempt
    page = client.get(f"/practice/attempts/{attempt.id}").text
    assert "How you spoke" in page and "filler words" in page and "Delete recording" not in page
    history = client.get("/practice/history").text  # and over time, on the history page
    assert "How your speaking changed" in history
    assert f"<td>{rec.delivery['words_per_minute']} " in history


def test_kept_recording_can_be_played_deleted_and_expires(spoken, stt):
    client, item = spoken
    rid = upload(client, item, keep="1").json["id"]
    assert client.get(f"/practice/recordings/{rid}/audio").data == AUDIO
    rec = db.session.get(Recording, rid)
    assert rec.keep and rec.expires_at > utcnow() + timedelta(days=29)
    client.post(f"/practice/items/{item.id}/submit", data={"answer": rec.transcript})
    attempt_id = db.session.get_one(type(item), item.id).attempt.id
    assert "Delete recording" in client.get(f"/practice/attempts/{attempt_id}").text
    assert client.post(f"/practice/recordings/{rid}/delete").status_code == 302
    assert client.get(f"/practice/recordings/{rid}/audio").status_code == 404
    rid2 = upload(client, item, keep="1").status_code  # already submitted: refused
    assert rid2 == 409
    other = Recording(item_id=item.id, candidate_id=item.candidate_id, mime="audio/webm",
                      size_bytes=3, audio=b"abc", keep=True,
                      expires_at=utcnow() - timedelta(minutes=1))
    db.session.add(other)
    db.session.flush()
    assert expire_recordings() == 1 and other.audio is None


def test_failures_are_explained(spoken, stt):
    client, item = spoken
    stt.enqueue(stt_ok(""))
    status = client.get(upload(client, item).json["url"]).json
    assert status["status"] == "failed" and "No speech was recognised" in status["error"]
    stt.enqueue(stt_status(503))
    status = client.get(upload(client, item).json["url"]).json
    assert status["status"] == "failed" and "503" in status["error"]


def test_audio_over_the_limits_is_refused(spoken, app, stt):
    client, item = spoken
    app.config["SPEECH_MAX_BYTES"] = 4096
    response = upload(client, item, audio=b"\x00" * 5000)
    assert response.status_code == 413 and "limit is 0 MB" not in response.json["error"]
    assert "Record a shorter answer" in response.json["error"]
    response = upload(client, item, audio=b"\x00" * 200_000)  # past the body limit itself
    assert response.status_code == 413
    app.config["SPEECH_MAX_BYTES"] = 25 * 1024 * 1024
    response = upload(client, item, duration="900")
    assert response.status_code == 413 and "limit is 10 minutes" in response.json["error"]
    big = upload(client, item, audio=b"\x00" * (3 * 1024 * 1024))  # above the app's 2 MiB
    assert big.status_code == 202
    assert db.session.scalar(db.select(db.func.count()).select_from(Recording)) == 1
    assert stt.requests and len(stt.requests) == 1


def test_without_a_server_the_page_offers_typing(app, bank, make_user, login):
    user = make_user()
    session = services.start_session(user, ["beh-example-silent-drift"])
    transaction.commit()
    client = login(user)
    item = session.items[0]
    page = client.get(f"/practice/items/{item.id}").text
    assert "needs a transcription server" in page and "speech.js" not in page
    assert upload(client, item).status_code == 409


def test_other_candidates_cannot_see_a_recording(spoken, make_user, login, app):
    client, item = spoken
    rid = upload(client, item, keep="1").json["id"]
    other = make_user()
    client.get("/logout")
    intruder = login(other)
    assert intruder.get(f"/practice/recordings/{rid}").status_code == 404
    assert intruder.get(f"/practice/recordings/{rid}/audio").status_code == 404
    assert upload(intruder, item).status_code == 404


def test_large_upload_passes_the_csrf_check_under_the_routes_own_limit(spoken, app):
    client, item = spoken
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/practice/items/{item.id}").text
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    data = {"audio": (io.BytesIO(b"\x00" * (3 * 1024 * 1024)), "answer.webm", "audio/webm"),
            "duration": "60"}
    builder = EnvironBuilder(path=f"/practice/items/{item.id}/recordings", method="POST",
                             data=data, headers={"Accept": "application/json",
                                                 "X-CSRFToken": token})
    environ = builder.get_environ()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()
    assert response.status_code == 202, response.text
    # Elsewhere the app's own limit still holds.
    big = client.post(f"/practice/items/{item.id}/draft", data={"answer": "x" * (3 << 20)},
                      headers={"X-CSRFToken": token})
    assert big.status_code == 413
