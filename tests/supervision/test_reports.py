"""实名举报: a signed-in person reports a certified person by certificate number + name; the report is routed and
re-checked like an appeal, and the reported person never learns who reported them."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import application_in
from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Status
from zhicheng.audit.models import AuditEntry
from zhicheng.certificates.models import VerificationLog
from zhicheng.certificates.selectors import MSG_NOT_FOUND
from zhicheng.certificates.services import certificate_issue
from zhicheng.certificates.throttle import LIMIT, MISS_COST
from zhicheng.notifications.models import Notification
from zhicheng.recommendations.demo import minimal_pdf
from zhicheng.supervision import appeals, reports
from zhicheng.supervision.models import (
    Appeal,
    AppealAbout,
    AppealOutcome,
    AppealStatus,
    IntegrityRecord,
    RevocationRequest,
)
from zhicheng.supervision.views_reports import MSG_THROTTLED

NOW = "2026-11-27 10:00 +0800"
FACTS = "据我了解，其申报材料中的毕业证书系伪造，实际学历为高中，不符合助理级的学历条件。"
REPORTER = {"real_name": "钱举报", "phone": "13911112222", "email": "qian.jubao@example.cn"}


@pytest.fixture(autouse=True)
def _media_and_throttle(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the verification throttle lives in the cache
    yield
    cache.clear()


@pytest.fixture
def reporter(db):
    """A member of the public registered as 专业技术人员."""
    return User.objects.create(username="qian", role=Role.APPLICANT, **REPORTER)


def certified(world, username, unit_key):
    application = application_in(Status.RECOGNISED, person=world.users[username], unit=world.units[unit_key],
                                   batch=world.batches["2024q3"], paper=dt.date(2024, 10, 8))
    return certificate_issue(application=application, actor=world.users["bureau"])


def report_form(certificate, *, name=None, text=FACTS, **extra):
    return {"number": certificate.number, "name": name or certificate.holder_name, "text": text, **extra}


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@time_machine.travel(NOW, tick=False)
def test_report_from_verification_routes_to_the_schools_department(world, client, login, reporter, settings):
    certificate = certified(world, "zhang_san", "school")  # 金辰实验学校, competent department: 教育体育局
    result = client.post(reverse("certificates:verify"), {"number": certificate.number, "name": "张三"})
    assert "对该证书有异议" in result.content.decode()
    report_url = reverse("supervision:report_new")
    assert report_url in result.content.decode()

    client = login(reporter)
    page = client.get(report_url, {"number": certificate.number}).content.decode()
    assert "实名举报" in page and certificate.number in page  # the number comes across; the name is typed
    typed_number = certificate.number.replace("〔", "[").replace("〕", "]")  # as typed, like verification
    response = client.post(report_url, {
        "number": typed_number, "name": "张三", "text": FACTS,
        "material": SimpleUploadedFile("毕业证书核查.pdf", minimal_pdf("核查"), content_type="application/pdf")})
    report = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:appeal_detail",
                                                                           args=[report.pk])
    assert report.about == AppealAbout.REPORT and report.appellant == reporter
    assert report.application == certificate.application and report.unit == world.units["school"]
    assert report.department == world.departments["edu"] and report.district == world.districts["panlong"]
    assert report.material.name.endswith(".pdf") and "毕业证书" not in report.material.name
    assert AuditEntry.objects.filter(action="appeal.report", object_id=str(report.pk), actor=reporter).exists()
    assert world.users["dept_edu"].notifications.filter(title__startswith="收到实名举报：被举报人张三").exists()
    assert not world.users["dept_build"].notifications.exists()
    assert not VerificationLog.objects.filter(user=reporter).exists()  # the holder's 查验记录 does not show it

    mine = client.get(reverse("supervision:my_reports")).content.decode()
    assert "张三" in mine and certificate.number in mine and "盘龙区教育体育局" in mine
    own = client.get(reverse("supervision:appeal_detail", args=[report.pk])).content.decode()
    assert FACTS in own and "13911112222" not in own  # the reporter's own view: no reviewer-only details

    dept = login(world.users["dept_edu"])
    queue = dept.get(reverse("supervision:appeals")).content.decode()
    assert "实名举报" in queue and "钱举报" in queue
    detail = dept.get(reverse("supervision:appeal_detail", args=[report.pk])).content.decode()
    assert "钱举报" in detail and "13911112222" in detail and "qian.jubao@example.cn" in detail
    assert dept.get(reverse("supervision:appeal_material", args=[report.pk])).status_code == 200
    assert login(world.users["dept_build"]).get(
        reverse("supervision:appeal_detail", args=[report.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_report_on_a_non_public_unit_goes_to_the_bureau(world, login):
    certificate = certified(world, "wang_wu", "private")  # 非公经济组织: no competent department
    colleague = world.users["unit_school"]  # a unit officer can report too
    client = login(colleague)
    assert reverse("supervision:my_reports") in client.get(reverse("core:landing")).content.decode()
    response = client.post(reverse("supervision:report_new"), report_form(certificate))
    report = Appeal.objects.get()
    assert response.status_code == 302
    assert report.department is None and report.handling_body == "盘龙区人力资源和社会保障局"
    assert world.users["bureau"].notifications.filter(title__startswith="收到实名举报").exists()
    assert not world.users["bureau_wuhua"].notifications.exists()

    bureau = login(world.users["bureau"])
    assert "陈老师" in bureau.get(reverse("supervision:appeals")).content.decode()
    bureau.post(reverse("supervision:appeal_start", args=[report.pk]))
    bureau.post(reverse("supervision:appeal_decide", args=[report.pk]),
                {"outcome": AppealOutcome.DISMISSED, "reasons": "经核查学历证书真实有效，举报不属实。"})
    report.refresh_from_db()
    assert report.status == AppealStatus.DECIDED
    assert colleague.notifications.filter(title="举报复查结论：举报不成立，维持原结论").exists()
    page = login(colleague).get(reverse("supervision:appeal_detail", args=[report.pk])).content.decode()
    assert "举报不成立" in page and "经核查学历证书真实有效" in page
    assert appeals.escalate_blocker(report, colleague) == appeals.MSG_BUREAU_FINAL


@time_machine.travel(NOW, tick=False)
def test_the_reporter_may_take_the_departments_outcome_to_the_bureau(world, login):
    certificate = certified(world, "zhang_san", "school")
    officer = world.users["unit_soe"]  # a unit officer of another unit, reporting
    report = reports.report_file(reporter=officer, number=certificate.number, name="张三", text=FACTS)
    appeals.appeal_decide(appeal=report, actor=world.users["dept_edu"], outcome=AppealOutcome.DISMISSED,
                          reasons="经向学校核实，学历证书真实。")
    client = login(officer)
    page = client.get(reverse("supervision:appeal_detail", args=[report.pk])).content.decode()
    assert "向区人社局反映" in page
    client.post(reverse("supervision:appeal_escalate", args=[report.pk]), {"text": "学校未调取学信网备案表，" + FACTS})
    report.refresh_from_db()
    assert report.status == AppealStatus.ESCALATED
    assert world.users["bureau"].notifications.filter(title="不服复查结论的举报：刘主管").exists()
    bureau = login(world.users["bureau"])
    bureau.post(reverse("supervision:appeal_bureau_decide", args=[report.pk]), {
        "outcome": AppealOutcome.UPHELD, "reasons": "责成教育体育局调取学信网备案表重新复查。"})
    report.refresh_from_db()
    assert report.status == AppealStatus.BUREAU_DECIDED
    assert officer.notifications.filter(title="人社局举报结论：举报成立，予以纠正").exists()
    mine = login(officer).get(reverse("supervision:my_reports")).content.decode()
    assert "人社局：举报成立，予以纠正" in mine
    assert login(world.users["unit_school"]).get(  # the holder's own unit officer does not see it
        reverse("supervision:appeal_detail", args=[report.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_mismatch_is_refused_like_verification_and_nothing_is_stored(world, login, reporter, settings):
    certificate = certified(world, "zhang_san", "school")
    client = login(reporter)
    before = AuditEntry.objects.count()
    pages = []
    for form in (report_form(certificate, name="张四"),
                 dict(report_form(certificate), number="云职初认〔2024〕盘龙9999999"),
                 dict(report_form(certificate, name="张四"), material=SimpleUploadedFile(
                     "m.pdf", minimal_pdf("m"), content_type="application/pdf"))):
        response = client.post(reverse("supervision:report_new"), form)
        page = response.content.decode()
        assert response.status_code == 200 and MSG_NOT_FOUND in page
        assert "金辰实验学校" not in page and "教育体育局" not in page and certificate.id_number_masked not in page
        pages.append(page)
    assert not Appeal.objects.exists() and AuditEntry.objects.count() == before
    assert not Notification.objects.filter(title__contains="举报").exists()
    assert not [p for p in media_files(settings) if "report" in p.name]
    with pytest.raises(ValidationError) as exc:
        reports.report_file(reporter=reporter, number=certificate.number, name="张四", text=FACTS)
    assert exc.value.messages == [MSG_NOT_FOUND] and reports.is_not_found(exc.value)


@time_machine.travel(NOW, tick=False)
def test_the_holder_cannot_see_who_reported_them(world, login, reporter):
    certificate = certified(world, "zhang_san", "school")
    holder = world.users["zhang_san"]
    report = reports.report_file(reporter=reporter, number=certificate.number, name="张三", text=FACTS)
    appeals.appeal_start_review(appeal=report, actor=world.users["dept_edu"])

    client = login(holder)
    assert client.get(reverse("supervision:appeal_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("supervision:appeal_material", args=[report.pk])).status_code == 404
    pages = {name: client.get(url) for name, url in {
        "诚信与申诉": reverse("supervision:my_records"),
        "申报": reverse("applications:detail", args=[certificate.application.pk]),
        "我的申报": reverse("applications:mine"),
        "我的证书": reverse("certificates:mine"),
        "我的举报": reverse("supervision:my_reports"),
        "通知": reverse("notifications:list"),
    }.items()}
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        for secret in (*REPORTER.values(), FACTS[:12]):
            assert secret not in text, f"{name} shows {secret}"
    assert "您没有提出过举报" in pages["我的举报"].content.decode()
    assert not holder.notifications.filter(title__contains="举报").exists()


@time_machine.travel(NOW, tick=False)
def test_department_finds_the_reported_person_ineligible_and_the_bureau_revokes(world, login, reporter):
    certificate = certified(world, "zhang_san", "school")
    report = reports.report_file(reporter=reporter, number=certificate.number, name="张三", text=FACTS)
    dept = login(world.users["dept_edu"])
    dept.post(reverse("supervision:appeal_start", args=[report.pk]))
    assert reporter.notifications.filter(title="您的举报已受理，正在复查").exists()
    page = dept.get(reverse("supervision:appeal_detail", args=[report.pk])).content.decode()
    assert "举报不成立，维持原结论" in page  # the outcomes read as a report's
    dept.post(reverse("supervision:appeal_decide", args=[report.pk]), {
        "outcome": AppealOutcome.REVOCATION, "reasons": "经向发证院校核实，毕业证书系伪造，不符合申报条件。",
        "false_material": "on"})
    request = RevocationRequest.objects.get()
    assert request.appeal == report and request.application == certificate.application and request.false_material
    assert world.users["bureau"].notifications.filter(title="报请撤销职称：张三").exists()
    assert reporter.notifications.filter(title__startswith="举报复查结论：发现不符合条件").exists()

    bureau = login(world.users["bureau"])
    assert "毕业证书系伪造" in bureau.get(reverse("supervision:revocations")).content.decode()
    bureau.post(reverse("supervision:revoke", args=[certificate.application.pk]),
                {"reason": "毕业证书系伪造，撤销其职称。", "open_integrity_record": "on"})
    certificate.refresh_from_db()
    certificate.application.refresh_from_db()
    assert certificate.application.status == Status.REVOKED and certificate.status == "revoked"
    told = world.users["zhang_san"].notifications.get(title="您的职称认定已被撤销")
    assert "钱举报" not in told.body and REPORTER["phone"] not in told.body
    holder = login(world.users["zhang_san"])
    record = IntegrityRecord.objects.get(application=certificate.application)
    for url in (reverse("supervision:my_records"), reverse("supervision:record_detail", args=[record.pk]),
                reverse("certificates:mine"), reverse("notifications:list")):
        page = holder.get(url).content.decode()
        assert "已撤销" in page or "毕业证书系伪造" in page
        assert "钱举报" not in page and REPORTER["phone"] not in page and "被举报" not in page and "举报人" not in page
    assert "已报请区人社局撤销职称（已撤销职称）" in login(reporter).get(
        reverse("supervision:appeal_detail", args=[report.pk])).content.decode()
    with pytest.raises(ValidationError) as exc:  # a revoked certificate cannot be reported again
        reports.report_file(reporter=reporter, number=certificate.number, name="张三", text=FACTS)
    assert reports.MSG_REPORT_REVOKED in exc.value.messages


@time_machine.travel(NOW, tick=False)
def test_reports_are_rate_limited_with_verification(world, client, login, reporter):
    certificate = certified(world, "zhang_san", "school")
    client = login(reporter)
    statuses = [client.post(reverse("supervision:report_new"), report_form(certificate, name=f"张{i}")).status_code
                for i in range(LIMIT // MISS_COST + 1)]
    assert statuses[:LIMIT // MISS_COST] == [200] * (LIMIT // MISS_COST) and statuses[-1] == 429
    throttled = client.post(reverse("supervision:report_new"), report_form(certificate))
    assert throttled.status_code == 429 and MSG_THROTTLED in throttled.content.decode()
    assert not Appeal.objects.exists()  # not even the right name gets through now
    # the same budget as public verification, from this address …
    assert client.post(reverse("certificates:verify"), {"number": certificate.number, "name": "张三"}).status_code == 429
    # … and for this account from any address
    elsewhere = client.post(reverse("supervision:report_new"), report_form(certificate), REMOTE_ADDR="10.9.8.7")
    assert elsewhere.status_code == 429 and not Appeal.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_bad_input_gets_clear_chinese_messages(world, login, reporter):
    certificate = certified(world, "zhang_san", "school")
    client = login(reporter)
    url = reverse("supervision:report_new")
    cases = [
        ({"number": "", "name": "", "text": ""}, ["请输入证书编号。", "请输入持证人姓名。", "请写明举报的事实"]),
        (report_form(certificate, text="材料有假"), [reports.MSG_REPORT_TEXT_SHORT]),
        (report_form(certificate, text="很长" * 3000), ["5000 字以内"]),
        (report_form(certificate, material=SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf at all")),
         ["只能上传 PDF、JPEG 或 PNG 文件"]),
    ]
    for data, expected in cases:
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 200
        for message in expected:
            assert message in page
    assert not Appeal.objects.exists()

    def refused(user, message):
        with pytest.raises(ValidationError) as exc:
            reports.report_file(reporter=user, number=certificate.number, name="张三", text=FACTS)
        assert message in exc.value.messages

    refused(world.users["zhang_san"], reports.MSG_REPORT_SELF)
    refused(world.users["dept_edu"], reports.MSG_REPORT_OWN_DEPARTMENT)
    reports.report_file(reporter=reporter, number=certificate.number, name="张三", text=FACTS)
    refused(reporter, reports.MSG_REPORT_OPEN.format(status="已提交，待受理"))
    assert login(world.users["dept_build"]).post(url, report_form(certificate)).status_code == 302  # another dept

    # the appeal form does not offer 举报, and an appeal cannot be filed as one
    applicant = login(world.users["li_si"])
    form_page = applicant.get(reverse("supervision:appeal_new")).content.decode()
    assert 'value="recognition"' in form_page and 'value="report"' not in form_page
    own = application_in(Status.REJECTED, person=world.users["li_si"], unit=world.units["soe"],
                         batch=world.batches["2024q3"])
    with pytest.raises(ValidationError) as exc:
        appeals.appeal_file(appellant=world.users["li_si"], about=AppealAbout.REPORT, text=FACTS, application=own)
    assert "请选择申诉事项。" in exc.value.messages


def test_reporting_needs_an_account(client, world):
    response = client.get(reverse("supervision:report_new"), {"number": "云职初认〔2024〕盘龙0000001"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
