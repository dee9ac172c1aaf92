"""Open practice items for one user, written to a file (the submission benchmark's targets).

Run with the app's environment: `python bench/open_items.py EMAIL COUNT OUTFILE`. Each id is
an unanswered item, so each POST in the benchmark is a real first submission.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from interview import create_app
from interview.accounts.models import User
from interview.bank.models import Question
from interview.extensions import db
from interview.practice.services import start_session

PER_SESSION = 10


def open_items(email: str, count: int) -> list[int]:
    user = db.session.scalar(select(User).where(User.email == email))
    qids = list(db.session.scalars(select(Question.id).where(
        Question.retired.is_(False), Question.kind != "coding").order_by(Question.id)))
    ids: list[int] = []
    while len(ids) < count:
        chunk = [qids[(len(ids) + i) % len(qids)] for i in range(PER_SESSION)]
        session = start_session(user, chunk, source="pick", title="Benchmark")
        ids += [item.id for item in session.items]
    return ids[:count]


def main() -> None:
    email, count, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    with create_app().app_context():
        ids = open_items(email, count)
    out.write_text("\n".join(map(str, ids)) + "\n")


if __name__ == "__main__":
    main()
