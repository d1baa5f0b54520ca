"""Issue 14 point 1: a section's draft is saved in the background while the applicant types."""

import time_machine
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.models import Application, Section
from zhicheng.applications.sections import SectionState
from zhicheng.core.demo import at

from .conftest import NOW

WORK_ROW = {"rows": "1", "row-0-from_month": "2019-07", "row-0-to_month": "", "row-0-unit": "昆明建工集团",
            "row-0-post": "施工员"}


def _url(app, section="work"):
    return reverse("applications:section_autosave", args=[app.pk, section])


def test_autosave_keeps_the_typed_row_as_a_draft(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=listed.users["li_si"], batch=listed.batches["current"], now=NOW)
        response = login(listed.users["li_si"]).post(_url(app), WORK_ROW)
    assert response.status_code == 200
    assert response.json() == {"saved": True, "time": "10:00", "message": "已自动保存 10:00"}
    app = Application.objects.get(pk=app.pk)
    assert [r["unit"] for r in app.work_history] == ["昆明建工集团"]
    assert app.section_state[Section.WORK] == SectionState.IN_PROGRESS
    # The edit page shows the saved row after a reload.
    with time_machine.travel(NOW, tick=False):
        page = login(listed.users["li_si"]).get(reverse("applications:section", args=[app.pk, "work"]))
    assert "昆明建工集团" in page.content.decode()


def test_bad_input_is_refused_in_chinese_and_nothing_changes(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=listed.users["li_si"], batch=listed.batches["current"], now=NOW)
        before = Application.objects.get(pk=app.pk)
        client = login(listed.users["li_si"])
        bad = client.post(_url(app), {**WORK_ROW, "row-0-from_month": "2019年7月", "action": "complete"})
        garbage = client.post(_url(app), {"rows": "many", "row-0-unit": "x" * 5000})
        unknown = client.post(_url(app, "nonsense"), WORK_ROW)
    assert bad.status_code == 400 and bad.json()["saved"] is False
    assert bad.json()["message"].startswith("尚未自动保存：第 1 行“起始年月”")
    assert garbage.status_code == 200 and unknown.status_code == 404
    after = Application.objects.get(pk=app.pk)
    assert after.work_history == before.work_history
    assert after.section_state.get(Section.WORK) != SectionState.COMPLETE


def test_others_applications_are_404(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=listed.users["li_si"], batch=listed.batches["current"], now=NOW)
        response = login(listed.users["zhao_liu"]).post(_url(app), WORK_ROW)
    assert response.status_code == 404
    assert Application.objects.get(pk=app.pk).work_history == app.work_history


def test_after_the_window_closes_autosave_is_refused_in_chinese(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=listed.users["li_si"], batch=listed.batches["current"], now=NOW)
    with time_machine.travel(at(2026, 12, 21, 9), tick=False):
        response = login(listed.users["li_si"]).post(_url(app), WORK_ROW)
    assert response.status_code == 409
    body = response.json()
    assert body["saved"] is False and body["message"].startswith("未能自动保存：")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"][7:])
    assert Application.objects.get(pk=app.pk).work_history == app.work_history
