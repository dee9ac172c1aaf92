"""Invites keep a state and a link the coach can copy or revoke; the candidate's dashboard
notices (overdue, due soon, reviewed by the coach)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interview.accounts.services import create_user
from interview.clock import utcnow
from interview.coaching import review, services
from interview.coaching.services import CoachingError
from interview.extensions import db
from tests.conftest import PASSWORD


def test_invite_states_and_the_code_can_be_made_again(world):
    now = utcnow()
    invite, code = services.create_invite(world.cohort, world.coach_a)
    assert invite.state(now) == "open" and services.invite_code(invite) == code
    assert services.find_invite(code) is invite
    assert invite.state(now + timedelta(days=15)) == "expired"
    newcomer = create_user("new@example.com", PASSWORD)
    services.accept_invite(code, newcomer)
    db.session.refresh(invite)
    assert invite.state(now) == "used" and invite.user is newcomer
    listed = services.cohort_invites(world.cohort)
    assert listed[0] is invite and "used" in {i.state(now) for i in listed}


def test_a_revoked_invite_cannot_be_used(world):
    invite, code = services.create_invite(world.cohort, world.coach_a)
    services.revoke_invite(world.cohort, invite.id)
    assert invite.state(utcnow()) == "revoked"
    with pytest.raises(CoachingError, match="revoked"):
        services.accept_invite(code, world.cand_b)
    with pytest.raises(CoachingError, match="revoked already"):
        services.revoke_invite(world.cohort, invite.id)
    other = services.create_cohort(world.coach_b, "Other")
    foreign, _ = services.create_invite(other, world.coach_b)
    with pytest.raises(CoachingError, match="not one of this cohort"):
        services.revoke_invite(world.cohort, foreign.id)


def test_an_old_invite_without_salt_has_no_link_to_copy(world):
    invite, _ = services.create_invite(world.cohort, world.coach_a)
    invite.code_salt = None
    assert services.invite_code(invite) is None


def test_invite_page_shows_the_state_and_no_join_button_once_used(world, client, login):
    invite, code = services.create_invite(world.cohort, world.coach_a)
    db.session.commit()
    login(world.cand_b)
    page = client.get(f"/invites/{code}").text
    assert "Join the cohort" in page and ">open<" in page
    assert client.post(f"/invites/{code}").status_code == 302
    page = client.get(f"/invites/{code}").text
    assert "Join the cohort" not in page and "You are a member" in page


def test_coach_lists_copies_and_revokes_invites(world, client, login):
    login(world.coach_a)
    client.post(f"/coaching/cohorts/{world.cohort.id}/invites")
    page = client.get(f"/coaching/cohorts/{world.cohort.id}").text
    assert 'class="invite-link"' in page and "data-copy=" in page and ">used<" in page
    invite = services.cohort_invites(world.cohort)[0]
    assert f"/invites/{services.invite_code(invite)}" in page
    response = client.post(f"/coaching/cohorts/{world.cohort.id}/invites/revoke",
                           data={"invite_id": str(invite.id)})
    assert response.status_code == 302
    db.session.refresh(invite)
    assert invite.revoked_at is not None
    assert ">revoked<" in client.get(f"/coaching/cohorts/{world.cohort.id}").text


def test_dashboard_notices(world, client, login):
    now = utcnow()
    world.assignment.due_at = now + timedelta(days=1)
    qset = services.create_set(world.coach_a, "Late set")
    services.add_question(qset, "sd-example-news-feed")
    late = services.assign(qset, world.coach_a, now + timedelta(days=1),
                           candidate_id=world.cand_a.id)
    late.due_at = now - timedelta(days=1)
    review.comment(world.attempt, world.coach_a, "Good structure; say more about drift.")
    db.session.commit()
    notices = services.candidate_notices(world.cand_a)
    assert [a.assignment.id for a in notices.overdue] == [late.id]
    assert [a.assignment.id for a in notices.due_soon] == [world.assignment.id]
    assert [r.attempt_id for r in notices.reviewed] == [world.attempt.id]
    login(world.cand_a)
    page = client.get("/dashboard").text
    assert "Reviewed by your coach" in page and "1 new comment" in page
    assert "Was due" in page and "Overdue" in page and "due due" not in page.lower()
    assert services.candidate_notices(world.cand_b).empty
