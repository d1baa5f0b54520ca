"""四 of the notice: each review step closes at its own deadline, and each queue shows that deadline.

The current demo batch: application window (个人网络申报及单位审核提交时间) until 2026-12-20 17:00, revision
deadline (返回修改截止时间) 2026-12-25 17:00, the bureau's deadline 2026-12-30 17:00.
"""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.applications import services, workflow
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.models import Section, Status
from zhicheng.core.demo import at

from .conftest import NOW

RETURN_ITEMS = [{"section": Section.ACHIEVEMENTS, "reason": "业绩过于笼统，请补充具体项目。"}]
WINDOW_END, REVISION, REVIEW = at(2026, 12, 20, 17), at(2026, 12, 25, 17), at(2026, 12, 30, 17)
MINUTE = WINDOW_END - at(2026, 12, 20, 16, 59)


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def _resubmitted(world, username="li_si"):
    """Submitted, returned once by the unit, corrected and resubmitted (inside the window)."""
    officer = world.users["unit_soe" if username == "li_si" else "unit_private"]
    app = submitted(world.users[username], world.batches["current"], now=NOW)
    app = services.application_return(application=app, actor=officer, items=RETURN_ITEMS, now=NOW)
    app = services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                            value=app.achievements + "补充了具体项目。", now=NOW)
    return services.application_submit(application=app, actor=app.applicant, now=NOW)


@pytest.mark.parametrize("moment, ok", [(WINDOW_END, True), (WINDOW_END + MINUTE, False)])
def test_first_round_unit_review_closes_with_the_application_window(listed, moment, ok):
    app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
    officer = listed.users["unit_soe"]
    if ok:
        app = services.application_approve(application=app, actor=officer, opinion=OPINION, now=moment)
        assert app.status == Status.DEPARTMENT_RECHECK
        return
    with pytest.raises(ValidationError) as exc:
        services.application_approve(application=app, actor=officer, opinion=OPINION, now=moment)
    assert "单位审核已于2026年12月20日 17:00截止" in _messages(exc)
    assert "个人网络申报及单位审核提交时间" in _messages(exc)
    actions = {name: (allowed, why) for name, allowed, why in workflow.available_actions(app, officer, moment)}
    assert actions["unit_approve"][0] is False and actions["unit_return"][0] is False
    app.refresh_from_db()
    assert app.status == Status.UNIT_REVIEW


def test_a_resubmission_is_reviewed_again_until_the_revision_deadline(listed):
    app = _resubmitted(listed)
    officer = listed.users["unit_soe"]
    late = at(2026, 12, 22, 10)  # after the window, before the revision deadline
    app = services.application_approve(application=app, actor=officer, opinion=OPINION, now=late)
    assert app.status == Status.DEPARTMENT_RECHECK

    again = _resubmitted(listed, "wang_wu")
    with pytest.raises(ValidationError) as exc:
        services.application_approve(application=again, actor=listed.users["unit_private"], opinion=OPINION,
                                     now=REVISION + MINUTE)
    assert "退回修改后的单位审核已于2026年12月25日 17:00截止" in _messages(exc)


def test_resubmitting_after_a_return_is_open_until_the_revision_deadline(listed):
    app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
    app = services.application_return(application=app, actor=listed.users["unit_soe"], items=RETURN_ITEMS, now=NOW)
    assert app.revision_due == REVISION
    app = services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                            value=app.achievements + "补充了具体项目。", now=at(2026, 12, 24, 9))
    app = services.application_submit(application=app, actor=app.applicant, now=at(2026, 12, 24, 9))
    assert app.status == Status.UNIT_REVIEW


def test_the_department_rechecks_while_a_return_can_still_be_corrected(listed):
    app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
    app = services.application_approve(application=app, actor=listed.users["unit_soe"], opinion=OPINION, now=NOW)
    dept = listed.users["dept_build"]
    with pytest.raises(ValidationError) as exc:
        services.application_approve(application=app, actor=dept, now=REVISION + MINUTE)
    assert "主管部门复核已于2026年12月25日 17:00截止" in _messages(exc)
    app = services.application_approve(application=app, actor=dept, now=REVISION)
    assert app.status == Status.BUREAU_RECOGNITION
    app = services.application_approve(application=app, actor=listed.users["bureau"], now=REVIEW)
    assert app.status == Status.RECOGNISED


def _queue_row_deadline(client, user, app) -> str:
    page = client(user).get(reverse("applications:queue")).content.decode()
    end = page.index(reverse("applications:review", args=[app.pk]))
    return page[page.rindex("<tr>", 0, end):end]


def test_each_queue_shows_the_deadline_of_its_own_step(listed, login):
    first = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
    again = _resubmitted(listed, "wang_wu")
    at_bureau = submitted(listed.users["zhang_san"], listed.batches["current"], now=NOW)
    at_bureau = services.application_approve(application=at_bureau, actor=listed.users["unit_school"],
                                             opinion=OPINION, now=NOW)
    at_bureau = services.application_approve(application=at_bureau, actor=listed.users["dept_edu"], now=NOW)
    with time_machine.travel(NOW, tick=False):
        row = _queue_row_deadline(login, listed.users["unit_soe"], first)
        assert "2026年12月20日 17:00" in row and "2026年12月30日" not in row
        row = _queue_row_deadline(login, listed.users["unit_private"], again)
        assert "2026年12月25日 17:00" in row
        row = _queue_row_deadline(login, listed.users["bureau"], at_bureau)
        assert "2026年12月30日 17:00" in row
    with time_machine.travel(at(2026, 12, 21, 9), tick=False):
        page = login(listed.users["unit_soe"]).get(reverse("applications:queue") + "?overdue=1").content.decode()
        assert reverse("applications:review", args=[first.pk]) in page
