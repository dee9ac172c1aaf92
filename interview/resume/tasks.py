"""The worker reads uploaded resumes: parsing never runs in a web process."""

from __future__ import annotations

import logging

from flask import current_app

from interview.extensions import db, huey
from interview.queue import app_context
from interview.resume import reading
from interview.resume.models import ResumeUpload
from interview.resume.roles import DEFAULT_BANK_DIR, cached_roles

log = logging.getLogger(__name__)


@huey.task()
def read_upload_task(upload_id: int) -> None:
    with app_context():
        upload = db.session.get(ResumeUpload, upload_id)
        if upload is None or upload.status != "queued":
            return
        roles = cached_roles(current_app.config["BANK_DIR"] or DEFAULT_BANK_DIR)
        reading.read_upload(upload, roles)
        db.session.commit()
