"""Request ids and structured logs: what an operator reads when something goes wrong."""

import io
import json
import logging

import pytest

from zhicheng import celery_app
from zhicheng.ops.context import request_id_var
from zhicheng.ops.logging import ContextFilter, JsonFormatter, build_logging, security_event


@pytest.fixture
def json_lines():
    """Capture zhicheng.* log records as the production JSON formatter writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger("zhicheng")
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_request_id_is_taken_from_the_proxy_and_echoed(client, json_lines):
    response = client.get("/", HTTP_X_REQUEST_ID="lb-1234-abcd")
    assert response["X-Request-ID"] == "lb-1234-abcd"
    line = next(r for r in json_lines() if r["logger"] == "zhicheng.request")
    assert line["request_id"] == "lb-1234-abcd"
    assert line["event_kind"] == "request"
    assert line["path"] == "/" and line["status"] == 200 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)


@pytest.mark.django_db
def test_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_logged_in_request_logs_the_user_id(world, login, json_lines):
    client = login(world.users["bureau"])
    client.get("/workbench/")
    line = next(r for r in json_lines() if r["logger"] == "zhicheng.request" and r["path"] == "/workbench/")
    assert line["user_id"] == world.users["bureau"].pk


def test_security_events_are_distinguishable(json_lines):
    token = request_id_var.set("req-42")
    try:
        security_event("id_number.view", user_id=7, application_id=3, name="should not clash")
    finally:
        request_id_var.reset(token)
    (line,) = json_lines()
    assert line["logger"] == "zhicheng.security" and line["event_kind"] == "security"
    assert line["message"] == "id_number.view" and line["application_id"] == 3
    assert line["request_id"] == "req-42" and line["user_id"] == 7
    assert line["field_name"] == "should not clash"


@pytest.mark.django_db
def test_audit_rows_reach_the_log_as_audit_or_security_events(world, json_lines, django_capture_on_commit_callbacks):
    from zhicheng.audit.services import audit_record

    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=world.users["bureau"], action="batch.publish", obj=world.batches["current"])
        audit_record(actor=world.users["bureau"], action="id_number.view", obj=world.users["zhang_san"],
                     is_security_event=True)
    kinds = {r["message"]: (r["logger"], r["event_kind"]) for r in json_lines()}
    assert kinds["batch.publish"] == ("zhicheng.audit", "audit")
    assert kinds["id_number.view"] == ("zhicheng.security", "security")


@pytest.mark.django_db
def test_login_lockout_is_a_security_event(client, world, json_lines, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "bureau", "password": "wrong-password"})
    lockouts = [r for r in json_lines() if r.get("message") == "login.locked_out"]
    assert lockouts and lockouts[0]["event_kind"] == "security" and lockouts[0]["username"] == "bureau"


def test_build_logging_switches_formatter():
    assert build_logging("json")["handlers"]["console"]["formatter"] == "json"
    assert build_logging("plain")["handlers"]["console"]["formatter"] == "plain"


def test_request_id_travels_into_a_task():
    @celery_app.task(name="tests.ops.echo_request_id")
    def echo_request_id():
        return request_id_var.get()

    token = request_id_var.set("req-from-view")
    try:
        result = echo_request_id.apply()
    finally:
        request_id_var.reset(token)
    assert result.get() == "req-from-view"


def test_publish_adds_the_request_id_header():
    from zhicheng.ops.signals import add_request_id_header

    headers: dict = {}
    token = request_id_var.set("req-99")
    try:
        add_request_id_header(sender="x", headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers["zhicheng_request_id"] == "req-99"


@pytest.mark.django_db
def test_a_403_is_one_warning_line_with_request_id_user_and_path(world, login):
    """Someone following a link their role may not open is not an error: one line, no traceback."""
    from zhicheng.ops.logging import PLAIN_FORMAT

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        applicant = world.users["zhang_san"]
        response = login(applicant).get("/supervision/", HTTP_X_REQUEST_ID="probe-403-a")
    finally:
        root.removeHandler(handler)
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有权限" in page and "您的角色无权访问此页面" in page  # the Chinese 403 page, with the reason
    lines = [line for line in stream.getvalue().splitlines() if "django.request" in line]
    assert len(lines) == 1, stream.getvalue()
    assert " WARNING django.request " in lines[0] and "[probe-403-a]" in lines[0]
    assert "/supervision/" in lines[0] and f"user={applicant.pk}" in lines[0]
    assert "Traceback" not in stream.getvalue() and "PermissionDenied" not in stream.getvalue()


@pytest.mark.django_db
def test_unknown_address_gets_the_chinese_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
