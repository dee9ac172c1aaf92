"""The cohort dashboard and its CSV export: completion against due dates, scores, who lags.

A handful of grouped queries whatever the cohort's size. Scores count only attempts made
while the candidate was in this cohort, as everywhere a coach looks.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from interview.access import membership_covers
from interview.accounts.models import User
from interview.bank.models import QuestionTopic
from interview.clock import utcnow
from interview.coaching.models import Assignment, Cohort, Membership
from interview.coaching.services import assignment_state, members
from interview.extensions import db
from interview.practice.models import Attempt, PracticeSession, Score
from interview.text import spreadsheet_safe


@dataclass
class MemberRow:
    candidate: User
    joined_at: datetime
    done: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0
    attempts: int = 0
    average: float | None = None
    by_kind: dict[str, float] = field(default_factory=dict)

    @property
    def behind(self) -> bool:
        """Falling behind: an assignment past its due date and not finished."""
        return self.overdue > 0


@dataclass
class Dashboard:
    cohort: Cohort
    rows: list[MemberRow]
    assignments: list[Assignment]
    kinds: list[str]
    by_topic: dict[str, float]

    @property
    def behind(self) -> list[MemberRow]:
        return [r for r in self.rows if r.behind]


def _assignments(cohort: Cohort, member_ids: list[int]) -> list[Assignment]:
    direct = and_(Assignment.candidate_id.in_(member_ids),
                  Assignment.created_by == cohort.owner_id)
    return list(db.session.scalars(select(Assignment).where(
        or_(Assignment.cohort_id == cohort.id, direct)).order_by(Assignment.due_at)))


def _finished(member_ids: list[int], ids: list[int]) -> dict[tuple[int, int], datetime | None]:
    """(candidate, assignment) -> finished_at (None while in progress)."""
    if not ids or not member_ids:
        return {}
    stmt = select(PracticeSession.candidate_id, PracticeSession.assignment_id,
                  func.max(PracticeSession.finished_at)).where(
        PracticeSession.candidate_id.in_(member_ids), PracticeSession.assignment_id.in_(ids)
    ).group_by(PracticeSession.candidate_id, PracticeSession.assignment_id)
    # `a is not None` always holds (the query asks for these ids); it narrows the key type
    return {(c, a): f for c, a, f in db.session.execute(stmt) if a is not None}


def _completion(row: MemberRow, assignments: list[Assignment], finished: dict, now: datetime):
    for a in assignments:
        if a.candidate_id not in (None, row.candidate.id):
            continue
        key = (row.candidate.id, a.id)
        done_at = finished.get(key)
        state = assignment_state(a.due_at, key in finished, done_at, now)
        if state == "done":
            row.done += 1
            row.late += bool(done_at and done_at > a.due_at)
        elif state == "overdue":
            row.overdue += 1
        else:  # open or in progress
            row.open += 1


def _window(cohort: Cohort):
    """Attempts submitted while their author was in this cohort."""
    return (Membership.cohort_id == cohort.id,
            *membership_covers(Attempt.candidate_id, Attempt.submitted_at))


def _scores_by_kind(cohort: Cohort) -> dict[int, dict[str, tuple[float, int]]]:
    stmt = (select(Attempt.candidate_id, Attempt.kind, func.avg(Score.total), func.count())
            .join(Score, Score.attempt_id == Attempt.id).join(Membership, and_(*_window(cohort)))
            .group_by(Attempt.candidate_id, Attempt.kind))
    found: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    for candidate, kind, avg, n in db.session.execute(stmt):
        found[candidate][kind] = (float(avg), n)
    return found


def _scores_by_topic(cohort: Cohort) -> dict[str, float]:
    stmt = (select(QuestionTopic.topic_id, func.avg(Score.total))
            .select_from(Attempt).join(Score, Score.attempt_id == Attempt.id)
            .join(Membership, and_(*_window(cohort)))
            .join(QuestionTopic, QuestionTopic.question_id == Attempt.question_id)
            .group_by(QuestionTopic.topic_id).order_by(QuestionTopic.topic_id))
    return {topic: float(avg) for topic, avg in db.session.execute(stmt)}


def _fill_scores(row: MemberRow, kinds: dict[str, tuple[float, int]]) -> None:
    row.by_kind = {k: avg for k, (avg, _) in kinds.items()}
    row.attempts = sum(n for _, n in kinds.values())
    if row.attempts:
        row.average = sum(avg * n for avg, n in kinds.values()) / row.attempts


def cohort_dashboard(cohort: Cohort, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    current = members(cohort)
    ids = [m.candidate_id for m in current]
    assignments = _assignments(cohort, ids)
    finished = _finished(ids, [a.id for a in assignments])
    scores = _scores_by_kind(cohort)
    rows = []
    for m in current:
        row = MemberRow(m.candidate, m.joined_at)
        _completion(row, assignments, finished, now)
        _fill_scores(row, scores.get(m.candidate_id, {}))
        rows.append(row)
    kinds = sorted({k for r in rows for k in r.by_kind})
    rows.sort(key=lambda r: (not r.behind, r.candidate.email))
    return Dashboard(cohort, rows, assignments, kinds, _scores_by_topic(cohort))


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}"


def dashboard_csv(dash: Dashboard) -> str:
    """One row per current member; scores in percent."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "joined", "done", "done_late", "overdue", "open",
                     "behind", "attempts", "average_pct", *[f"{k}_pct" for k in dash.kinds]])
    for r in dash.rows:
        writer.writerow([spreadsheet_safe(v) for v in (
            r.candidate.display_name, r.candidate.email, r.joined_at.date().isoformat(),
            r.done, r.late, r.overdue, r.open, "yes" if r.behind else "no", r.attempts,
            _pct(r.average), *[_pct(r.by_kind.get(k)) for k in dash.kinds])])
    return out.getvalue()
