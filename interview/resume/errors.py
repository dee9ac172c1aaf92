"""Errors the resume package raises with messages meant for the end user."""


class ResumeError(ValueError):
    """A user-facing problem: bad upload, text too long, unknown role or level."""


class RoleError(ResumeError):
    """A role profile file is invalid; the message names the file and the field."""


class FormError(ResumeError):
    """Problems keyed by field name ("jd", "experience"...); "" is for the whole form."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k or 'form'}: {m}" for k, ms in errors.items() for m in ms))
        self.errors = errors
