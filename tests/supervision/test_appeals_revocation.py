import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import application_in
from zhicheng.applications.models import Status
from zhicheng.supervision import appeals
from zhicheng.supervision.models import AppealOutcome, AppealStatus, IntegrityRecord, RevocationStatus
from zhicheng.supervision.sanctions import integrity_ban_until
from zhicheng.supervision.services import application_revoke

NOW = "2026-11-27 10:00 +0800"
TEXT = "单位考核时未按制度组织评议，本人业绩材料被遗漏，请求复查考核推荐结论。"


@time_machine.travel(NOW, tick=False)
def test_appeal_runs_both_levels_through_the_pages(world, login):
    person = world.users["li_si"]  # soe unit, competent department: 住建局
    application = application_in(Status.REJECTED, person=person, unit=world.units["soe"],
                                 batch=world.batches["2024q3"])
    client = login(person)
    assert client.get(reverse("supervision:appeal_new")).status_code == 200
    response = client.post(reverse("supervision:appeal_new"), {
        "application": application.pk, "about": "recommendation", "text": TEXT})
    appeal = application.appeals.get()
    assert response.status_code == 302 and appeal.department == world.departments["build"]
    assert world.users["dept_build"].notifications.filter(title__startswith="收到申诉").exists()

    dept = login(world.users["dept_build"])
    assert "李四" in dept.get(reverse("supervision:appeals")).content.decode()
    dept.post(reverse("supervision:appeal_start", args=[appeal.pk]))
    dept.post(reverse("supervision:appeal_decide", args=[appeal.pk]),
              {"outcome": AppealOutcome.DISMISSED, "reasons": "经复查，单位考核程序符合其考核推荐制度。"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DECIDED and appeal.outcome == AppealOutcome.DISMISSED

    # the edu department cannot see it; the other district's bureau gets 404
    assert login(world.users["dept_edu"]).get(reverse("supervision:appeal_detail", args=[appeal.pk])).status_code == 404
    assert login(world.users["bureau_wuhua"]).get(
        reverse("supervision:appeal_detail", args=[appeal.pk])).status_code == 404

    client = login(person)
    page = client.get(reverse("supervision:appeal_detail", args=[appeal.pk])).content.decode()
    assert "经复查，单位考核程序符合" in page and "向区人社局申诉" in page
    client.post(reverse("supervision:appeal_escalate", args=[appeal.pk]), {"text": "复查未调取评议记录，" + TEXT})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ESCALATED

    bureau = login(world.users["bureau"])
    bureau.post(reverse("supervision:appeal_bureau_decide", args=[appeal.pk]),
                {"outcome": AppealOutcome.UPHELD, "reasons": "评议记录缺失，责成单位重新组织考核评议。"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.BUREAU_DECIDED and appeal.bureau_outcome == AppealOutcome.UPHELD
    assert person.notifications.filter(title__contains="人社局申诉结论").exists()
    with pytest.raises(ValidationError):
        appeals.appeal_escalate(appeal=appeal, actor=person, text=TEXT)


@time_machine.travel("2024-09-25 10:00 +0800", tick=False)
def test_appeal_waits_until_recognition_has_ended(world, login):
    person = world.users["zhang_san"]
    application = application_in(Status.BUREAU_RECOGNITION, person=person, unit=world.units["school"],
                                 batch=world.batches["2024q3"])
    response = login(person).post(reverse("supervision:appeal_new"), {
        "application": application.pk, "about": "assessment", "text": TEXT})
    assert response.status_code == 200 and "考核认定尚未结束" in response.content.decode()
    assert not application.appeals.exists()
    with time_machine.travel("2024-10-01 10:00 +0800", tick=False):
        appeal = appeals.appeal_file(appellant=person, about="assessment", text=TEXT, application=application)
    assert appeal.department == world.departments["edu"]


@time_machine.travel(NOW, tick=False)
def test_unit_without_department_goes_to_the_bureau_whose_word_is_final(world):
    person = world.users["wang_wu"]
    application = application_in(Status.REJECTED, person=person, unit=world.units["private"],
                                 batch=world.batches["2024q3"])
    appeal = appeals.appeal_file(appellant=person, about="recognition", text=TEXT, application=application)
    assert appeal.department is None and appeal.handling_body == "盘龙区人力资源和社会保障局"
    with pytest.raises(ValidationError):
        appeals.appeal_decide(appeal=appeal, actor=world.users["dept_build"], outcome=AppealOutcome.DISMISSED,
                              reasons="无权复查的部门尝试作出结论")
    appeal = appeals.appeal_decide(appeal=appeal, actor=world.users["bureau"], outcome=AppealOutcome.DISMISSED,
                                   reasons="经复查，不予认定的理由成立。")
    assert appeals.escalate_blocker(appeal, person) == appeals.MSG_BUREAU_FINAL


@time_machine.travel(NOW, tick=False)
def test_department_finds_person_ineligible_and_bureau_revokes_with_integrity_record(world, login):
    person = world.users["li_si"]
    application = application_in(Status.RECOGNISED, person=person, unit=world.units["soe"],
                                 batch=world.batches["2024q3"],
                                   paper=dt.date(2024, 10, 8))
    from zhicheng.certificates.services import certificate_issue

    certificate = certificate_issue(application=application, actor=world.users["bureau"])
    assert certificate.status == "valid"
    appeal = appeals.appeal_file(appellant=world.users["li_si"], about="recognition", text=TEXT,
                                 application=application)
    appeals.appeal_decide(appeal=appeal, actor=world.users["dept_build"], outcome=AppealOutcome.REVOCATION,
                          reasons="复查发现参保证明系伪造，不符合申报条件。", false_material=True)
    request = application.revocation_requests.get()
    assert request.status == RevocationStatus.PENDING and request.false_material

    assert login(world.users["bureau_wuhua"]).get(reverse("supervision:revoke", args=[application.pk])).status_code == 404
    bureau = login(world.users["bureau"])  # the same test client, now as the Panlong bureau
    assert "参保证明系伪造" in bureau.get(reverse("supervision:revocations")).content.decode()
    assert bureau.get(reverse("supervision:revoke", args=[application.pk])).status_code == 200
    response = bureau.post(reverse("supervision:revoke", args=[application.pk]), {
        "reason": "申报材料中的参保证明系伪造。", "open_integrity_record": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    request.refresh_from_db()
    assert application.status == Status.REVOKED and request.status == RevocationStatus.REVOKED
    record = IntegrityRecord.objects.get(application=application)
    assert integrity_ban_until(person, dt.date(2026, 11, 27)) == record.ban_until == dt.date(2029, 11, 26)
    assert person.notifications.filter(title="您的职称认定已被撤销").exists()
    assert world.users["unit_soe"].notifications.filter(title__startswith="职称已撤销").exists()
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and "参保证明系伪造" in certificate.revoke_reason
    with pytest.raises(ValidationError):
        application_revoke(application=application, actor=world.users["bureau"], reason="再次撤销",
                           open_integrity_record=False)


@time_machine.travel(NOW, tick=False)
def test_only_the_bureau_revokes_and_only_recognised_titles(world):
    application = application_in(Status.RECOGNISED, person=world.users["zhang_san"],
                                 unit=world.units["school"],
                                   batch=world.batches["2024q3"])
    with pytest.raises(ValidationError):
        application_revoke(application=application, actor=world.users["dept_edu"], reason="x",
                           open_integrity_record=False)
    rejected = application_in(Status.REJECTED, person=world.users["wang_wu"], unit=world.units["private"],
                                batch=world.batches["2024q3"])
    with pytest.raises(ValidationError) as exc:
        application_revoke(application=rejected, actor=world.users["bureau"], reason="x", open_integrity_record=True)
    assert "只有已认定的申报" in exc.value.messages[0]
    assert not IntegrityRecord.objects.exists()
    revocation = application_revoke(application=application, actor=world.users["bureau"], reason="学历系伪造",
                                    open_integrity_record=False)
    assert revocation.integrity_record is None and not IntegrityRecord.objects.exists()
