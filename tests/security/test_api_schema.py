"""Property-based fuzzing of the JSON API against its own OpenAPI document (schemathesis, in-process WSGI).

schemathesis' pytest fixture loader does not work with pytest 9, so each operation's hypothesis strategy is
driven directly; the checks are the same ones the schemathesis CLI runs.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhicheng.wsgi import application

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


def test_openapi_document_lists_the_public_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/eligibility", "/api/v1/publicity-check"} <= set(paths)


@pytest.mark.parametrize("path", ["/api/v1/eligibility", "/api/v1/publicity-check"])
def test_api_never_fails_and_answers_as_documented(path):
    operation = next(op for op in _operations() if op.path == path)
    calls = []

    @settings(max_examples=50, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call_and_validate(checks=CHECKS)
        calls.append(response.status_code)

    run()
    assert calls and all(code < 500 for code in calls)
    assert 200 in calls or 422 in calls
