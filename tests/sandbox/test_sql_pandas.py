"""SQL questions run in SQLite inside the sandbox; pandas imports there for Python ones."""

from __future__ import annotations

import pytest

from interview.sandbox import run_submission
from interview.sandbox.verdict import rows_match

LATEST = {
    "language": "sql",
    "entry": "query",
    "ordered": True,
    "schema": "CREATE TABLE events (user_id INTEGER, ts INTEGER, plan TEXT);",
    "examples": [{"data": {"events": [[1, 10, "free"], [1, 20, "pro"], [2, 5, "free"]]},
                  "expected": [[1, "pro"], [2, "free"]]}],
    "tests": [
        {"data": {"events": [[7, 3, "pro"], [7, 1, "free"], [3, 9, "team"]]},
         "expected": [[3, "team"], [7, "pro"]]},
        {"data": {}, "expected": []},
    ],
}
RIGHT = """
SELECT user_id, plan FROM (
  SELECT user_id, plan, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
  FROM events
) WHERE rn = 1 ORDER BY user_id;
"""
HARD_CODED = "SELECT 1, 'pro' UNION ALL SELECT 2, 'free'"


def test_right_query_passes_every_test():
    verdict = run_submission(RIGHT, LATEST)
    assert verdict["status"] == "passed", verdict
    assert verdict["tests"][0]["actual"] == [[1, "pro"], [2, "free"]]


def test_hard_coded_rows_fail_the_hidden_data():
    verdict = run_submission(HARD_CODED, LATEST)
    assert verdict["status"] == "failed"
    assert [t["status"] for t in verdict["tests"]] == ["passed", "failed", "failed"]


def test_order_matters_only_when_the_question_says_so():
    query = RIGHT.replace("ORDER BY user_id;", "ORDER BY user_id DESC;")
    assert run_submission(query, LATEST)["status"] == "failed"
    assert run_submission(query, LATEST | {"ordered": False})["status"] == "passed"


@pytest.mark.parametrize("query", [
    "DROP TABLE events",
    "DELETE FROM events",
    "INSERT INTO events VALUES (1, 2, 'x') RETURNING *",
    "ATTACH DATABASE '/sandbox/x.db' AS x",
    "PRAGMA query_only = OFF",
    "CREATE TABLE t AS SELECT * FROM events",
])
def test_writes_and_attach_are_refused(query):
    verdict = run_submission(query, LATEST)
    assert verdict["status"] == "error"
    assert "read-only query" in verdict["message"]


def test_a_second_statement_is_refused():
    verdict = run_submission("SELECT 1, 'a'; DROP TABLE events", LATEST)
    assert verdict["status"] == "error"
    assert "one statement" in verdict["message"]


def test_syntax_error_is_a_load_error():
    verdict = run_submission("SELEKT user_id FROM events", LATEST)
    assert verdict["status"] == "error"
    assert "syntax error" in verdict["message"]


def test_runaway_recursive_query_hits_the_limits(attack_limits):
    query = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
             "SELECT x, 'a' FROM c")
    verdict = run_submission(query, LATEST, limits=attack_limits)
    assert verdict["status"] in {"timeout", "memory_limit"}


def test_rows_compare_by_position_with_numbers_normalised():
    assert rows_match([[1, 2.0]], [[1, 2]], ordered=True)
    assert rows_match([[0.1 + 0.2]], [[0.3]], ordered=True)
    assert not rows_match([[1, 2]], [[2, 1]], ordered=False)
    assert rows_match([[2, "b"], [1, None]], [[1, None], [2, "b"]], ordered=False)
    assert not rows_match([[1, "a"], [1, "a"]], [[1, "a"]], ordered=False)
    assert not rows_match([[1, "a"]], [[1, "a", None]], ordered=False)


def test_pandas_imports_inside_the_sandbox():
    code = (
        "import pandas as pd\n"
        "def f(rows):\n"
        "    df = pd.DataFrame(rows, columns=['k', 'v'])\n"
        "    return df.groupby('k')['v'].sum().to_dict()\n"
    )
    coding = {"entry": "f", "examples": [{"args": [[["a", 1], ["a", 2], ["b", 5]]],
                                          "expected": {"a": 3, "b": 5}}], "tests": []}
    verdict = run_submission(code, coding)
    assert verdict["status"] == "passed", verdict
