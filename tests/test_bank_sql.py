"""The bank format for SQL coding questions (`language: sql`) and the SQL questions shipped."""

from __future__ import annotations

import copy
import shutil

import pytest
from marshmallow import ValidationError

from interview.bank.loader import read_bank
from interview.bank.schemas import CodingSchema
from tests.conftest import ROOT

SQL_CODING = {
    "language": "sql",
    "entry": "query",
    "signature": "SELECT user_id, plan",
    "starter": "SELECT user_id, plan FROM events",
    "schema": "CREATE TABLE events (user_id INTEGER, ts INTEGER, plan TEXT);",
    "ordered": True,
    "examples": [{"data": {"events": [[1, 10, "free"]]}, "expected": [[1, "free"]]}],
    "tests": [{"data": {"events": []}, "expected": []}] * 3,
    "reference": "SELECT user_id, plan FROM events ORDER BY user_id",
    "wrong_solutions": [{"why": "nothing", "code": "SELECT 1, 'x' WHERE 0"}] * 3,
}


def load(**changes) -> dict:
    coding = copy.deepcopy(SQL_CODING) | changes
    return CodingSchema().load({k: v for k, v in coding.items() if v is not None})


def test_an_sql_question_loads_and_python_stays_the_default():
    assert load()["language"] == "sql"
    python = {k: v for k, v in SQL_CODING.items() if k not in ("language", "schema", "ordered")}
    python |= {"examples": [{"args": [1], "expected": 1}],
               "tests": [{"args": [1], "expected": 1}] * 3}
    assert CodingSchema().load(python)["language"] == "python"


@pytest.mark.parametrize(("changes", "needle"), [
    ({"schema": None}, "needs a `schema`"),
    ({"tests": [{"args": [1], "expected": []}] * 3}, "tests have `data`"),
    ({"tests": [{"data": {}, "args": [], "expected": []}] * 3}, "not `args`"),
    ({"tests": [{"data": {}, "expected": 3}] * 3}, "list of rows"),
    ({"language": "python"}, "SQL questions only"),
    ({"language": "r"}, "Must be one of"),
])
def test_malformed_sql_questions_are_rejected(changes, needle):
    with pytest.raises(ValidationError) as info:
        load(**changes)
    assert needle in str(info.value.messages)


def test_the_bank_has_enough_sql_and_pandas_questions():
    bank = read_bank(ROOT / "question_bank")
    coding = [q for q in bank.questions if q["kind"] == "coding"]
    sql = [q for q in coding if q["coding"].get("language") == "sql"]
    pandas = [q for q in coding if "import pandas" in q["coding"]["reference"]]
    assert len(sql) >= 12 and len(pandas) >= 6
    for question in sql:
        assert "sql" in question["topics"]
        assert len(question["coding"]["wrong_solutions"]) >= 3, question["id"]


def test_an_sql_item_page_shows_its_tables_and_asks_for_sql(app, client, make_user, login,
                                                           tmp_path):
    from interview.bank.services import load_bank
    from interview.practice import services
    from tests.conftest import FIXTURE_BANK

    shutil.copytree(FIXTURE_BANK, tmp_path / "bank")
    shutil.copy(ROOT / "question_bank" / "coding" / "code-sql-sessionize.yaml",
                tmp_path / "bank" / "coding")
    load_bank(tmp_path / "bank")
    user = make_user()
    item = services.start_session(user, ["code-sql-sessionize"]).items[0]
    page = login(user).get(f"/practice/items/{item.id}")
    assert page.status_code == 200
    assert 'data-language="sql"' in page.text
    assert "events: [[" in page.text  # the example's tables, as the query will see them
