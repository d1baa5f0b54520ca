"""Property-based fuzzing of the JSON API against its own OpenAPI document (schemathesis, in-process WSGI).

schemathesis' pytest fixture loader does not work with pytest 9, so each operation's hypothesis strategy is
driven directly; the checks are the same ones the schemathesis CLI runs. Every operation of the document is
called with a real token of each role that holds one (made through the token page's service) and with none, on
the demo data; half of the generated calls name real objects (an application, its attachment, an entry, the
current batch) instead of random ids, so the answers with data are checked against their schemas too.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


class InTestTransactionWSGIHandler(WSGIHandler):
    """The real WSGI handler, with the one change Django's own test client makes: the request signals do not
    close the database connection. The test's data lives in a transaction on that connection; the production
    handler's ``close_old_connections`` would close it (on PostgreSQL every later call then answered 503
    "database busy", which was the harness, not the API)."""

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = super().__call__(environ, start_response)
            body = list(response)
            response.close()  # what a WSGI server does when the body is sent: request_finished fires here
            return body
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


application = InTestTransactionWSGIHandler()
pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
ROLES = ["unit_soe", "dept_build", "bureau", None]  # None: no token
EXAMPLES = 20


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


def test_openapi_document_lists_every_operation(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/eligibility", "/api/v1/publicity-check", "/api/v1/me", "/api/v1/review/queue",
            "/api/v1/unit/batches/{batch_id}/list/entries", "/api/v1/bureau/certificates/changes",
            "/api/v1/certificates/verify"} <= set(paths)


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


@pytest.fixture
def demo(db, settings):
    from django.core.cache import cache

    from zhicheng.core.demo import build_demo

    settings.API_TOKEN_RATE = "100000/min"  # the limit has its own test; here every generated call must run
    cache.clear()
    world = build_demo()
    yield world
    cache.clear()


def _real_ids(world) -> dict:
    from zhicheng.applications.models import Application
    from zhicheng.recommendations.models import RecommendationEntry

    app = Application.objects.filter(unit=world.units["soe"]).exclude(attachments=None).first()
    return {"batch_id": world.batches["current"].pk, "application_id": app.pk,
            "attachment_id": app.attachments.first().pk,
            "entry_id": RecommendationEntry.objects.filter(recommendation_list__unit=world.units["soe"]).first().pk}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_every_operation_with_each_roles_token_answers_as_documented(demo, role):
    from zhicheng.api.tokens import token_create

    headers = {"Authorization": f"Bearer {token_create(actor=demo.users[role], name='fuzz')[1]}"} if role else {}
    ids = _real_ids(demo)
    seen: dict[str, set[int]] = {}
    for operation in _operations():
        name = f"{operation.method.upper()} {operation.path}"

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(), real=st.booleans())  # noqa: B023
        def run(case, real):
            if real and case.path_parameters:
                case.path_parameters = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
            response = case.call_and_validate(checks=CHECKS, headers=headers)
            seen.setdefault(name, set()).add(response.status_code)  # noqa: B023  (run() is called right here)

        run()
    assert seen and all(code < 500 for codes in seen.values() for code in codes)
    if role is None:
        assert seen["GET /api/v1/me"] == {401}
    else:
        assert 200 in seen["GET /api/v1/me"]
        assert 200 in seen["GET /api/v1/review/queue"]
