"""The app's door to the sandbox: limits from the config in, the engine's verdict out."""

from __future__ import annotations

from typing import Any

from flask import current_app

from interview.sandbox.runner import Limits, run_submission


def limits_from_config() -> Limits:
    cfg = current_app.config
    return Limits(cpu_seconds=cfg["SANDBOX_CPU_SECONDS"], wall_seconds=cfg["SANDBOX_WALL_SECONDS"],
                  memory_mb=cfg["SANDBOX_MEMORY_MB"])


def run_for_question(code: str, coding: dict[str, Any], include_hidden: bool) -> dict[str, Any]:
    """Run `code` against a coding question's tests (examples only when not include_hidden)."""
    # Code pasted from web pages and rich editors often carries no-break spaces, which
    # Python rejects; a candidate means ordinary spaces.
    code = code.replace("\u00a0", " ")
    return run_submission(code, coding, include_hidden=include_hidden,
                          limits=limits_from_config())
