"""The whole path through the pages: listed → start → fill → submit → return → revise → approvals → recognised."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.applications.demo import ACHIEVEMENTS, OPINION, minimal_pdf
from zhicheng.applications.models import Application, Decision, Section, Status
from zhicheng.applications.requirements import required_attachments
from zhicheng.core.demo import at
from zhicheng.recommendations import services as rec_services
from zhicheng.recommendations.models import AssessmentResult, ListStatus

from .conftest import NOW


def _submit_list_through_services(world, username="zhang_san", unit_key="school"):
    unit, officer, batch = world.units[unit_key], world.users[f"unit_{unit_key}"], world.batches["current"]
    with time_machine.travel(at(2026, 11, 10, 10), tick=False):
        rec_services.recommendation_policy_upload(
            unit=unit, actor=officer, title="考核推荐办法", adopted_on=dt.date(2024, 6, 20),
            file=SimpleUploadedFile("policy.pdf", minimal_pdf("policy"), content_type="application/pdf"))
        rec_list = rec_services.recommendation_list_open(unit=unit, batch=batch, actor=officer)
        user = world.users[username]
        rec_services.recommendation_entry_add(rec_list=rec_list, actor=officer, data={
            "real_name": user.real_name, "id_number": user.id_number, "series": "中小学教师", "specialty": "小学数学",
            "level": "zhuliji", "post": "数学教师", "assessment_result": AssessmentResult.PASSED,
            "assessment_date": dt.date(2026, 10, 29), "publicity_start": dt.date(2026, 11, 2),
            "publicity_end": dt.date(2026, 11, 6), "publicity_objection": False, "pledge_date": dt.date(2026, 10, 30),
            "opinion_date": dt.date(2026, 11, 9)})
        rec_list = rec_services.recommendation_list_submit(rec_list=rec_list, actor=officer)
    assert rec_list.status == ListStatus.SUBMITTED


def _rows_post(fields: dict, action="complete"):
    data = {"rows": "1", "action": action}
    data.update({f"row-0-{k}": v for k, v in fields.items()})
    return data


def _fill_through_pages(client, app, unit):
    url = lambda section: reverse("applications:section", args=[app.pk, section])  # noqa: E731
    r = client.post(url("basic"), {"series": "中小学教师", "specialty": "小学数学", "level": "zhuliji",
                                   "post": "数学教师", "employment_start": "2022-08-01",
                                   "access_qualification": "小学教师资格证 20220000001", "action": "complete"})
    assert r.status_code == 302, r.content.decode()
    assert client.post(url("skills"), {"rows": "0", "action": "complete"}).status_code == 302
    r = client.post(url("education"), _rows_post({
        "level": "本科", "school": "云南师范大学", "major": "数学与应用数学", "date": "2022-06-30",
        "full_time": "yes", "certificate_number": "106811202205001234", "major_related": "yes"}))
    assert r.status_code == 302, r.content.decode()
    r = client.post(url("work"), _rows_post({"from_month": "2022-08", "to_month": "", "unit": unit.name,
                                             "post": "数学教师"}))
    assert r.status_code == 302
    r = client.post(url("insurance"), _rows_post({"from_month": "2022-08", "to_month": "2026-10", "city": "昆明市",
                                                  "uscc": unit.uscc, "unit": unit.name}))
    assert r.status_code == 302, r.content.decode()
    assert client.post(url("titles"), {"rows": "0", "action": "complete"}).status_code == 302
    assert client.post(url("achievements"), {"achievements": ACHIEVEMENTS, "action": "complete"}).status_code == 302
    app.refresh_from_db()
    for req in required_attachments(app):
        if req.required:
            upload = SimpleUploadedFile("scan.pdf", minimal_pdf(req.category), content_type="application/pdf")
            r = client.post(reverse("applications:attachments", args=[app.pk]),
                            {"category": req.category, "file": upload})
            assert r.status_code == 302, r.content.decode()


def test_whole_journey_through_the_pages(world, login):
    _submit_list_through_services(world)
    zhang, school = world.users["zhang_san"], world.units["school"]
    with time_machine.travel(NOW, tick=False):
        client = login(zhang)
        page = client.get(reverse("applications:mine")).content.decode()
        assert "开始申报" in page
        r = client.post(reverse("applications:start", args=[world.batches["current"].pk]))
        app = Application.objects.get(applicant=zhang)
        assert r.url == reverse("applications:detail", args=[app.pk])
        assert app.series == "中小学教师" and app.specialty == "小学数学" and app.post == "数学教师"
        task_page = client.get(r.url).content.decode()
        assert "未开始" in task_page and "填写中" in task_page

        # before everything is filled in, the submit button is disabled with the reasons
        check = client.get(reverse("applications:check", args=[app.pk])).content.decode()
        assert "还不能提交" in check and "缺少附件" in check and "disabled" in check

        _fill_through_pages(client, app, school)
        check = client.get(reverse("applications:check", args=[app.pk])).content.decode()
        assert "还不能提交" not in check and "check-ok" in check and "修改" in check
        r = client.post(reverse("applications:submit", args=[app.pk]))
        app.refresh_from_db()
        assert app.status == Status.UNIT_REVIEW and app.eligibility["eligible"] is True
        assert app.eligibility_as_of == dt.date(2026, 11, 24) and app.parameter_version

    # the unit returns one section
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        officer = login(world.users["unit_school"])
        queue = officer.get(reverse("applications:queue")).content.decode()
        assert "张三" in queue
        r = officer.post(reverse("applications:review", args=[app.pk]), {
            "action": "return", "item-0-target": "section:achievements", "item-0-reason": "请写明所教班级和成绩。"})
        assert r.status_code == 302
        app.refresh_from_db()
        assert app.status == Status.RETURNED and app.return_count == 1
        assert app.revision_due == world.batches["current"].revision_deadline

    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        client = login(zhang)
        page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
        assert "请写明所教班级和成绩。" in page
        assert page.count("需修改") == 1  # exactly the returned section
        # other sections are locked
        r = client.post(reverse("applications:section", args=[app.pk, "basic"]),
                        {"series": "工程", "specialty": "x", "level": "zhuliji", "post": "y", "action": "complete"})
        app.refresh_from_db()
        assert app.series == "中小学教师" and "已锁定" in r.content.decode()
        r = client.post(reverse("applications:section", args=[app.pk, "achievements"]),
                        {"achievements": ACHIEVEMENTS + "所教三年级二班数学平均分年级第一。", "action": "complete"})
        assert r.status_code == 302
        client.post(reverse("applications:submit", args=[app.pk]))
        app.refresh_from_db()
        assert app.status == Status.UNIT_REVIEW
        assert not app.reviews.filter(items__resolved=False).exists()

    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        officer = login(world.users["unit_school"])
        r = officer.post(reverse("applications:review", args=[app.pk]), {"action": "approve", **OPINION})
        app.refresh_from_db()
        assert app.status == Status.DEPARTMENT_RECHECK
        dept = login(world.users["dept_edu"])
        assert "张三" in dept.get(reverse("applications:queue")).content.decode()
        dept.post(reverse("applications:review", args=[app.pk]), {"action": "approve", "comment": "复核通过。"})
        app.refresh_from_db()
        assert app.status == Status.BUREAU_RECOGNITION

    with time_machine.travel(at(2026, 11, 30, 23, 30), tick=False):  # late evening in Kunming, UTC is still 15:30
        bureau = login(world.users["bureau"])
        page = bureau.get(reverse("applications:review", args=[app.pk])).content.decode()
        assert "用人单位考核意见" in page or "填写内容是否属实" in page
        bureau.post(reverse("applications:review", args=[app.pk]), {"action": "approve", "comment": "同意认定。"})
        app.refresh_from_db()
        assert app.status == Status.RECOGNISED and app.recognised_on == dt.date(2026, 11, 30)
        assert app.recognised_level == "zhuliji"
        stages = list(app.reviews.values_list("stage", "decision"))
        assert ("department_recheck", Decision.APPROVE) in stages
        page = bureau.get(reverse("applications:recognised")).content.decode()
        assert "张三" in page and "登记收到" in page
        clerk = world.users["unit_school"] if app.unit == world.units["school"] else \
            type(world.users["bureau"]).objects.filter(role="unit_officer", unit=app.unit).first()
        assert f'<option value="{clerk.pk}">' in page
        bureau.post(reverse("applications:paper", args=[app.pk]), {"received_on": "2026-11-30"})
        app.refresh_from_db()
        assert app.paper_received_on is None  # without the unit officer who delivered it
        bureau.post(reverse("applications:paper", args=[app.pk]), {"received_on": "2026-11-30",
                                                                    "delivered_by": clerk.pk})
        app.refresh_from_db()
        assert app.paper_received_on == dt.date(2026, 11, 30) and app.paper_received_by == world.users["bureau"]
        assert app.paper_delivered_by == clerk
        own_page = login(world.users["zhang_san"]).get(reverse("applications:detail", args=[app.pk])).content.decode()
        assert reverse("documents:recognition_form", args=[app.pk]) in own_page and "导出考核认定表" in own_page
    assert Section.ACHIEVEMENTS in app.section_state
