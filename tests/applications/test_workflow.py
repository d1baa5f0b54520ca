"""Workflow rules through the services: who may start, deadlines, returns, skipping, closing, eligibility."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.applications import services, workflow
from zhicheng.applications.checks import MSG_YEAR_CLOSED
from zhicheng.applications.demo import OPINION, facts, fill, submitted, upload_all
from zhicheng.applications.models import Application, Decision, Section, Status
from zhicheng.audit.models import AuditEntry
from zhicheng.core.demo import at
from zhicheng.recommendations.models import ListStatus

from .conftest import NOW, put_on_list

RETURN_ITEMS = [{"section": Section.ACHIEVEMENTS, "reason": "业绩过于笼统，请补充具体项目。"}]


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def _at_bureau(world, username, now=NOW):
    """wang_wu's unit has no department: the unit's approval goes straight to the bureau."""
    app = submitted(world.users[username], world.batches["current"], now=now)
    return services.application_approve(application=app, actor=world.users["unit_private"], opinion=OPINION, now=now)


def test_non_public_unit_skips_the_department_and_it_is_shown_as_skipped(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = _at_bureau(listed, "wang_wu")
        assert app.status == Status.BUREAU_RECOGNITION
        skip = app.reviews.get(stage=Status.DEPARTMENT_RECHECK)
        assert skip.decision == Decision.SKIP and skip.comment == "无主管部门，跳过"
        page = login(listed.users["bureau"]).get(reverse("applications:review", args=[app.pk])).content.decode()
        assert "无主管部门，跳过" in page
        # the department reviewers never see it
        assert login(listed.users["dept_build"]).get(reverse("applications:review", args=[app.pk])).status_code == 404


def test_unit_opinion_needs_all_three_parts(listed):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
        with pytest.raises(ValidationError) as exc:
            services.application_approve(application=app, actor=listed.users["unit_soe"],
                                         opinion={**OPINION, "opinion_publicity": "无异议"})
        assert "公示方式及结果" in _messages(exc)
        app.refresh_from_db()
        assert app.status == Status.UNIT_REVIEW and not app.reviews.exists()


def test_third_return_closes_and_the_person_cannot_start_again_that_year(listed, login):
    world = listed
    with time_machine.travel(NOW, tick=False):
        app = submitted(world.users["li_si"], world.batches["current"], now=NOW)
        officer = world.users["unit_soe"]
        for i in range(1, 4):
            app = services.application_return(application=app, actor=officer, items=RETURN_ITEMS)
            assert app.return_count == i
            if i < 3:
                assert app.status == Status.RETURNED and app.section_state[Section.ACHIEVEMENTS] == "needs_fix"
                app = services.application_section_save(application=app, actor=app.applicant,
                                                        section=Section.ACHIEVEMENTS,
                                                        value=app.achievements + f"补充第{i}次。")
                app = services.application_submit(application=app, actor=app.applicant)
        assert app.status == Status.CLOSED and "3 次" in app.closed_reason
        page = login(world.users["li_si"]).get(reverse("applications:detail", args=[app.pk])).content.decode()
        assert "申报已终止" in page
        assert AuditEntry.objects.filter(action="application.unit_return", object_id=str(app.pk)).count() == 3

    # another batch in the same year: refused with the reason
    from zhicheng.batches.models import Batch

    other = Batch.objects.create(
        district=world.districts["panlong"], name="2026年第五期", year=2026, sequence=5,
        list_deadline=at(2026, 11, 25, 17), window_start=at(2026, 11, 26, 9), window_end=at(2026, 12, 21, 17),
        revision_deadline=at(2026, 12, 26, 17), review_deadline=at(2026, 12, 31, 17), is_published=True)
    from zhicheng.recommendations.models import RecommendationEntry, RecommendationList

    rl = RecommendationList.objects.create(unit=world.units["soe"], batch=other, status=ListStatus.SUBMITTED,
                                           submitted_at=at(2026, 11, 24, 9))
    entry = RecommendationEntry.objects.filter(id_number=world.users["li_si"].id_number).first()
    entry.pk, entry.recommendation_list = None, rl
    entry.save()
    with time_machine.travel(at(2026, 11, 27, 10), tick=False):
        with pytest.raises(ValidationError) as exc:
            services.application_start(user=world.users["li_si"], batch=other)
        assert MSG_YEAR_CLOSED.format(year=2026, n=3) in exc.value.messages


def test_person_not_on_a_list_or_on_an_unsubmitted_list_cannot_start(world, login):
    put_on_list(world, "wang_wu", status=ListStatus.DRAFT)
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError) as exc:
            services.application_start(user=world.users["li_si"], batch=world.batches["current"])
        assert "推荐人员名单" in _messages(exc)
        with pytest.raises(ValidationError) as exc:
            services.application_start(user=world.users["wang_wu"], batch=world.batches["current"])
        assert "未在" in _messages(exc) or "尚未报送" in _messages(exc)
        page = login(world.users["li_si"]).get(reverse("applications:mine")).content.decode()
        assert "暂不能开始申报" in page and "推荐人员名单" in page
    assert not Application.objects.exists()


def test_suspended_units_person_has_no_application(world, login):
    from zhicheng.recommendations.services import ListSubmitError, recommendation_list_submit
    from zhicheng.supervision import services as sup

    with time_machine.travel(at(2026, 11, 5, 10), tick=False):
        sup.penalty_record(actor=world.users["bureau"], kind="false_material", facts="推荐了提供虚假材料的人员",
                           decided_on=dt.date(2026, 11, 4), unit=world.units["private"])
        entry = put_on_list(world, "wang_wu", status=ListStatus.DRAFT)
        with pytest.raises(ListSubmitError) as exc:
            recommendation_list_submit(rec_list=entry.recommendation_list, actor=world.users["unit_private"])
        assert "暂停" in " ".join(exc.value.reasons)
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError):
            services.application_start(user=world.users["wang_wu"], batch=world.batches["current"])
        page = login(world.users["wang_wu"]).get(reverse("applications:mine")).content.decode()
        assert "暂不能开始申报" in page
    assert not Application.objects.exists()


@pytest.mark.parametrize("moment, ok", [
    (at(2026, 11, 23, 8, 59), False), (at(2026, 11, 23, 9, 0), True),
    (at(2026, 12, 20, 17, 0), True), (at(2026, 12, 20, 17, 1), False),
])
def test_start_and_submit_only_inside_the_window(listed, moment, ok):
    inside = at(2026, 11, 24, 10)
    with time_machine.travel(inside, tick=False):
        app = services.application_start(user=listed.users["wang_wu"], batch=listed.batches["current"])
        app = fill(app, now=inside, values=facts(app, moment.date()))  # insurance paid up to the month before
        upload_all(app)
    with time_machine.travel(moment, tick=False):
        if ok:
            assert services.application_submit(application=app, actor=app.applicant).status == Status.UNIT_REVIEW
        else:
            with pytest.raises(ValidationError) as exc:
                services.application_submit(application=app, actor=app.applicant)
            assert "网络申报" in _messages(exc)
            with pytest.raises(ValidationError):
                services.application_start(user=listed.users["li_si"], batch=listed.batches["current"])


@pytest.mark.parametrize("moment, ok", [(at(2026, 12, 25, 17, 0), True), (at(2026, 12, 25, 17, 1), False)])
def test_resubmission_until_the_revision_deadline_then_closed_as_overdue(listed, moment, ok, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        app = services.application_return(application=app, actor=listed.users["unit_private"], items=RETURN_ITEMS)
        app = services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                                value=app.achievements + "补充。")
    with time_machine.travel(moment, tick=False):
        if ok:
            assert services.application_submit(application=app, actor=app.applicant).status == Status.UNIT_REVIEW
            assert services.applications_close_overdue() == 0
        else:
            with pytest.raises(ValidationError) as exc:
                services.application_submit(application=app, actor=app.applicant)
            assert "退回修改已于2026年12月25日 17:00截止" in _messages(exc)
            page = login(app.applicant).get(reverse("applications:mine")).content.decode()
            assert "已逾期" in page
            assert services.applications_close_overdue() == 1
            app.refresh_from_db()
            assert app.status == Status.CLOSED and "逾期" in app.closed_reason
            assert AuditEntry.objects.filter(action="application.close_overdue").exists()


def test_close_overdue_command(listed, capsys):
    from django.core.management import call_command

    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        services.application_return(application=app, actor=listed.users["unit_private"], items=RETURN_ITEMS)
    with time_machine.travel(at(2026, 12, 26, 9), tick=False):
        call_command("close_overdue")
    assert "1" in capsys.readouterr().out
    app.refresh_from_db()
    assert app.status == Status.CLOSED


@pytest.mark.parametrize("moment, ok", [(at(2026, 12, 30, 17, 0), True), (at(2026, 12, 30, 17, 1), False)])
def test_reviewers_act_until_the_review_deadline(listed, moment, ok):
    with time_machine.travel(NOW, tick=False):
        app = _at_bureau(listed, "wang_wu")
    with time_machine.travel(moment, tick=False):
        if ok:
            app = services.application_approve(application=app, actor=listed.users["bureau"])
            assert app.recognised_on == dt.date(2026, 12, 30)
        else:
            with pytest.raises(ValidationError) as exc:
                services.application_approve(application=app, actor=listed.users["bureau"])
            assert "审核已于2026年12月30日 17:00截止" in _messages(exc)


def test_no_return_after_the_revision_deadline(listed):
    with time_machine.travel(NOW, tick=False):
        app = _at_bureau(listed, "wang_wu")
    with time_machine.travel(at(2026, 12, 28, 10), tick=False):
        actions = dict((a, (ok, why)) for a, ok, why in workflow.available_actions(app, listed.users["bureau"]))
        assert actions["bureau_approve"][0] is True
        assert actions["bureau_return"][0] is False and "不能再退回" in actions["bureau_return"][1]
        app = services.application_reject(application=app, actor=listed.users["bureau"], reason="岗位非专业技术岗位。")
        assert app.status == Status.REJECTED


def test_submit_blocked_by_failing_eligibility_rule_and_by_missing_attachment(listed, login):
    world = listed
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=world.users["li_si"], batch=world.batches["current"])
        values = facts(app, NOW.date())
        values[Section.INSURANCE] = [{**values[Section.INSURANCE][0], "city": "曲靖市"}]
        app = fill(app, now=NOW, values=values)
        upload_all(app, only={"id_card", "education", "insurance_proof", "labour_contract", "publicity_form"})
        with pytest.raises(ValidationError) as exc:
            services.application_submit(application=app, actor=app.applicant)
        text = _messages(exc)
        assert "条件核验未通过" in text and "昆明" in text
        assert "缺少附件“职称申报承诺书”" in text
        page = login(app.applicant).get(reverse("applications:check", args=[app.pk])).content.decode()
        assert "缺少附件“职称申报承诺书”" in page and "check-fail" in page
        app.refresh_from_db()
        assert app.status == Status.DRAFT


def test_achievements_need_400_characters_without_whitespace(listed):
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=listed.users["li_si"], batch=listed.batches["current"])
        with pytest.raises(ValidationError) as exc:
            services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                              value="业 绩" * 150)
        assert "目前 300 字" in _messages(exc)
        app = services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                                value="业 绩" * 150, complete=False)
        assert app.section_state[Section.ACHIEVEMENTS] == "in_progress"


def test_eligibility_uses_the_stored_application_date_in_later_checks(listed):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
    with time_machine.travel(at(2026, 12, 28, 10), tick=False):
        result = services.application_check_eligibility(application=app)
    assert result["as_of"] == "2026-11-24"


def test_integrity_ban_fails_with_integrity_record(listed):
    from zhicheng.applications.eligibility import build_profile, evaluate
    from zhicheng.supervision import services as sup

    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        sup.integrity_record_create(actor=listed.users["bureau"], person=app.applicant, finding="伪造参保证明",
                                    decided_on=dt.date(2026, 11, 24))
        assert build_profile(app, NOW.date())["person"]["integrity_ban_until"]
        result = evaluate(app)
        assert any(r["code"] == "integrity_record" and not r["ok"] for r in result["reasons"])


def test_returned_attachment_must_be_uploaded_again(listed, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhicheng.applications.demo import minimal_pdf

    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        app = services.application_return(application=app, actor=listed.users["unit_private"], items=[
            {"attachment_category": "pledge", "reason": "承诺书未按手印。"}])
        client = login(app.applicant)
        page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
        assert page.count("需修改") == 1 and "承诺书未按手印。" in page
        with pytest.raises(ValidationError) as exc:
            services.application_submit(application=app, actor=app.applicant)
        assert "退回要求重新上传“职称申报承诺书”" in _messages(exc)
        # a category the return did not ask for is locked
        r = client.post(reverse("applications:attachments", args=[app.pk]), {
            "category": "id_card", "file": SimpleUploadedFile("a.pdf", minimal_pdf("x"), "application/pdf")})
        assert r.status_code == 200 and "已锁定" in r.content.decode()
        r = client.post(reverse("applications:attachments", args=[app.pk]), {
            "category": "pledge", "file": SimpleUploadedFile("b.pdf", minimal_pdf("y"), "application/pdf")})
        assert r.status_code == 302
        page = client.get(reverse("applications:attachments", args=[app.pk])).content.decode()
        assert "第 2 版" in page and "早先版本" in page
        assert services.application_submit(application=app, actor=app.applicant).status == Status.UNIT_REVIEW
