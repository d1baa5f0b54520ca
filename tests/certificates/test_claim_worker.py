"""The applicant's claim, issued by a real Celery worker (started by .ci/run on the PostgreSQL pass)."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import world_application
from zhicheng.applications.models import Status
from zhicheng.applications.services import application_record_paper, unit_clerks
from zhicheng.certificates.models import Certificate, IssueJob, JobStatus

real_worker = (not settings.CELERY_BROKER_URL.startswith("memory://")
               and not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"))


@pytest.fixture
def media_root():
    """The worker writes to the configured storage, not to a test directory: use it here too (and clean up)."""


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not real_worker, reason="needs CELERY_BROKER_URL, a worker on the test database and PostgreSQL "
                                            "(.ci/run)")
def test_a_claim_is_issued_by_the_real_worker(world, login):
    from django.core.files.storage import default_storage

    app = world_application(world, status=Status.RECOGNISED)
    application_record_paper(application=app, actor=world.users["bureau"], received_on=dt.date(2024, 10, 8),
                             delivered_by=unit_clerks([app.unit_id])[app.unit_id][0])
    applicant = login(world.users["zhang_san"])
    assert applicant.post(reverse("certificates:claim", args=[app.pk])).status_code == 302
    job = IssueJob.objects.get(created_by=world.users["zhang_san"])
    deadline = time.monotonic() + 120
    while job.status not in (JobStatus.DONE, JobStatus.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    certificate = Certificate.objects.filter(application=app).first()
    try:
        assert job.status == JobStatus.DONE and job.done == 1, job
        assert certificate is not None and certificate.issued_by == world.users["bureau"]
        with default_storage.open(certificate.pdf.name) as fh:
            assert fh.read(5) == b"%PDF-"
        html = applicant.get(reverse("applications:detail", args=[app.pk])).content.decode()
        assert certificate.number in html and reverse("certificates:download", args=[certificate.pk]) in html
    finally:
        if certificate is not None and certificate.pdf:
            default_storage.delete(certificate.pdf.name)
