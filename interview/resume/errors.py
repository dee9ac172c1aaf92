"""Errors the resume package raises with messages meant for the end user."""


class ResumeError(ValueError):
    """A user-facing problem: bad upload, text too long, unknown role or level."""


class RoleError(ResumeError):
    """A role profile file is invalid; the message names the file and the field."""
