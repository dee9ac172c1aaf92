"""Diagrams in Chromium: the palette writes a Mermaid flowchart, the preview draws it as SVG
under the strict CSP, and the result page draws it again. No CSP errors on the console."""

from __future__ import annotations

import pytest

from interview.accounts.services import create_user
from interview.bank.services import load_bank
from interview.extensions import db
from interview.practice import services
from tests.browser.conftest import sign_in
from tests.conftest import FIXTURE_BANK, PASSWORD

pytestmark = pytest.mark.browser


def start_item(app, email: str, question_id: str) -> int:
    """A session with one question; the id of its first item."""
    with app.app_context():
        load_bank(FIXTURE_BANK)
        user = create_user(email, PASSWORD)
        session = services.start_session(user, [question_id], source="pick")
        db.session.commit()
        return session.items[0].id


def watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text} @ {m.location}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    return messages


def csp_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m
            or m.startswith("pageerror")]


def test_palette_builds_a_diagram_that_renders_without_csp_errors(page, live_server, live_app):
    iid = start_item(live_app, "sd@example.com", "sd-example-news-feed")
    messages = watch_console(page)
    sign_in(page, live_server.url, "sd@example.com")
    page.goto(f"{live_server.url}/practice/items/{iid}")
    page.fill("#answer", "We rank posts with a two-stage system.")
    page.click("[data-part=client]")
    page.click("[data-part=api]")
    page.click("[data-part=feature_store]")
    page.select_option("#diagram-from", "client")
    page.select_option("#diagram-to", "api")
    page.fill("#diagram-label", "sends requests")
    page.click("#diagram-connect")
    page.select_option("#diagram-from", "api")
    page.select_option("#diagram-to", "feature_store")
    page.fill("#diagram-label", "reads from")
    page.click("#diagram-connect")
    text = page.input_value("#answer")
    assert "```mermaid\nflowchart LR\n" in text
    assert "  client -->|sends requests| api\n" in text
    page.wait_for_selector("#diagram-preview svg .node", timeout=20_000)
    assert page.locator("#diagram-preview svg .node").count() == 3
    labels = page.inner_text("#diagram-preview")
    assert "Feature store" in labels and "reads from" in labels
    # The diagram is answer text: autosave keeps it.
    page.locator("#save-status", has_text="Draft saved").wait_for(timeout=10_000)
    page.reload()
    assert "client -->|sends requests| api" in page.input_value("#answer")
    page.wait_for_selector("#diagram-preview svg .node", timeout=20_000)

    # A broken diagram says so instead of drawing.
    page.fill("#answer", "```mermaid\nflowchart LR\n  a[[[ --> \n```\n")
    page.wait_for_selector("#diagram-preview .error", timeout=10_000)
    page.fill("#answer", text)
    page.wait_for_selector("#diagram-preview svg .node", timeout=20_000)
    page.screenshot(path="tests/artifacts/diagram-editor.png", full_page=True)

    page.click("#submit")
    page.wait_for_url("**/practice/attempts/*")
    page.wait_for_selector("#score", timeout=20_000)
    page.wait_for_selector("#answer-diagram svg .node", timeout=20_000)
    assert page.locator("#answer-diagram svg .node").count() == 3
    page.screenshot(path="tests/artifacts/diagram-result.png", full_page=True)
    assert csp_errors(messages) == [], messages
