"""Coaching rules at the service level: each bad input refused clearly, nothing stored."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from interview.bank.models import Question, QuestionVersion
from interview.clock import utcnow
from interview.coaching import review, services
from interview.coaching.dashboard import cohort_dashboard, dashboard_csv
from interview.coaching.models import Assignment, Membership, Override
from interview.coaching.services import CoachingError
from interview.extensions import db
from tests.coaching.world import answer


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def soon() -> datetime:
    return utcnow() + timedelta(days=2)


def test_due_date_in_the_past_is_refused(world):
    before = count(Assignment)
    with pytest.raises(CoachingError, match="in the past"):
        services.assign(world.qset, world.coach_a, utcnow() - timedelta(hours=1),
                        candidate_id=world.cand_a.id)
    assert count(Assignment) == before


def test_assigning_to_someone_outside_your_cohorts_is_refused(world):
    with pytest.raises(CoachingError, match="not in any of your cohorts"):
        services.assign(world.qset, world.coach_a, soon(), candidate_id=world.cand_b.id)
    other = services.create_cohort(world.coach_b, "Theirs")
    with pytest.raises(CoachingError, match="your own cohorts"):
        services.assign(world.qset, world.coach_a, soon(), cohort_id=other.id)


def test_duplicate_assignment_is_refused(world):
    with pytest.raises(CoachingError, match="already assigned"):
        services.assign(world.qset, world.coach_a, soon(), cohort_id=world.cohort.id)
    services.assign(world.qset, world.coach_a, soon(), candidate_id=world.cand_a.id)
    with pytest.raises(CoachingError, match="already assigned"):
        services.assign(world.qset, world.coach_a, soon(), candidate_id=world.cand_a.id)


@pytest.mark.parametrize("value", [-1, 100.5, None])
def test_override_out_of_range_is_refused(world, value):
    criterion = world.attempt.score.criteria[0]
    with pytest.raises(CoachingError, match="0 to 100"):
        review.override(world.attempt, criterion.id, world.coach_a, value, "because")
    assert count(Override) == 0


def test_override_keeps_the_original_and_moves_the_total(world):
    score = world.attempt.score
    criterion = score.criteria[0]
    original, total = criterion.score, score.total
    with pytest.raises(CoachingError, match="reason"):
        review.override(world.attempt, criterion.id, world.coach_a, 100, "  ")
    review.override(world.attempt, criterion.id, world.coach_a, 100, "Covered it orally")
    notes = review.result_notes(world.attempt)
    db.session.refresh(criterion)
    assert criterion.score == original  # the automatic score is untouched
    weight = sum(c.weight for c in score.criteria)
    assert notes.total == pytest.approx(total + criterion.weight * (1 - original) / weight)
    assert notes.overridden[0].latest.old == original and notes.overridden[0].effective == 1.0
    assert notes.overridden[0].latest.coach_id == world.coach_a.id


def test_an_override_on_another_attempts_criterion_is_refused(world):
    other = answer(world.cand_a, "beh-example-silent-drift")
    foreign = other.score.criteria[0].id
    with pytest.raises(CoachingError, match="does not belong"):
        review.override(world.attempt, foreign, world.coach_a, 50, "x")


def test_expired_and_reused_invites_are_refused(world):
    month_ago = utcnow() - timedelta(days=30)
    _, code = services.create_invite(world.cohort, world.coach_a, now=month_ago)
    with pytest.raises(CoachingError, match="expired"):
        services.accept_invite(code, world.cand_b)
    services.accept_invite(world.code, world.cand_b)
    with pytest.raises(CoachingError, match="already used"):
        services.accept_invite(world.code, world.cand_b)
    with pytest.raises(CoachingError, match="not valid"):
        services.accept_invite("made-up", world.cand_b)
    assert count(Membership) == 2  # A, and B once through the spare invite


def test_a_coach_cannot_join_a_cohort(world):
    _, code = services.create_invite(world.cohort, world.coach_a)
    with pytest.raises(CoachingError, match="Only candidate"):
        services.accept_invite(code, world.coach_b)


def test_sets_pin_versions_and_duplicate(world):
    first = world.qset.items[0]
    question = db.session.get(Question, first.question_id)
    newer = QuestionVersion(question_id=question.id, number=99, content_hash="x" * 64,
                            body={**question.body, "title": "Edited later"})
    db.session.add(newer)
    db.session.flush()
    question.current_version_id = newer.id
    db.session.commit()
    copy = services.duplicate_set(world.qset, world.coach_b)
    assert [i.question_version_id for i in copy.items] == [
        i.question_version_id for i in world.qset.items]
    session = services.start_assignment(world.cand_a, world.assignment.id)
    assert session.items[0].question_version_id == first.question_version_id
    assert session.items[0].time_limit_minutes == 20 and session.source == "assignment"


def test_set_editing_order_limits_and_bad_questions(world):
    qset = world.qset
    second = qset.items[1].id
    services.move_item(qset, second, -1)
    assert qset.items[0].id == second
    with pytest.raises(CoachingError, match="between 1 and"):
        services.set_time_limit(qset, second, 0)
    with pytest.raises(CoachingError, match="already in this set"):
        services.add_question(qset, "sd-example-news-feed")
    with pytest.raises(CoachingError, match="not in the bank"):
        services.add_question(qset, "no-such-question")
    services.remove_item(qset, second)
    assert [i.position for i in qset.items] == [0]


def test_assignment_states(world):
    assert [a.state for a in services.candidate_assignments(world.cand_a)] == ["open"]
    later = utcnow() + timedelta(days=10)
    assert [a.state for a in services.candidate_assignments(world.cand_a, later)] == ["overdue"]
    assert services.candidate_assignments(world.cand_b) == []
    session = services.start_assignment(world.cand_a, world.assignment.id)
    session.finished_at = utcnow()
    db.session.commit()
    assert [a.state for a in services.candidate_assignments(world.cand_a, later)] == ["done"]
    assert services.assigned_to_you(world.cand_a) == []
    with pytest.raises(CoachingError):
        services.start_assignment(world.cand_b, world.assignment.id)


def test_dashboard_and_csv(world):
    dash = cohort_dashboard(world.cohort, utcnow() + timedelta(days=10))
    (row,) = dash.rows
    assert row.candidate.id == world.cand_a.id and row.overdue == 1 and row.behind
    assert row.attempts == 1 and "system_design" in row.by_kind
    world.cand_a.name = "=HYPERLINK(1)"
    db.session.commit()
    lines = dashboard_csv(dash).splitlines()
    assert lines[0].startswith("name,email,joined,done")
    assert lines[1].startswith("'=HYPERLINK(1),cand-a@example.com")
    assert ",yes,1," in lines[1]


def test_leaving_hides_later_attempts_from_the_coach(world, app):
    from interview.access import may_review

    services.end_membership(world.cohort.id, world.cand_a.id)
    later = answer(world.cand_a, "beh-example-silent-drift")
    assert may_review(world.coach_a, world.attempt)
    assert not may_review(world.coach_a, later)
    assert not may_review(world.coach_a, world.attempt_b)
    assert not may_review(world.coach_b, world.attempt)
    assert services.candidate_assignments(world.cand_a) == []
