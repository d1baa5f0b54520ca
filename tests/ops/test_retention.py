"""Data retention: nothing goes before its period ends; after it, exactly what the rules say goes."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.factories import world_application
from zhicheng.applications.attachments import attachment_add
from zhicheng.applications.models import Application, Status
from zhicheng.audit.models import AuditEntry
from zhicheng.documents.models import Attachment, Category
from zhicheng.notifications.models import Notification
from zhicheng.recommendations.demo import minimal_pdf
from zhicheng.supervision.models import IntegrityRecord

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


@pytest.fixture
def old_records(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(at(2024, 9, 10, 10), tick=False):
        draft = world_application(world, "wang_wu", status=Status.DRAFT)
        attachment_add(application=draft, category=Category.ID_CARD, actor=draft.applicant,
                       uploaded_file=ContentFile(minimal_pdf("id"), "id.pdf"))
    with time_machine.travel(at(2024, 10, 1, 10), tick=False):  # after the bureau's decisions
        rejected = world_application(world, "zhang_san", status=Status.REJECTED)
        recognised = world_application(world, "li_si", status=Status.RECOGNISED, recognised=dt.date(2024, 9, 30))
        record = IntegrityRecord.objects.create(
            person=world.users["zhao_liu"], name="赵六", id_number=world.users["zhao_liu"].id_number,
            finding="伪造学历证明", decided_on=dt.date(2024, 10, 1), ban_until=dt.date(2027, 9, 30),
            district=world.districts["panlong"], evidence=ContentFile(b"%PDF evidence", "e.pdf"),
        )
        Notification.objects.create(user=world.users["zhang_san"], title="您的申报已退回")
    return {"rejected": rejected, "recognised": recognised, "draft": draft, "integrity": record,
            "files": {key: app.attachments.count() for key, app in
                      (("rejected", rejected), ("recognised", recognised), ("draft", draft))}}


def retention(*args, capture=None):
    out = io.StringIO()
    if capture is not None:
        with capture(execute=True):
            call_command("retention", *args, stdout=out)
    else:
        call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_nothing_is_touched_before_the_period_ends(old_records, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2027, 9, 1), tick=False):
        output = retention("--apply", capture=django_capture_on_commit_callbacks)
    assert "没有到期数据" in output
    assert Attachment.objects.count() == sum(old_records["files"].values())
    assert not AuditEntry.objects.filter(action="retention.apply").exists()


@pytest.mark.django_db
def test_dry_run_lists_but_changes_nothing(old_records):
    with time_machine.travel(at(2027, 10, 15), tick=False):
        output = retention("--dry-run")
    assert "试运行" in output
    assert "不予认定、已终止及未完成的申报（批次审核截止后 3 年）：2 条" in output
    assert "审计记录（永久保存）" in output
    rejected = Application.objects.get(pk=old_records["rejected"].pk)
    assert rejected.achievements and rejected.attachments.count() == old_records["files"]["rejected"] > 0


@pytest.mark.django_db
def test_closed_applications_lose_files_and_content_after_three_years(old_records, django_capture_on_commit_callbacks):
    file_names = [a.file.name for a in old_records["rejected"].attachments.all()]
    assert file_names and all(default_storage.exists(name) for name in file_names)
    with time_machine.travel(at(2027, 10, 15), tick=False):
        output = retention("--apply", capture=django_capture_on_commit_callbacks)
    assert "已处理" in output
    rejected = Application.objects.get(pk=old_records["rejected"].pk)
    assert rejected.achievements == "" and rejected.education == [] and rejected.attachments.count() == 0
    assert rejected.status == Status.REJECTED and rejected.series == "工程"  # statistics survive
    assert not any(default_storage.exists(name) for name in file_names)
    assert Application.objects.get(pk=old_records["draft"].pk).attachments.count() == 0
    # The recognised title and the integrity record (ban ends 2027-09-30, kept 3 more years) are untouched.
    assert Application.objects.get(pk=old_records["recognised"].pk).attachments.count() == old_records["files"][
        "recognised"] > 0
    assert IntegrityRecord.objects.get(pk=old_records["integrity"].pk).name == "赵六"
    audit = AuditEntry.objects.get(action="retention.apply", object_id="closed_applications")
    assert audit.changes["count"] == 2 and audit.actor_name == "系统"
    with time_machine.travel(at(2027, 10, 16), tick=False):
        assert "没有到期数据" in retention("--apply", capture=django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_integrity_record_is_archived_three_years_after_the_ban(old_records, django_capture_on_commit_callbacks):
    record = old_records["integrity"]
    evidence = record.evidence.name
    with time_machine.travel(at(2030, 9, 29), tick=False):
        retention("--apply", capture=django_capture_on_commit_callbacks)
    assert IntegrityRecord.objects.get(pk=record.pk).id_number == record.id_number
    with time_machine.travel(at(2030, 10, 1), tick=False):
        retention("--apply", capture=django_capture_on_commit_callbacks)
    archived = IntegrityRecord.objects.get(pk=record.pk)
    assert archived.name == "赵*" and "*" in archived.id_number and archived.id_number[-4:] == record.id_number[-4:]
    assert archived.person is None and archived.finding == "伪造学历证明" and not archived.evidence
    assert not default_storage.exists(evidence)
    assert not Notification.objects.exists()  # 3 years after it was sent


@pytest.mark.django_db
def test_recognised_title_keeps_its_facts_after_thirty_years(old_records, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2054, 9, 29), tick=False):
        retention("--apply", capture=django_capture_on_commit_callbacks)
    assert Application.objects.get(pk=old_records["recognised"].pk).attachments.count() == old_records["files"][
        "recognised"] > 0
    with time_machine.travel(at(2054, 10, 1), tick=False):
        retention("--apply", capture=django_capture_on_commit_callbacks)
    app = Application.objects.get(pk=old_records["recognised"].pk)
    assert app.attachments.count() == 0 and app.achievements == ""
    assert (app.status, app.recognised_on, app.recognised_level) == (Status.RECOGNISED, dt.date(2024, 9, 30),
                                                                     "zhuliji")
    assert app.applicant.real_name == "李四"
