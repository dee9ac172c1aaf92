"""The bank's check that coding tests have teeth, run through the real sandbox."""

from __future__ import annotations

from typing import Any

from interview.sandbox.runner import Limits, run_submission

# The bank's own reviewed solutions, not a candidate's: they may run without bubblewrap.
CHECK_LIMITS = Limits(cpu_seconds=10, wall_seconds=20.0, allow_unisolated=True)


def _first_failure(verdict: dict[str, Any]) -> str:
    failing = next((t for t in verdict.get("tests", []) if t["status"] != "passed"), None)
    return f"; first failing: {failing['name']}: {failing['message']}" if failing else ""


def teeth_problems(question: dict[str, Any]) -> list[str]:
    """The reference must pass every test; each wrong solution must fail at least one."""
    coding = question["coding"]
    problems = []
    verdict = run_submission(coding["reference"], coding, include_hidden=True,
                             limits=CHECK_LIMITS)
    if verdict["status"] != "passed":
        problems.append(f"the reference solution does not pass its tests ({verdict['status']}: "
                        f"{verdict.get('message', '')}{_first_failure(verdict)})")
    for i, wrong in enumerate(coding["wrong_solutions"]):
        verdict = run_submission(wrong["code"], coding, include_hidden=True, limits=CHECK_LIMITS)
        if verdict["status"] == "passed":
            problems.append(f"wrong_solutions.{i} ({wrong['why']}) passes every test: "
                            "the tests have no teeth")
    return problems
