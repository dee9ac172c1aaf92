"""Sessions, timers, drafts and submission. Plain functions: no request objects here.

The path of an answer: `submit` stores the attempt in one transaction, then queues scoring;
it never waits for the scorer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload, selectinload

from interview.accounts.models import User
from interview.bank.models import Question
from interview.clock import utcnow
from interview.extensions import db
from interview.practice.models import Attempt, Draft, PracticeSession, SessionItem
from interview.practice.tasks import enqueue_scoring
from interview.transaction import after_commit

PICK_MAX = 10  # questions in one picked session
TIME_UP_CHOICES = ("late", "submit")  # at zero: keep writing (marked late) or submit
AUTO_SUBMIT_GRACE = timedelta(seconds=15)  # an automatic submission's trip to the server


class PracticeError(ValueError):
    """A rule about practice was broken; the message is safe to show."""


def _versions(question_ids: Iterable[str]) -> list[Question]:
    ids = list(question_ids)
    found = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_(ids), Question.retired.is_(False)))}
    missing = [qid for qid in ids if qid not in found]
    if missing:
        raise PracticeError(f"Unknown or retired question(s): {', '.join(missing)}")
    return [found[qid] for qid in ids]


def _current_version_id(question: Question) -> int:
    if question.current_version_id is None:
        raise PracticeError(f"Question {question.id} has no published version.")
    return question.current_version_id


def start_session(user: User, question_ids: Sequence[str], source: str = "pick",
                  title: str | None = None, time_limits: dict[str, int] | None = None,
                  assignment_id: int | None = None,
                  version_ids: Sequence[int] | None = None) -> PracticeSession:
    """A new session over these questions, in this order, pinned to their current versions
    (or to `version_ids`, one per question, when a coach's set pinned older ones)."""
    if not question_ids:
        raise PracticeError("Choose at least one question.")
    questions = _versions(question_ids)
    pinned = list(version_ids or [_current_version_id(q) for q in questions])
    session = PracticeSession(candidate_id=user.id, source=source, assignment_id=assignment_id,
                              title=title or questions[0].title)
    db.session.add(session)
    limits = time_limits or {}
    for position, question in enumerate(questions):
        db.session.add(SessionItem(
            session=session, candidate_id=user.id, position=position,
            question_version_id=pinned[position],
            time_limit_minutes=limits.get(question.id, question.time_limit_minutes)))
    db.session.flush()
    return session


def open_item(item: SessionItem, now: datetime | None = None) -> SessionItem:
    """Start the clock the first time the candidate sees the question; reloads keep it."""
    if item.started_at is None:
        item.started_at = now or utcnow()
        item.deadline_at = item.started_at + timedelta(minutes=item.time_limit_minutes)
        db.session.flush()
    return item


def _clock(item: SessionItem) -> tuple[datetime, datetime]:
    """When an opened item was started and is due."""
    if item.started_at is None or item.deadline_at is None:
        raise PracticeError("This question was never opened.")  # open_item sets both
    return item.started_at, item.deadline_at


def seconds_left(item: SessionItem, now: datetime | None = None) -> int | None:
    if item.deadline_at is None:
        return None
    return int((item.deadline_at - (now or utcnow())).total_seconds())


def get_draft(item: SessionItem) -> Draft | None:
    return db.session.scalar(select(Draft).where(Draft.item_id == item.id))


DRAFT_FACTOR = 4  # a draft may hold this many times the answer limit: nothing is cut


def check_answer_size(text: str, limit: int) -> None:
    if len(text) > limit:
        raise PracticeError(f"The answer is {len(text):,} characters; the limit is "
                            f"{limit:,}. Your whole text is kept as a draft: shorten it and "
                            "submit again.")


def visible(text: str) -> str:
    """The text without white space and invisible format characters (zero-width spaces,
    joiners, byte-order marks): what is left is what a reader would see."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def save_draft(item: SessionItem, text: str, limit: int) -> Draft:
    """Keep the latest text (last write wins). Drafts after submission are ignored."""
    if item.attempt is not None:
        raise PracticeError("This question is already submitted; the draft was not changed.")
    if len(text) > limit * DRAFT_FACTOR:
        raise PracticeError(f"The draft is {len(text):,} characters; drafts keep at most "
                            f"{limit * DRAFT_FACTOR:,}.")
    draft = get_draft(item) or Draft(item_id=item.id)
    draft.text, draft.updated_at = text, utcnow()
    db.session.add(draft)
    db.session.flush()
    return draft


def time_up_choice(user: User) -> str:
    return user.on_time_up if user.on_time_up in TIME_UP_CHOICES else "late"


def set_time_up_choice(user: User, choice: str) -> None:
    if choice not in TIME_UP_CHOICES:
        raise PracticeError("Choose what happens when time runs out.")
    user.on_time_up = choice
    db.session.flush()


def hints_of(item: SessionItem) -> list[str]:
    """The question's hints; follow-ups have none of their own."""
    return [] if item.follow_up else list(item.body.get("hints") or [])


def shown_hints(item: SessionItem) -> list[str]:
    return hints_of(item)[: item.hints_shown or 0]


def reveal_hint(item: SessionItem) -> list[str]:
    """Show one more hint (recorded: the attempt keeps how many were used)."""
    if item.attempt is not None:
        raise PracticeError("This question is already submitted.")
    available = hints_of(item)
    if not available:
        raise PracticeError("This question has no hints.")
    item.hints_shown = min(len(available), (item.hints_shown or 0) + 1)
    db.session.flush()
    return shown_hints(item)


def submit(item: SessionItem, text: str, limit: int, now: datetime | None = None,
           automatic: bool = False) -> Attempt:
    """Store the answer; scoring is queued once it is committed. Submitting twice returns
    the first attempt. `automatic`: the page submitted it at zero because the candidate chose
    so; it is on time if it arrives within AUTO_SUBMIT_GRACE."""
    first = db.session.scalar(select(Attempt).where(Attempt.item_id == item.id))
    if first is not None:
        return first
    if not visible(text):
        raise PracticeError("The answer is empty. Write something before you submit.")
    check_answer_size(text, limit)
    now = now or utcnow()
    started_at, deadline_at = _clock(open_item(item, now))
    attempt = Attempt(item_id=item.id, candidate_id=item.candidate_id, answer=text,
                      title=item.title[:200],
                      question_id=item.version.question_id, kind=item.kind, submitted_at=now,
                      late=now > deadline_at + (AUTO_SUBMIT_GRACE if automatic else timedelta()),
                      hints_used=item.hints_shown or 0,
                      seconds_taken=int((now - started_at).total_seconds()))
    db.session.add(attempt)
    try:
        db.session.flush()
    except IntegrityError:  # a second submit raced the first: keep the first
        db.session.rollback()
        first = db.session.scalar(select(Attempt).where(Attempt.item_id == item.id))
        if first is None:  # the conflict was something else: report it
            raise
        return first
    _finish_if_done(item.session)
    attempt_id = attempt.id
    after_commit(lambda: enqueue_scoring(attempt_id))  # queued once the answer is stored
    return attempt


def _finish_if_done(session: PracticeSession) -> None:
    if all(i.attempt is not None for i in session.items) and session.finished_at is None:
        session.finished_at = utcnow()
        db.session.flush()


def next_open_item(session: PracticeSession) -> SessionItem | None:
    """The first question without an answer, each question's follow-ups straight after it;
    none once the session has ended."""
    if session.ended_early:
        return None
    for question in session.questions:
        for item in [question, *session.follow_ups_of(question)]:
            if item.attempt is None:
                return item
    return None


def end_session(session: PracticeSession, now: datetime | None = None) -> PracticeSession:
    """The candidate ends the session: unanswered questions stay unanswered, no follow-up
    is added any more, and the debrief is shown."""
    if not session.ended_early:
        session.finished_at = session.finished_at or now or utcnow()
        session.ended_early = True
        db.session.flush()
    return session


def item_label(item: SessionItem) -> str:
    """"question 2 of 5", or "question 2 of 5, follow-up 1" for a follow-up."""
    session = item.session
    questions = session.questions
    parent = next((q for q in questions if q.id == item.parent_item_id), item)
    number = next((n for n, q in enumerate(questions, 1) if q.id == parent.id), 1)
    label = f"question {number} of {len(questions)}"
    if item.parent_item_id is not None:
        order = [f.id for f in session.follow_ups_of(parent)]
        label += f", follow-up {order.index(item.id) + 1 if item.id in order else 1}"
    return label


def load_session(sid: int) -> PracticeSession | None:
    """A session with its items, their attempts and scores, in a fixed number of queries."""
    return db.session.scalar(select(PracticeSession).where(PracticeSession.id == sid).options(
        selectinload(PracticeSession.items).selectinload(SessionItem.attempt)
        .joinedload(Attempt.score)))


def recent_sessions(user_id: int, n: int = 10) -> list[tuple[PracticeSession, int]]:
    """The latest sessions with their number of questions, follow-ups not counted (no item
    rows loaded)."""
    counts = (select(SessionItem.session_id, func.count(SessionItem.id).label("n"))
              .where(SessionItem.candidate_id == user_id,
                     SessionItem.parent_item_id.is_(None))
              .group_by(SessionItem.session_id).subquery())
    stmt = (select(PracticeSession, counts.c.n)
            .join(counts, counts.c.session_id == PracticeSession.id)
            .where(PracticeSession.candidate_id == user_id)
            .order_by(PracticeSession.created_at.desc()).limit(n)
            .options(lazyload(PracticeSession.items)))
    return [(session, n) for session, n in db.session.execute(stmt)]
