"""What the dashboard shows; each capability adds its part when it exists."""

from __future__ import annotations

from typing import Any

from interview.accounts.models import User


def dashboard_context(user: User) -> dict[str, Any]:
    """Plain data for `dashboard.html`."""
    from interview.bank.services import bank_counts

    return {"counts": bank_counts()}
