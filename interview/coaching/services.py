"""Question sets, cohorts, invites and assignments. Plain functions: no request objects here.

Every refusal is a `CoachingError` whose message is safe to show, raised before anything is
written, so bad input never leaves half-stored rows behind.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError

from interview.accounts.models import Role, User
from interview.bank.models import Question
from interview.clock import utcnow
from interview.coaching.models import (
    Assignment,
    Cohort,
    Invite,
    Membership,
    QuestionSet,
    SetItem,
)
from interview.extensions import db
from interview.practice.models import PracticeSession

MAX_MINUTES = 240
INVITE_DAYS = 14
ASSIGNMENT_STATES = ("open", "in_progress", "overdue", "done")
STATE_LABELS = {"open": "Not started", "in_progress": "In progress", "overdue": "Overdue",
                "done": "Done"}
INVITE_STATES = ("open", "used", "expired", "revoked")
DUE_SOON_DAYS = 3  # the dashboard's "due soon" card
RECENT_REVIEW_DAYS = 14  # the dashboard's "reviewed by your coach" card
TITLE_MAX = 200  # a set's title
NOTE_MAX = 5_000  # a set's note to candidates
NAME_MAX = 120  # a cohort's name
REASON_MAX = 2_000  # a coach's reason for an override
COMMENT_MAX = 5_000  # a coach's comment on an attempt
SET_QUESTIONS_MAX = 30  # questions given with a new set in one request


class CoachingError(ValueError):
    """A coaching rule was broken; the message is safe to show."""


class NotYours(CoachingError):
    """The object is not among the user's: every face answers 404, never a hint it exists."""


class Duplicate(CoachingError):
    """The thing exists already: a conflict (409 on the API)."""


def optional_text(value: str | None, label: str, limit: int) -> str:
    """Trimmed text that may be empty but never longer than `limit` (refused, not cut)."""
    value = (value or "").strip()
    if len(value) > limit:
        raise CoachingError(f"{label} is {len(value):,} characters; the limit is {limit:,}.")
    return value


def required_text(value: str | None, label: str, limit: int) -> str:
    value = optional_text(value, label, limit)
    if not value:
        raise CoachingError(f"{label} is required.")
    return value


def _minutes(value: int | None, default: int) -> int:
    minutes = default if value is None else value
    if not 1 <= minutes <= MAX_MINUTES:
        raise CoachingError(f"A time limit must be between 1 and {MAX_MINUTES} minutes.")
    return minutes


# --- question sets ------------------------------------------------------------------------


def coach_sets(coach: User) -> list[QuestionSet]:
    return list(db.session.scalars(select(QuestionSet).where(QuestionSet.owner_id == coach.id)
                                   .order_by(QuestionSet.created_at.desc())))


def create_set(coach: User, title: str, note: str = "") -> QuestionSet:
    qset = QuestionSet(owner_id=coach.id, title=required_text(title, "A title", TITLE_MAX),
                       note=optional_text(note, "The note", NOTE_MAX))
    db.session.add(qset)
    db.session.flush()
    return qset


def update_set(qset: QuestionSet, title: str, note: str) -> QuestionSet:
    qset.title = required_text(title, "A title", TITLE_MAX)
    qset.note = optional_text(note, "The note", NOTE_MAX)
    db.session.flush()
    return qset


def add_question(qset: QuestionSet, question_id: str, minutes: int | None = None) -> SetItem:
    """Pin the question's current version: later bank edits do not change the set."""
    question = db.session.get(Question, question_id or "")
    if question is None or question.retired or question.current_version_id is None:
        raise CoachingError("That question is not in the bank (or is retired).")
    if any(i.question_id == question.id for i in qset.items):
        raise Duplicate(f"“{question.title}” is already in this set.")
    item = SetItem(position=len(qset.items), question_version_id=question.current_version_id,
                   time_limit_minutes=_minutes(minutes, question.time_limit_minutes))
    qset.items.append(item)
    db.session.flush()
    return item


def _item(qset: QuestionSet, item_id: int) -> SetItem:
    item = next((i for i in qset.items if i.id == item_id), None)
    if item is None:
        raise CoachingError("That question is not in this set.")
    return item


def _renumber(qset: QuestionSet, items: list[SetItem]) -> None:
    for position, item in enumerate(items):
        item.position = position
    qset.items[:] = items
    db.session.flush()


def remove_item(qset: QuestionSet, item_id: int) -> None:
    item = _item(qset, item_id)
    _renumber(qset, [i for i in qset.items if i is not item])


def move_item(qset: QuestionSet, item_id: int, delta: int) -> None:
    """Move a question one place up (-1) or down (+1); the ends stay put."""
    items = list(qset.items)
    index = items.index(_item(qset, item_id))
    target = index + (1 if delta > 0 else -1)
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        _renumber(qset, items)


def set_time_limit(qset: QuestionSet, item_id: int, minutes: int | None) -> None:
    if minutes is None:
        raise CoachingError("Give the time limit in minutes.")
    _item(qset, item_id).time_limit_minutes = _minutes(minutes, 0)
    db.session.flush()


def duplicate_set(qset: QuestionSet, coach: User) -> QuestionSet:
    """A copy keeps the same pinned versions and limits; it is then edited on its own."""
    copy = QuestionSet(owner_id=coach.id, title=f"Copy of {qset.title}"[:200], note=qset.note)
    copy.items = [SetItem(position=i.position, question_version_id=i.question_version_id,
                          time_limit_minutes=i.time_limit_minutes) for i in qset.items]
    db.session.add(copy)
    db.session.flush()
    return copy


# --- cohorts and invites ------------------------------------------------------------------


def coach_cohorts(coach: User) -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).where(Cohort.owner_id == coach.id)
                                   .order_by(Cohort.name)))


def create_cohort(coach: User, name: str) -> Cohort:
    cohort = Cohort(owner_id=coach.id, name=required_text(name, "A name", NAME_MAX))
    db.session.add(cohort)
    db.session.flush()
    return cohort


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _invite_code(salt: str) -> str:
    """The code for a salt: an HMAC under the app's secret key, as long as the old codes."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"invite:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:24]


def create_invite(cohort: Cohort, coach: User, days: int = INVITE_DAYS,
                  now: datetime | None = None) -> tuple[Invite, str]:
    """A single-use code. The database keeps its hash and a salt: the code can be made again
    from the salt only with the app's secret key, so the coach can copy the link later."""
    salt = secrets.token_hex(16)
    code = _invite_code(salt)
    invite = Invite(cohort_id=cohort.id, code_hash=hash_code(code), created_by=coach.id,
                    code_salt=salt, expires_at=(now or utcnow()) + timedelta(days=days))
    db.session.add(invite)
    db.session.flush()
    return invite, code


def invite_code(invite: Invite) -> str | None:
    """The invite's code again, for the coach; None for invites made before salts (or after
    the secret key changed): their link was shown once."""
    if not invite.code_salt:
        return None
    code = _invite_code(invite.code_salt)
    return code if hmac.compare_digest(hash_code(code), invite.code_hash) else None


def cohort_invites(cohort: Cohort) -> list[Invite]:
    """The cohort's invites, newest first."""
    return list(db.session.scalars(select(Invite).where(Invite.cohort_id == cohort.id)
                                   .order_by(Invite.created_at.desc(), Invite.id.desc())))


def revoke_invite(cohort: Cohort, invite_id: int | None, now: datetime | None = None) -> Invite:
    """Stop an open invite of the cohort from working."""
    invite = db.session.get(Invite, invite_id) if invite_id is not None else None
    if invite is None or invite.cohort_id != cohort.id:
        raise CoachingError("That invite is not one of this cohort's.")
    state = invite.state(now or utcnow())
    if state != "open":
        raise CoachingError(f"That invite is {state} already; only open invites can be revoked.")
    invite.revoked_at = now or utcnow()
    db.session.flush()
    return invite


def find_invite(code: str) -> Invite | None:
    if not code or len(code) > 100:
        return None
    return db.session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))


def active_membership(cohort_id: int, candidate_id: int) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.cohort_id == cohort_id, Membership.candidate_id == candidate_id,
        Membership.left_at.is_(None)))


def accept_invite(code: str, user: User, now: datetime | None = None) -> Membership:
    """Join the invite's cohort; the invite is spent by the first candidate who uses it."""
    now = now or utcnow()
    invite = find_invite(code)
    if invite is None:
        raise CoachingError("This invite code is not valid. Ask your coach for a new one.")
    if invite.used_at is not None:
        raise CoachingError("This invite was already used. Ask your coach for a new one.")
    if invite.revoked_at is not None:
        raise CoachingError("Your coach revoked this invite. Ask them for a new one.")
    if invite.expires_at <= now:
        raise CoachingError("This invite has expired. Ask your coach for a new one.")
    if user.role != Role.CANDIDATE:
        raise CoachingError("Only candidate accounts can join a cohort.")
    if active_membership(invite.cohort_id, user.id):
        raise Duplicate(f"You are already in {invite.cohort.name}.")
    spent = cast("CursorResult[Any]", db.session.execute(update(Invite).where(
        Invite.id == invite.id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
        .values(used_by=user.id, used_at=now)))
    if spent.rowcount != 1:  # someone else spent it between our read and this write
        raise CoachingError("This invite was already used. Ask your coach for a new one.")
    membership = Membership(cohort_id=invite.cohort_id, candidate_id=user.id, joined_at=now)
    db.session.add(membership)
    db.session.flush()
    return membership


def members(cohort: Cohort) -> list[Membership]:
    return list(db.session.scalars(select(Membership).where(
        Membership.cohort_id == cohort.id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at)))


def end_membership(cohort_id: int, candidate_id: int, now: datetime | None = None) -> None:
    """Removing or leaving: the stay ends now; what came before stays visible to the coach."""
    membership = active_membership(cohort_id, candidate_id)
    if membership is None:
        raise CoachingError("That candidate is not in this cohort.")
    membership.left_at = now or utcnow()
    db.session.flush()


def my_memberships(user: User) -> list[Membership]:
    return list(db.session.scalars(select(Membership).where(
        Membership.candidate_id == user.id, Membership.left_at.is_(None))))


def coach_candidates(coach: User) -> list[User]:
    """Candidates now in any of the coach's cohorts (the choices when assigning)."""
    stmt = (select(User).join(Membership, Membership.candidate_id == User.id)
            .join(Cohort, Cohort.id == Membership.cohort_id)
            .where(Cohort.owner_id == coach.id, Membership.left_at.is_(None))
            .distinct().order_by(User.email))
    return list(db.session.scalars(stmt))


# --- assignments --------------------------------------------------------------------------


def assign(qset: QuestionSet, coach: User, due_at: datetime | None, *,
           candidate_id: int | None = None, cohort_id: int | None = None,
           now: datetime | None = None) -> Assignment:
    """Give a set to one candidate of the coach's cohorts, or to one of the coach's cohorts."""
    if due_at is None:
        raise CoachingError("Choose a due date.")
    if due_at <= (now or utcnow()):
        raise CoachingError("The due date is in the past. Choose a date from today onward.")
    if not qset.items:
        raise CoachingError("The set has no questions yet; add some before assigning it.")
    if (candidate_id is None) == (cohort_id is None):
        raise CoachingError("Assign the set to either one candidate or one cohort.")
    _check_target(coach, candidate_id, cohort_id)
    if _existing(qset.id, candidate_id, cohort_id):
        raise Duplicate("This set is already assigned to them.")
    assignment = Assignment(set_id=qset.id, candidate_id=candidate_id, cohort_id=cohort_id,
                            due_at=due_at, created_by=coach.id)
    db.session.add(assignment)
    try:
        db.session.flush()
    except IntegrityError:  # a double click raced the check above
        db.session.rollback()
        raise Duplicate("This set is already assigned to them.") from None
    return assignment


def _check_target(coach: User, candidate_id: int | None, cohort_id: int | None) -> None:
    if cohort_id is not None:
        cohort = db.session.get(Cohort, cohort_id)
        if cohort is None or cohort.owner_id != coach.id:
            raise CoachingError("You can only assign to your own cohorts.")
    elif candidate_id not in {u.id for u in coach_candidates(coach)}:
        raise CoachingError("That candidate is not in any of your cohorts.")


def _existing(set_id: int, candidate_id: int | None, cohort_id: int | None) -> bool:
    column, value = ((Assignment.candidate_id, candidate_id) if candidate_id is not None
                     else (Assignment.cohort_id, cohort_id))
    return db.session.scalar(select(Assignment.id).where(
        Assignment.set_id == set_id, column == value)) is not None


def set_assignments(qset: QuestionSet) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.set_id == qset.id)
                                   .order_by(Assignment.due_at)))


@dataclass(frozen=True)
class AssignedItem:
    """An assignment as the candidate sees it."""

    assignment: Assignment
    state: str  # one of ASSIGNMENT_STATES
    session: PracticeSession | None

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def label(self) -> str:
        """The state in words: Not started, In progress, Overdue, Done."""
        return STATE_LABELS[self.state]

    @property
    def due_text(self) -> str:
        """"Due 07 Dec 2026", or "Was due ..." once overdue, or "Finished ..." when done."""
        due = f"{self.assignment.due_at:%d %b %Y}"
        if self.state == "done" and self.session is not None and self.session.finished_at:
            return f"Finished {self.session.finished_at:%d %b %Y} (due {due})"
        return f"Was due {due}" if self.state == "overdue" else f"Due {due}"


def visible_assignments_query(user: User):
    """Assignments for the candidate: their own, and their current cohorts' (joined since)."""
    cohorts = select(Membership.cohort_id).where(Membership.candidate_id == user.id,
                                                 Membership.left_at.is_(None))
    return select(Assignment).where(or_(Assignment.candidate_id == user.id,
                                        Assignment.cohort_id.in_(cohorts)))


def candidate_assignments(user: User, now: datetime | None = None) -> list[AssignedItem]:
    """Every assignment with its state; two queries whatever the number of assignments."""
    now = now or utcnow()
    assignments = list(db.session.scalars(visible_assignments_query(user)
                                          .order_by(Assignment.due_at)))
    sessions = _latest_sessions(user, [a.id for a in assignments])
    return [AssignedItem(a, _state(a, sessions.get(a.id), now), sessions.get(a.id))
            for a in assignments]


def _latest_sessions(user: User, ids: list[int]) -> dict[int, PracticeSession]:
    if not ids:
        return {}
    found: dict[int, PracticeSession] = {}
    for s in db.session.scalars(select(PracticeSession).where(
            PracticeSession.candidate_id == user.id, PracticeSession.assignment_id.in_(ids))
            .order_by(PracticeSession.created_at)):
        if s.assignment_id is not None:  # always: the query asks for these ids
            found[s.assignment_id] = s
    return found


def _state(assignment: Assignment, session: PracticeSession | None, now: datetime) -> str:
    finished = session.finished_at if session is not None else None
    return assignment_state(assignment.due_at, session is not None, finished, now)


def assignment_state(due_at: datetime, started: bool, finished_at: datetime | None,
                     now: datetime) -> str:
    """The one vocabulary of assignment states, for candidates, coaches, CSV and API."""
    if finished_at is not None:
        return "done"
    if due_at < now:
        return "overdue"
    return "in_progress" if started else "open"


def assigned_to_you(user: User) -> list[AssignedItem]:
    """For the practice start page: assignments not finished yet, soonest due first."""
    return [a for a in candidate_assignments(user) if a.state != "done"]


def start_assignment(user: User, assignment_id: int) -> PracticeSession:
    """Open (or continue) the candidate's session for an assignment, on the pinned versions."""
    from interview.practice.services import PracticeError, start_session

    item = next((a for a in candidate_assignments(user) if a.assignment.id == assignment_id),
                None)
    if item is None:
        raise NotYours("That assignment is not yours.")
    if item.session is not None:
        return item.session
    qset = item.assignment.question_set
    try:
        return start_session(
            user, [i.question_id for i in qset.items], source="assignment", title=qset.title,
            time_limits={i.question_id: i.time_limit_minutes for i in qset.items},
            assignment_id=assignment_id, version_ids=[i.question_version_id for i in qset.items])
    except PracticeError as exc:
        raise CoachingError(str(exc)) from None


@dataclass(frozen=True)
class ReviewedAttempt:
    """An answer a coach commented on lately, for the candidate's dashboard."""

    attempt_id: int
    title: str
    comments: int
    last_at: datetime
    coach: str


@dataclass(frozen=True)
class Notices:
    """What the candidate's dashboard shows about coaching."""

    overdue: list[AssignedItem]
    due_soon: list[AssignedItem]
    reviewed: list[ReviewedAttempt]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.reviewed)


def candidate_notices(user: User, now: datetime | None = None) -> Notices:
    """Overdue assignments, those due within DUE_SOON_DAYS, and answers a coach commented on
    in the last RECENT_REVIEW_DAYS (newest first)."""
    from interview.coaching.models import Comment
    from interview.practice.models import Attempt

    now = now or utcnow()
    items = candidate_assignments(user, now)
    soon = now + timedelta(days=DUE_SOON_DAYS)
    rows = db.session.execute(
        select(Comment, Attempt.title).join(Attempt, Attempt.id == Comment.attempt_id)
        .where(Attempt.candidate_id == user.id,
               Comment.at >= now - timedelta(days=RECENT_REVIEW_DAYS))
        .order_by(Comment.at.desc()).limit(50))
    reviewed: dict[int, ReviewedAttempt] = {}
    for comment, title in rows:
        seen = reviewed.get(comment.attempt_id)
        reviewed[comment.attempt_id] = ReviewedAttempt(
            comment.attempt_id, title or "Your answer", (seen.comments if seen else 0) + 1,
            seen.last_at if seen else comment.at,
            seen.coach if seen else comment.author.display_name)
    return Notices(
        overdue=[a for a in items if a.state == "overdue"],
        due_soon=[a for a in items if a.state in ("open", "in_progress")
                  and a.assignment.due_at <= soon],
        reviewed=list(reviewed.values())[:5])


# --- admin --------------------------------------------------------------------------------
