"""Building blocks for the expected table: one outcome per role, in ROLES order.

Outcomes: "ok" (the view ran: 2xx, a redirect that is not to sign-in, or a validation refusal
400/409/413/422), "login" (redirect to sign-in), "401", "403", "404".
"""

from __future__ import annotations

ROLES = ("anon", "cand_a", "cand_b", "coach_a", "coach_b", "admin")


def row(*outcomes: str) -> dict[str, str]:
    assert len(outcomes) == len(ROLES)
    return dict(zip(ROLES, outcomes, strict=True))


PUBLIC = row("ok", "ok", "ok", "ok", "ok", "ok")
SIGNED_IN = row("login", "ok", "ok", "ok", "ok", "ok")
# A's own practice data: only A (practice pages hide it from everyone else, admins included).
OWN_A = row("login", "ok", "404", "404", "404", "404")
# Any coach (or admin) may open; candidates are refused by role.
COACHES = row("login", "403", "403", "ok", "ok", "ok")
# Objects owned by A's coach, or A's data seen through A's coach's cohort.
COACH_A_OBJECT = row("login", "403", "403", "ok", "404", "ok")
ADMINS = row("login", "403", "403", "403", "403", "ok")
# A's cohort membership and assignments: only A.
A_AS_MEMBER = row("login", "ok", "404", "404", "404", "404")
TOKEN_ONLY = row("401", "401", "401", "401", "401", "401")
