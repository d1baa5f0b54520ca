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


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not real_broker or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                    reason="needs CELERY_BROKER_URL, a worker on the test database and PostgreSQL (.ci/run)")
def test_certificates_are_issued_and_rendered_by_the_real_worker(world):
    import datetime as dt

    from django.core.files.storage import default_storage

    from tests.factories import world_application
    from zhicheng.applications.models import Status
    from zhicheng.certificates.models import Certificate
    from zhicheng.certificates.tasks import issue_certificates

    apps = [world_application(world, name, status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
            for name in ("zhang_san", "li_si")]
    async_result = issue_certificates.delay([a.pk for a in apps], actor_id=world.users["bureau"].pk)
    assert type(async_result).__name__ == "AsyncResult"  # queued, not run in this process
    result = async_result.get(timeout=120)
    assert result["done"] == 2 and result["failed"] == 0
    certificates = list(Certificate.objects.filter(application__in=apps))
    assert len(certificates) == 2
    try:
        for certificate in certificates:
            assert certificate.pdf and default_storage.exists(certificate.pdf.name)
            with default_storage.open(certificate.pdf.name) as fh:
                assert fh.read(5) == b"%PDF-"
    finally:
        for certificate in certificates:
            if certificate.pdf:
                default_storage.delete(certificate.pdf.name)
