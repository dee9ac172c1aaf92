"""Sandboxed runner for candidates' coding answers (see README.md in this folder)."""

from .runner import Limits, isolation_mode, render_verdict, run_submission

__all__ = ["Limits", "isolation_mode", "render_verdict", "run_submission"]
