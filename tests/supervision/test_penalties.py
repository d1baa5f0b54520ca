import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from tests.factories import make_batch
from zhicheng.accounts.models import Role, User
from zhicheng.recommendations.models import RecommendationList
from zhicheng.recommendations.services import submit_reasons
from zhicheng.supervision import services
from zhicheng.supervision.models import PenaltyKind, SuspensionScope
from zhicheng.supervision.sanctions import department_suspension_reason, unit_suspension_reason

LAX, FALSE, NO_SYSTEM = PenaltyKind.LAX_REVIEW, PenaltyKind.FALSE_MATERIAL, PenaltyKind.NO_SYSTEM


def _record(world, kind, day: dt.date, unit_key="soe", **kw):
    with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False):
        return services.penalty_record(actor=world.users["bureau"], kind=kind, facts="推荐了学历不符合条件的人员",
                                       decided_on=day, unit=world.units[unit_key], **kw)


def _suspended(world, batch, unit_key="soe"):
    return unit_suspension_reason(unit=world.units[unit_key], batch=batch)


def test_first_lax_review_suspends_only_the_next_batch_even_if_created_later(world):
    panlong = world.districts["panlong"]
    penalty = _record(world, LAX, dt.date(2026, 11, 25))
    assert penalty.scope == SuspensionScope.NEXT_BATCH and penalty.suspended_batch is None
    q1 = make_batch(panlong, 2027, 1, dt.date(2027, 2, 20))
    q2 = make_batch(panlong, 2027, 2, dt.date(2027, 5, 20))
    assert _suspended(world, world.batches["current"]) is None  # its lists were already in
    reason = _suspended(world, q1)
    assert reason and "2027年第1期" in reason and "不能报送推荐名单" in reason
    assert _suspended(world, q2) is None
    assert _suspended(world, q1, "school") is None
    # The unit's own list submission refuses in the suspended batch and not in the one after.
    officer = world.users["unit_soe"]
    with time_machine.travel("2027-02-10 10:00 +0800", tick=False):
        # (by hand: recommendation_list_open refuses a suspended unit, and the refusal of the submit is the point)
        blocked = RecommendationList.objects.create(unit=world.units["soe"], batch=q1)
        assert reason in submit_reasons(blocked)[0]
    with time_machine.travel("2027-05-10 10:00 +0800", tick=False):
        free = RecommendationList.objects.create(unit=world.units["soe"], batch=q2)
        assert not any("暂停" in r for r in submit_reasons(free)[0])
    # 通报: every unit officer of the district and the unit's department reviewers were told.
    assert officer.notifications.filter(title__contains="处理决定").exists()
    assert world.users["unit_school"].notifications.filter(title__startswith="全区通报").exists()
    assert world.users["dept_build"].notifications.filter(title__startswith="全区通报").exists()
    assert not world.users["dept_edu"].notifications.exists()


def test_next_batch_is_stored_when_it_already_exists(world):
    q1 = make_batch(world.districts["panlong"], 2027, 1, dt.date(2027, 2, 20))
    penalty = _record(world, LAX, dt.date(2026, 11, 25))
    assert penalty.suspended_batch == q1


def test_second_lax_review_suspends_for_a_year(world):
    panlong = world.districts["panlong"]
    _record(world, LAX, dt.date(2026, 11, 25))
    second = _record(world, LAX, dt.date(2027, 3, 1))
    assert second.is_repeat and second.scope == SuspensionScope.PERIOD
    assert second.suspended_until == dt.date(2028, 2, 29)
    q2 = make_batch(panlong, 2027, 2, dt.date(2027, 5, 20))
    q1_2028 = make_batch(panlong, 2028, 1, dt.date(2028, 2, 20))
    q2_2028 = make_batch(panlong, 2028, 2, dt.date(2028, 5, 20))
    assert "2028年2月29日" in _suspended(world, q2)
    assert _suspended(world, q1_2028)
    assert _suspended(world, q2_2028) is None


def test_false_material_suspends_for_a_year_and_circulates(world):
    penalty = _record(world, FALSE, dt.date(2026, 11, 25), unit_key="private")
    assert penalty.scope == SuspensionScope.PERIOD and penalty.suspended_until == dt.date(2027, 11, 24)
    assert not penalty.is_repeat and penalty.circulated
    # (the 2027-4 window is one day long: the bureau cannot open two batches whose windows overlap)
    panlong = world.districts["panlong"]
    assert _suspended(world, make_batch(panlong, 2027, 4, dt.date(2027, 11, 20), days_open=1), "private")
    assert _suspended(world, make_batch(world.districts["panlong"], 2027, 5, dt.date(2027, 11, 25)), "private") is None
    assert world.users["unit_soe"].notifications.filter(title__startswith="全区通报").exists()


def test_no_system_suspends_until_the_bureau_records_the_correction(world, login):
    penalty = _record(world, NO_SYSTEM, dt.date(2026, 11, 25), unit_key="private")
    assert not penalty.circulated
    assert not world.users["unit_soe"].notifications.exists()  # no 通报 for this case
    q1 = make_batch(world.districts["panlong"], 2027, 1, dt.date(2027, 2, 20))
    q2 = make_batch(world.districts["panlong"], 2027, 2, dt.date(2027, 5, 20))
    assert "整改完成" in _suspended(world, q1, "private") and _suspended(world, q2, "private")
    with time_machine.travel("2027-03-01 10:00 +0800", tick=False):
        client = login(world.users["bureau"])
        response = client.post(reverse("supervision:penalty_correct", args=[penalty.pk]),
                               {"corrected_on": "2027-03-01"})
        assert response.status_code == 302
    assert _suspended(world, q1, "private")  # its list deadline was before the correction
    assert _suspended(world, q2, "private") is None
    with pytest.raises(ValidationError):
        services.penalty_mark_corrected(penalty=penalty, actor=world.users["bureau"], corrected_on=dt.date(2027, 3, 1))


def test_department_failure_is_recorded_against_the_department(world, login):
    dept = world.departments["build"]
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        penalty = services.penalty_record(actor=world.users["bureau"], kind=FALSE, facts="复核未发现虚假学历",
                                          decided_on=dt.date(2026, 11, 25), department=dept)
        page = login(world.users["bureau"]).get(reverse("supervision:department_history", args=[dept.pk]))
    assert penalty.unit is None and "2027年11月24日" in page.content.decode()
    q1 = make_batch(world.districts["panlong"], 2027, 1, dt.date(2027, 2, 20))
    assert department_suspension_reason(department=dept, batch=q1)
    assert unit_suspension_reason(unit=world.units["soe"], batch=q1) is None
    assert world.users["dept_build"].notifications.filter(title__contains="处理决定").exists()


def test_unit_sees_why_and_until_when_and_bureau_sees_history_other_bureau_does_not(world, login):
    _record(world, FALSE, dt.date(2026, 11, 25))
    html = Template("{% load supervision_tags %}{% unit_penalty_notice unit %}").render(
        Context({"unit": world.units["soe"]}))
    assert "暂停" in html and "2027年11月24日" in html and "未履行审核主体责任" in html
    assert Template("{% load supervision_tags %}{% unit_penalty_notice unit %}").render(
        Context({"unit": world.units["school"]})).strip() == ""
    history = login(world.users["bureau"]).get(reverse("supervision:unit_history", args=[world.units["soe"].pk]))
    assert "推荐了学历不符合条件的人员" in history.content.decode()
    other = login(world.users["bureau_wuhua"])
    assert other.get(reverse("supervision:unit_history", args=[world.units["soe"].pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.penalty_record(actor=world.users["bureau_wuhua"], kind=LAX, facts="x",
                                decided_on=dt.date(2026, 11, 25), unit=world.units["soe"])
    with pytest.raises(ValidationError):
        services.penalty_record(actor=world.users["unit_school"], kind=LAX, facts="x",
                                decided_on=dt.date(2026, 11, 25), unit=world.units["soe"])


def test_penalty_form_records_and_redirects_to_history(world, login):
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False):
        client = login(world.users["bureau"])
        assert client.get(reverse("supervision:penalty_new")).status_code == 200
        response = client.post(reverse("supervision:penalty_new"), {
            "target": f"unit:{world.units['school'].pk}", "kind": LAX, "decided_on": "2026-11-26",
            "facts": "审核把关不严"})
        assert response.status_code == 302
        assert response["Location"] == reverse("supervision:unit_history", args=[world.units["school"].pk])
        bad = client.post(reverse("supervision:penalty_new"), {"target": "unit:999999", "kind": LAX,
                                                                "decided_on": "2026-11-26", "facts": "x"})
        assert bad.status_code == 200 and "请修改以下问题" in bad.content.decode()
    assert User.objects.filter(role=Role.UNIT_OFFICER).count() > 1
