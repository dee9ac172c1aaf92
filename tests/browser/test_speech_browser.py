"""Speak your answer in Chromium with its fake microphone: record, stop, send, and the
transcript from a fake transcription server lands in the answer box; then the result page
shows the delivery insights. No CSP errors on the console."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, sign_in
from tests.browser.test_diagram_browser import csp_errors, start_item, watch_console
from tests.fake_stt import FakeSTTServer, stt_ok

pytestmark = pytest.mark.browser
MEDIA_FLAGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
               "--autoplay-policy=no-user-gesture-required"]
SPOKEN = ("Um, in my last team I noticed the churn model had drifted, so I traced it to a "
          "broken join, and we retrained it, you know, within a week.")


@pytest.fixture
def mic_page(pw, request):
    """A Chromium of its own with the fake microphone (the shared one has no media flags)."""
    browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                 args=CHROMIUM_FLAGS + MEDIA_FLAGS)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.screenshot(path=f"tests/artifacts/{request.node.name}.png", full_page=True)
    browser.close()


def test_record_send_and_get_a_transcript(mic_page, live_server, live_app):
    page = mic_page
    with FakeSTTServer() as stt:
        stt.enqueue(stt_ok(SPOKEN, [{"start": 0.0, "end": 1.0, "text": "Um, in my last team"},
                                    {"start": 4.5, "end": 6.0, "text": "we retrained it"}]))
        live_app.config.update(STT_BASE_URL=stt.url, STT_MODEL="whisper-1", STT_TIMEOUT=10)
        iid = start_item(live_app, "talk@example.com", "beh-example-silent-drift")
        messages = watch_console(page)
        sign_in(page, live_server.url, "talk@example.com")
        page.goto(f"{live_server.url}/practice/items/{iid}")
        page.click("#speech-record")
        expect(page.locator("#speech-timer")).not_to_have_text("0:00", timeout=10_000)
        levels = []
        for _ in range(40):  # the fake microphone plays a beep: the meter moves
            levels.append(page.evaluate("() => document.getElementById('speech-level').value"))
            if max(levels) > 0:
                break
            page.wait_for_timeout(100)
        assert max(levels) > 0
        page.screenshot(path="tests/artifacts/speech-recording.png", full_page=True)
        page.click("#speech-stop")
        page.wait_for_selector("#speech-review:not([hidden])")
        assert "Recorded" in page.inner_text("#speech-summary")
        page.check("#speech-keep")
        page.click("#speech-send")
        expect(page.locator("#answer")).to_have_value(re.compile("churn model"), timeout=20_000)
        assert "Transcript added" in page.inner_text("#speech-status")
        assert stt.requests and stt.requests[0]["has_file"]
        page.screenshot(path="tests/artifacts/speech-transcript.png", full_page=True)
        page.click("#submit")
        page.wait_for_url("**/practice/attempts/*")
        page.wait_for_selector("#score", timeout=20_000)
        delivery = page.inner_text("#delivery")
        assert "filler words" in delivery and "pause(s)" in delivery
        assert page.locator("#delete-recording").count() == 1
        page.screenshot(path="tests/artifacts/speech-result.png", full_page=True)
        page.click("#delete-recording")
        page.wait_for_selector("text=Your recording was deleted.")
        assert page.locator("#delete-recording").count() == 0
    assert csp_errors(messages) == [], messages
