"""Sending the password-reset email: by SMTP when MAIL_SERVER is set, else to the log.

With no mail server (a laptop, the tests) the link is written to the server log at WARNING,
where the person running the app can find it; `flask users reset-link EMAIL` prints one too.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for

from interview.accounts.services import RESET_MINUTES


def reset_link(token: str) -> str:
    """The absolute link; outside a request it is built on BASE_URL."""
    if has_request_context():
        return url_for("accounts.reset_password", token=token, _external=True)
    base = current_app.config.get("BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base):
        return url_for("accounts.reset_password", token=token, _external=True)


def send_reset(email: str, link: str) -> None:
    """Email the link, or log it when no mail server is configured."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.warning("Password reset link for %s (no MAIL_SERVER set): %s",
                                   email, link)
        return
    message = EmailMessage()
    message["Subject"] = "Reset your interview practice password"
    message["From"] = config.get("MAIL_FROM") or "no-reply@localhost"
    message["To"] = email
    message.set_content(
        "Someone (we hope you) asked to reset the password of this account.\n\n"
        f"Open this link within {RESET_MINUTES} minutes to choose a new password:\n{link}\n\n"
        "The link works once. If you did not ask for it, ignore this email: your password "
        "stays as it is.\n")
    port = int(config.get("MAIL_PORT") or 587)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], port, timeout=10) as smtp:
            if config.get("MAIL_USE_TLS", True):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # The page says the same either way; the operator sees why the mail did not leave.
        current_app.logger.exception("Could not send the password-reset email to %s", email)
