"""The applicant's 申领 in the embedded set-up (no broker): the certificate is made in a background thread of the web
process, so the POST answers at once and the page shows 排队中 / 生成中, then the certificate, or 失败 with a retry."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import world_application
from zhicheng.applications.models import Status
from zhicheng.applications.services import application_record_paper, unit_clerks
from zhicheng.certificates import services
from zhicheng.certificates.models import Certificate, IssueJob, IssueJobItem, JobStatus
from zhicheng.certificates.views import MSG_CLAIM_QUEUED
from zhicheng.ops import background


class AfterTheResponse:
    """The real background thread, handed each task once the test client's request has returned. A server's
    response has gone before the thread gets far; here the test database lives in memory (SQLite's shared
    cache), where a thread writing a table that the still-running request reads fails at once with "database
    table is locked" instead of waiting as it does on the embedded set-up's file in WAL mode."""

    def __init__(self, pool):
        self.pool, self.queued = pool, []

    def submit(self, fn, *args):
        self.queued.append((fn, args))

    def drain(self):
        while self.queued:
            fn, args = self.queued.pop(0)
            self.pool.submit(fn, *args).result(timeout=120)


@pytest.fixture
def in_background(settings, monkeypatch):
    settings.TASKS_IN_BACKGROUND = True  # as in the embedded default (tests run tasks in the request)
    deferred = AfterTheResponse(background._pool())
    monkeypatch.setattr(background, "_pool", lambda: deferred)
    return deferred


def claimable(world):
    app = world_application(world, "zhang_san", status=Status.RECOGNISED)
    application_record_paper(application=app, actor=world.users["bureau"], received_on=dt.date(2024, 10, 8),
                             delivered_by=unit_clerks([app.unit_id])[app.unit_id][0])
    return app


def page(client, app) -> str:
    response = client.get(reverse("applications:detail", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def wait_for_background() -> None:
    """Run what the request queued in the background thread, and wait for it."""
    background._pool().drain()


class HeldPool:
    """Stands in for the background thread: keeps what was queued until the test runs it."""

    def __init__(self):
        self.queued = []

    def submit(self, fn, *args):
        self.queued.append((fn, args))

    def run_all(self):
        for fn, args in self.queued:
            fn(*args)
        self.queued.clear()


@pytest.mark.django_db(transaction=True)  # the background thread has its own connection: the data must be committed
def test_the_claim_answers_before_the_certificate_is_made_and_the_page_then_links_it(world, login, in_background):
    app = claimable(world)
    applicant = login(world.users["zhang_san"])
    response = applicant.post(reverse("certificates:claim", args=[app.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[app.pk])

    wait_for_background()
    certificate = Certificate.objects.get(application=app)
    assert IssueJob.objects.get().status == JobStatus.DONE
    html = page(applicant, app)
    assert certificate.number in html and reverse("certificates:download", args=[certificate.pk]) in html
    assert 'http-equiv="refresh"' not in html
    pdf = applicant.get(reverse("certificates:download", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


@pytest.mark.django_db(transaction=True)
def test_while_queued_the_page_refreshes_itself_and_a_double_click_makes_one_certificate(
        world, login, in_background, monkeypatch):
    held = HeldPool()
    monkeypatch.setattr(background, "_pool", lambda: held)
    app = claimable(world)
    applicant = login(world.users["zhang_san"])
    first = applicant.post(reverse("certificates:claim", args=[app.pk]), follow=True)
    second = applicant.post(reverse("certificates:claim", args=[app.pk]), follow=True)
    assert not Certificate.objects.exists()  # the requests did not wait for it
    for response in (first, second):
        html = response.content.decode()
        assert MSG_CLAIM_QUEUED in html and "排队中" in html and 'http-equiv="refresh"' in html
        assert 'action="{}"'.format(reverse("certificates:claim", args=[app.pk])) not in html  # no second button
    assert IssueJob.objects.count() == 1 and IssueJobItem.objects.count() == 1

    held.run_all()
    assert Certificate.objects.filter(application=app).count() == 1
    html = page(applicant, app)
    assert Certificate.objects.get().number in html and 'http-equiv="refresh"' not in html


@pytest.mark.django_db(transaction=True)
def test_a_fault_while_making_it_shows_failed_with_a_retry_that_works(world, login, in_background, monkeypatch):
    def broken(**kwargs):
        raise OSError("storage unavailable")

    app = claimable(world)
    applicant = login(world.users["zhang_san"])
    with monkeypatch.context() as patched:
        patched.setattr(services, "certificate_issue", broken)
        applicant.post(reverse("certificates:claim", args=[app.pk]))
        wait_for_background()
    assert IssueJobItem.objects.get().status == JobStatus.FAILED
    html = page(applicant, app)
    assert '<span class="tag tag-fix">失败</span>' in html and services.MSG_ISSUE_FAULT in html
    assert "storage" not in html
    claim_button = 'action="{}"'.format(reverse("certificates:claim", args=[app.pk]))
    assert claim_button in html and 'http-equiv="refresh"' not in html
    assert not Certificate.objects.exists()

    applicant.post(reverse("certificates:claim", args=[app.pk]))  # 再次申领
    wait_for_background()
    certificate = Certificate.objects.get(application=app)
    html = page(applicant, app)
    assert certificate.number in html and services.MSG_ISSUE_FAULT not in html and claim_button not in html
