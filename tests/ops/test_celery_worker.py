"""Tasks in a real Celery worker process (started by .ci/run on the PostgreSQL pass)."""

import os
import uuid

import pytest
from django.conf import settings

from zhicheng import celery_app
from zhicheng.ops.context import request_id_var
from zhicheng.ops.tasks import probe

real_broker = not settings.CELERY_BROKER_URL.startswith("memory://")


def test_tasks_run_in_process_without_a_broker_setting():
    # Tests default to eager execution (tests/conftest.py); the task still sees the caller's request id.
    token = request_id_var.set("req-eager")
    try:
        result = probe.delay("t1").get(timeout=5)
    finally:
        request_id_var.reset(token)
    assert result["pid"] == os.getpid() and result["request_id"] == "req-eager"


@pytest.mark.celery_worker
@pytest.mark.skipif(not real_broker, reason="needs CELERY_BROKER_URL and a running worker (.ci/run starts one)")
def test_real_worker_runs_the_task_with_the_request_id():
    assert celery_app.conf.task_always_eager is False
    request_id = f"req-{uuid.uuid4().hex[:12]}"
    token = request_id_var.set(request_id)
    try:
        async_result = probe.delay("t2")
    finally:
        request_id_var.reset(token)
    result = async_result.get(timeout=60)
    assert result["token"] == "t2"
    assert result["pid"] != os.getpid()  # another process: the worker
    assert result["request_id"] == request_id  # carried in the message header
