"""Property-based run of schemathesis against our own OpenAPI document, as each role.

For every documented operation, requests are generated from the schemas (valid ones and,
with the negative mode, deliberately broken ones) and sent with a real token: the API must
never answer 5xx, and every response must match what the document promises.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interview.accounts.tokens import create_token
from tests.api.test_questions_practice import GOOD_ANSWER

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]
EXAMPLES = 10  # per operation and mode: the whole run stays well under a minute


def _seed(api_as) -> None:
    """A few real objects, so generated ids sometimes hit something."""
    me = api_as()
    session = me.post("/sessions", json={"mode": "pick",
                                         "question_ids": ["beh-example-silent-drift"]}).json
    me.post(f"/items/{session['items'][0]['id']}/submit", json={"answer": GOOD_ANSWER})


def _run(operation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("role", ["candidate", "coach", "admin"])
def test_openapi_document_holds_under_generated_requests(app, bank, api_as, make_user, role):
    app.config["RATELIMIT_ENABLED"] = False
    _seed(api_as)
    _, secret = create_token(make_user(role=role), "schemathesis")
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, mode, headers)
