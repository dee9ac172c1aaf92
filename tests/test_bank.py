"""The bank: validation messages, idempotent loading, versions, retiring, browsing, stats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from interview.bank.loader import read_bank
from interview.bank.models import Question, QuestionVersion
from interview.bank.services import load_bank
from interview.extensions import db
from tests.conftest import FIXTURE_BANK, ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken_bank"


def messages(root: Path) -> list[str]:
    return [str(e) for e in read_bank(root).errors]


def test_fixture_bank_is_valid():
    bank = read_bank(FIXTURE_BANK)
    assert bank.errors == [] and len(bank.questions) == 4


@pytest.mark.parametrize("needle", [
    "broken_bank/coding/yaml-syntax.yaml line 5: YAML syntax error",
    "[sd-dup-a] id: duplicate id; also used in broken_bank/system_design/dup-a.yaml",
    "[beh-unknown-topic] topics.1: unknown topic 'astrology'",
    "[beh-bad-weights] rubric: Rubric weights add up to 90, not 100.",
    "[code-no-teeth] coding.wrong_solutions: Missing data for required field.",
    "[sd-no-seniority] rubric.0.seniority: Say what separates the levels on this point",
    "[beh-wrong-folder] kind: is 'behavioral' but the file is in ask_employer/",
    "[beh-short-followups] follow_ups: List at least 2 follow-ups.",
])
def test_broken_files_are_named_with_question_and_field(needle):
    found = messages(BROKEN)
    assert any(needle in m for m in found), "\n".join(found)


def test_validate_command_fails_on_a_broken_bank(app):
    result = app.test_cli_runner().invoke(args=["bank", "validate", "--dir", str(BROKEN),
                                                "--no-run"])
    assert result.exit_code == 1
    assert "unknown topic 'astrology'" in result.output


def test_load_twice_changes_nothing_the_second_time(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["bank", "load", "--dir", str(FIXTURE_BANK)])
    second = runner.invoke(args=["bank", "load", "--dir", str(FIXTURE_BANK)])
    assert "created 4, updated 0, retired 0" in first.output
    assert "created 0, updated 0, retired 0, unchanged 4" in second.output
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 4


def test_edit_makes_a_new_version_and_removal_retires(app, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, bank)
    load_bank(bank)
    path = bank / "behavioral" / "beh-example-silent-drift.yaml"
    path.write_text(path.read_text().replace("got worse", "got quietly worse"))
    (bank / "coding" / "code-example-moving-average.yaml").unlink()
    report = load_bank(bank)
    assert report.updated == ["beh-example-silent-drift"]
    assert report.retired == ["code-example-moving-average"]
    question = db.session.get(Question, "beh-example-silent-drift")
    assert question.current_version.number == 2 and "quietly" in question.body["prompt"]
    assert db.session.get(Question, "code-example-moving-average").retired


def test_stats_json(app):
    result = app.test_cli_runner().invoke(args=["bank", "stats", "--json", "--dir",
                                                str(FIXTURE_BANK)])
    data = json.loads(result.output)
    assert data["by_kind"] == {"system_design": 1, "coding": 1, "behavioral": 1,
                               "ask_employer": 1, "ml_fundamentals": 0}
    assert data["by_level"]["staff"] == 3


def test_browse_filters_search_and_paginates(client, make_user, login, bank, app):
    login(make_user())
    assert "Moving average of a stream" in client.get("/questions/?kind=coding").text
    assert "Moving average" not in client.get("/questions/?kind=behavioral").text
    assert "Rank posts" in client.get("/questions/?q=feed+ranking").text
    assert "Rank posts" not in client.get("/questions/?level=junior").text
    assert "Rank posts" in client.get("/questions/?topic=recommender-systems").text
    app.config["PER_PAGE"] = 2
    page = client.get("/questions/?page=2").text
    assert "Page 2 of 2" in page


def test_question_page_reveals_hints_one_at_a_time(client, make_user, login, bank):
    login(make_user())
    first = client.get("/questions/sd-example-news-feed").text
    assert "Show hint 1 of 2" in first and "candidate generation followed" not in first
    second = client.get("/questions/sd-example-news-feed?hints=2").text
    assert "candidate generation followed" in second and "All hints shown" in second
    assert "clickbait" in second  # follow-ups
    assert client.get("/questions/nope").status_code == 404


def test_browse_query_count_does_not_grow_with_rows(client, make_user, login, bank,
                                                    count_queries, app):
    login(make_user())
    app.config["PER_PAGE"] = 1
    with count_queries() as one:
        client.get("/questions/")
    app.config["PER_PAGE"] = 4
    with count_queries() as four:
        client.get("/questions/")
    assert four.count == one.count


def test_stats_json_counts_coding_questions_by_language(app):
    result = app.test_cli_runner().invoke(args=["bank", "stats", "--json", "--dir",
                                                str(FIXTURE_BANK)])
    assert json.loads(result.output)["by_language"] == {"python": 1, "sql": 0}


def test_search_finds_topic_names_and_synonyms_and_ranks_title_first(client, make_user, login,
                                                                    bank):
    from interview.bank.models import QuestionTopic
    from interview.bank.services import QuestionFilter, question_query

    db.session.add(QuestionTopic(question_id="sd-example-news-feed", topic_id="containers"))
    db.session.commit()

    def ids(q: str) -> list[str]:
        return [x.id for x in db.session.scalars(question_query(QuestionFilter(q=q)))]

    assert ids("Kubernetes") == ["sd-example-news-feed"]
    assert ids("k8s") == ["sd-example-news-feed"]
    # A title hit ("...retrained and monitored") before a topic-only hit ("Model monitoring
    # and drift") before a prompt-only hit (the news feed's prompt).
    assert ids("monitor") == ["ask-example-retraining", "beh-example-silent-drift",
                              "sd-example-news-feed"]
    assert ids("kubernetes feed") == ["sd-example-news-feed"] and ids("kubernetes zzz") == []
    login(make_user())
    assert "Rank posts" in client.get("/questions/?q=Kubernetes").text


def test_bookmarks_and_done_marks(client, make_user, login, bank):
    from interview.practice import services as practice
    from interview.practice.models import Score

    user = make_user()
    login(user)
    item = practice.start_session(user, ["sd-example-news-feed"]).items[0]
    attempt = practice.submit(item, "We rank posts by predicted engagement. " * 3, 20_000)
    db.session.flush()
    if attempt.score is None:
        db.session.add(Score(attempt_id=attempt.id, scorer="offline", total=0.62))
    else:
        attempt.score.total = 0.62
    db.session.commit()
    page = client.get("/questions/").text
    assert "best 62%" in page
    saved = client.post("/questions/beh-example-silent-drift/bookmark",
                        data={"next": "/questions/?saved=1"})
    assert saved.status_code == 302 and saved.location.endswith("/questions/?saved=1")
    only = client.get("/questions/?saved=1").text
    assert "A model that degraded" in only and "Rank posts" not in only
    assert "Saved" in client.get("/questions/beh-example-silent-drift").text
    client.post("/questions/beh-example-silent-drift/bookmark")
    client.get("/questions/beh-example-silent-drift")  # shows (and clears) the flash
    assert 'data-qid="beh-example-silent-drift"' not in client.get("/questions/?saved=1").text
    assert client.post("/questions/no-such-question/bookmark").status_code == 404


def test_public_overview_lists_kinds_with_labels(client, bank):
    page = client.get("/questions/overview")
    assert page.status_code == 200
    assert "ML fundamentals" in page.text and "System design" in page.text
    assert "ml_fundamentals" not in page.text.replace('data-kind="ml_fundamentals"', "")
