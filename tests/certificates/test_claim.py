"""The applicant's own 申领 of the e-certificate (notice 三（四）): after the bureau records the stamped paper form."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.documents.pdfcheck import pdf_text
from tests.factories import world_application
from zhicheng.applications.models import Status
from zhicheng.applications.services import application_record_paper, unit_clerks
from zhicheng.audit.models import AuditEntry
from zhicheng.certificates.models import Certificate, IssueJob, IssueJobItem, VerificationLog
from zhicheng.certificates.services import (
    MSG_ALREADY,
    MSG_CLAIM_NO_PAPER,
    MSG_CLAIM_NOT_APPLICANT,
    certificate_claim,
)
from zhicheng.certificates.views import MSG_CLAIM_DONE, MSG_CLAIM_QUEUED
from zhicheng.notifications.models import Notification

BUREAU_NAME = "盘龙区人力资源和社会保障局"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def recognised(world, username="zhang_san"):
    return world_application(world, username, status=Status.RECOGNISED)


def record_paper(world, app):
    return application_record_paper(application=app, actor=world.users["bureau"], received_on=dt.date(2024, 10, 8),
                                    delivered_by=unit_clerks([app.unit_id])[app.unit_id][0])


def claim_url(app):
    return reverse("certificates:claim", args=[app.pk])


def page(client, app) -> str:
    response = client.get(reverse("applications:detail", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db(transaction=True)  # committed for real: the task runs on commit, as in the embedded default
def test_applicant_claims_once_the_paper_form_is_recorded(world, login):
    app = recognised(world)
    applicant = login(world.users["zhang_san"])
    before = page(applicant, app)
    assert MSG_CLAIM_NO_PAPER.format(bureau=BUREAU_NAME) in before and claim_url(app) not in before

    record_paper(world, app)
    ready = page(applicant, app)
    assert f'action="{claim_url(app)}"' in ready and "申领电子职称证书" in ready

    response = applicant.post(claim_url(app))
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[app.pk])
    certificate = Certificate.objects.get(application=app)
    after = page(applicant, app)
    assert MSG_CLAIM_DONE.format(number=certificate.number) in after
    assert certificate.number in after and reverse("certificates:download", args=[certificate.pk]) in after
    assert certificate.verify_path in after and claim_url(app) not in after
    assert certificate.issued_by == world.users["bureau"]  # who recorded the paper form
    assert certificate.issuing_bureau == BUREAU_NAME

    pdf = applicant.get(reverse("certificates:download", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert certificate.number in pdf_text(pdf.content)
    verified = applicant.get(certificate.verify_path)
    assert verified.status_code == 200 and "证书有效" in verified.content.decode()
    assert VerificationLog.objects.filter(certificate=certificate).count() == 1
    assert Notification.objects.filter(user=world.users["zhang_san"], title="电子职称证书已签发").exists()

    claim_row = AuditEntry.objects.get(action="certificate.claim")
    assert claim_row.actor == world.users["zhang_san"] and claim_row.actor_role == "applicant"
    assert claim_row.object_type == "applications.application" and claim_row.object_id == str(app.pk)
    bureau = world.users["bureau"]
    assert claim_row.changes["paper_received_by"] == bureau.pk and claim_row.changes["paper_received_on"] == "2024-10-08"
    issue_row = AuditEntry.objects.get(action="certificate.issue")
    assert issue_row.actor is None and issue_row.actor_name == "系统"  # issued on the bureau's behalf
    assert issue_row.changes["claimed_by"] == world.users["zhang_san"].pk
    assert issue_row.changes["paper_received_by"] == bureau.pk
    assert f"{world.users['zhang_san'].display_name}申领" in issue_row.comment
    assert f"依据{bureau.display_name}于2024年10月8日登记收到" in issue_row.comment


def test_claim_is_refused_until_the_bureau_has_the_stamped_paper_form(world, login):
    app = recognised(world)
    with pytest.raises(ValidationError) as exc:
        certificate_claim(application=app, actor=world.users["zhang_san"])
    message = MSG_CLAIM_NO_PAPER.format(bureau=BUREAU_NAME)
    assert exc.value.messages == [message]
    assert "单位经办人" in message and "考核认定表" in message

    response = login(world.users["zhang_san"]).post(claim_url(app), follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert not IssueJob.objects.exists() and not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="certificate.claim").exists()


def test_claim_is_refused_before_recognition(world):
    app = world_application(world, status=Status.BUREAU_RECOGNITION)
    with pytest.raises(ValidationError) as exc:
        certificate_claim(application=app, actor=world.users["zhang_san"])
    assert exc.value.messages == ["该申报当前状态为“待人社局认定”，认定通过后方可申领电子职称证书。"]


def test_only_the_applicant_may_claim(world, login, client):
    app = record_paper(world, recognised(world))
    with pytest.raises(PermissionDenied) as exc:
        certificate_claim(application=app, actor=world.users["li_si"])
    assert str(exc.value) == MSG_CLAIM_NOT_APPLICANT
    with pytest.raises(PermissionDenied):
        certificate_claim(application=app, actor=world.users["bureau"])

    assert login(world.users["li_si"]).post(claim_url(app)).status_code == 404  # another applicant's
    assert login(world.users["unit_school"]).post(claim_url(app)).status_code == 403
    assert login(world.users["zhang_san"]).get(claim_url(app)).status_code == 405
    assert login(world.users["zhang_san"]).post(reverse("certificates:claim", args=[999999])).status_code == 404
    client.logout()
    assert client.post(claim_url(app))["Location"].startswith(reverse("accounts:login"))
    assert not IssueJob.objects.exists() and not Certificate.objects.exists()


def test_claiming_twice_makes_one_job_and_one_certificate(world, login, django_capture_on_commit_callbacks):
    app = record_paper(world, recognised(world))
    applicant = login(world.users["zhang_san"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = applicant.post(claim_url(app), {"back": "mine"})
        second = applicant.post(claim_url(app), {"back": "mine"})
    assert first["Location"] == second["Location"] == reverse("certificates:mine")
    assert IssueJob.objects.count() == 1 and IssueJobItem.objects.count() == 1
    mine = applicant.get(reverse("certificates:mine")).content.decode()
    assert MSG_CLAIM_QUEUED in mine and "排队中" in mine and 'http-equiv="refresh"' in mine
    assert claim_url(app) not in mine  # no second button while it is being generated
    assert AuditEntry.objects.filter(action="certificate.claim").count() == 1

    for callback in queued:  # commit: the worker runs the one job
        callback()
    certificate = Certificate.objects.get(application=app)
    again = applicant.post(claim_url(app), follow=True).content.decode()
    assert MSG_ALREADY.format(number=certificate.number) in again
    assert Certificate.objects.count() == 1 and IssueJob.objects.count() == 1
    mine = applicant.get(reverse("certificates:mine")).content.decode()
    assert certificate.number in mine and 'http-equiv="refresh"' not in mine


def test_my_certificates_page_offers_the_claim_or_says_why_not(world, login, django_capture_on_commit_callbacks):
    ready = record_paper(world, recognised(world))
    waiting = world_application(world, status=Status.RECOGNISED, batch_key="current", specialty="给排水工程")
    applicant = login(world.users["zhang_san"])
    mine = applicant.get(reverse("certificates:mine")).content.decode()
    assert f'action="{claim_url(ready)}"' in mine and 'name="back" value="mine"' in mine
    assert claim_url(waiting) not in mine and MSG_CLAIM_NO_PAPER.format(bureau=BUREAU_NAME) in mine
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant.post(claim_url(ready), {"back": "mine"})
    assert response["Location"] == reverse("certificates:mine")
    html = applicant.get(response["Location"]).content.decode()
    certificate = Certificate.objects.get(application=ready)
    assert certificate.number in html and certificate.verify_path in html
    assert reverse("certificates:download", args=[certificate.pk]) in html
    assert claim_url(ready) not in html and MSG_CLAIM_NO_PAPER.format(bureau=BUREAU_NAME) in html  # still waiting


def test_the_bureaus_bulk_issue_still_works_and_a_pending_claim_does_not_double_it(
        world, login, django_capture_on_commit_callbacks):
    claimed = record_paper(world, recognised(world))
    other = record_paper(world, recognised(world, "li_si"))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        login(world.users["zhang_san"]).post(claim_url(claimed))
    bureau = login(world.users["bureau"])
    assert "共 2 份待签发" in bureau.get(reverse("certificates:issue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau.post(reverse("certificates:issue"))
    job = IssueJob.objects.exclude(created_by=world.users["zhang_san"]).get()
    assert response["Location"] == reverse("certificates:job", args=[job.pk])
    assert bureau.get(reverse("certificates:job_status", args=[job.pk])).json()["done"] == 2
    assert {c.application_id: c.issued_by for c in Certificate.objects.all()} == {
        claimed.pk: world.users["bureau"], other.pk: world.users["bureau"]}

    for callback in queued:  # the applicant's claim reaches the worker after the bureau issued it: nothing more
        callback()
    assert Certificate.objects.count() == 2
    claim_item = IssueJobItem.objects.get(job__created_by=world.users["zhang_san"])
    assert claim_item.status == "failed" and claim_item.error.startswith("该申报已签发电子证书")
    html = page(login(world.users["zhang_san"]), claimed)
    assert Certificate.objects.get(application=claimed).number in html and "上次生成未成功" not in html


def test_a_claim_whose_worker_was_lost_can_be_made_again(world, login, django_capture_on_commit_callbacks):
    from zhicheng.certificates.services import CLAIM_STALE_AFTER

    app = record_paper(world, recognised(world))
    applicant = login(world.users["zhang_san"])
    with django_capture_on_commit_callbacks(execute=False):
        applicant.post(claim_url(app), {"back": "mine"})  # queued, but its worker never runs it
    lost = IssueJob.objects.get()
    IssueJob.objects.filter(pk=lost.pk).update(created_at=lost.created_at - CLAIM_STALE_AFTER - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(claim_url(app), {"back": "mine"})
    assert IssueJob.objects.count() == 2
    assert Certificate.objects.filter(application=app).count() == 1


def test_paper_copies_must_be_delivered_by_one_of_the_units_officers(world):
    app = recognised(world)
    for wrong in (None, world.users["zhang_san"], world.users["bureau"]):
        with pytest.raises(ValidationError, match="单位经办人"):
            application_record_paper(application=app, actor=world.users["bureau"], received_on=dt.date(2024, 10, 8),
                                     delivered_by=wrong)
    app.refresh_from_db()
    assert app.paper_received_on is None
    clerk = unit_clerks([app.unit_id])[app.unit_id][0]
    app = record_paper(world, app)
    assert app.paper_delivered_by == clerk
    entry = AuditEntry.objects.filter(action="application.record_paper").latest("id")
    assert entry.changes["delivered_by"] == clerk.pk


def test_a_batch_with_electronic_seals_has_no_paper_form_to_record(world):
    from zhicheng.batches.models import Stamping

    app = recognised(world)
    app.batch.stamping = Stamping.ELECTRONIC
    app.batch.save(update_fields=["stamping"])
    with pytest.raises(ValidationError, match="电子签章"):
        record_paper(world, app)
