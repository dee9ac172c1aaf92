"""`flask sets` as a coach's script would use it."""

from __future__ import annotations

from interview.coaching.models import Assignment
from interview.coaching.services import create_cohort
from interview.extensions import db


def test_create_list_and_assign_a_set(app, bank, make_user):
    coach = make_user(role="coach", email="coach@example.com")
    cohort = create_cohort(coach, "Winter cohort")
    runner = app.test_cli_runner()
    made = runner.invoke(args=["sets", "create", coach.email, "Onsite", "--question",
                               "sd-example-news-feed", "--question", "beh-example-silent-drift"])
    assert "with 2 question(s)" in made.output, made.output
    listed = runner.invoke(args=["sets", "list", coach.email])
    assert "Onsite\tsd-example-news-feed, beh-example-silent-drift" in listed.output
    set_id = int(listed.output.split("\t")[0])
    ok = runner.invoke(args=["sets", "assign", coach.email, str(set_id), "--due",
                             "2099-01-31T18:00", "--cohort", str(cohort.id)])
    assert ok.exit_code == 0 and "due 2099-01-31 18:00" in ok.output
    again = runner.invoke(args=["sets", "assign", coach.email, str(set_id), "--due",
                                "2099-01-31T18:00", "--cohort", str(cohort.id)])
    past = runner.invoke(args=["sets", "assign", coach.email, str(set_id), "--due",
                               "2001-01-01T00:00", "--cohort", str(cohort.id)])
    assert again.exit_code != 0 and "already assigned" in again.output
    assert past.exit_code != 0 and "in the past" in past.output
    assert db.session.query(Assignment).count() == 1


def test_someone_elses_set_or_a_candidate_is_refused(app, bank, make_user):
    coach, other = make_user(role="coach"), make_user(role="coach")
    candidate = make_user()
    runner = app.test_cli_runner()
    runner.invoke(args=["sets", "create", coach.email, "Mine", "--question",
                        "sd-example-news-feed"])
    set_id = int(runner.invoke(args=["sets", "list", coach.email]).output.split("\t")[0])
    stolen = runner.invoke(args=["sets", "assign", other.email, str(set_id), "--due",
                                 "2099-01-01T00:00", "--candidate", candidate.email])
    not_coach = runner.invoke(args=["sets", "list", candidate.email])
    assert stolen.exit_code != 0 and f"has no set {set_id}" in stolen.output
    assert not_coach.exit_code != 0 and "no coach account" in not_coach.output
