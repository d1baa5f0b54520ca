import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.audit.models import AuditEntry
from zhicheng.batches import services
from zhicheng.batches.models import Batch, BatchChange
from zhicheng.batches.selectors import batch_deadline_status, current_batch_for_unit
from zhicheng.core.demo import at
from zhicheng.notifications.models import Notification


def new_batch(world, **overrides):
    values = dict(
        actor=world.users["bureau"], district=world.districts["panlong"], name="2027年第一期（3月）", year=2027,
        sequence=1, list_deadline=at(2027, 2, 26, 17), window_start=at(2027, 3, 1, 9),
        window_end=at(2027, 3, 20, 17), revision_deadline=at(2027, 3, 27, 17), review_deadline=at(2027, 3, 31, 17),
    )
    values.update(overrides)
    return services.batch_create(**values)


def test_overlapping_window_in_same_district_is_refused_naming_the_other_batch(world):
    with pytest.raises(ValidationError) as exc:
        new_batch(world, list_deadline=at(2026, 12, 1, 17), window_start=at(2026, 12, 10, 9),
                  window_end=at(2027, 1, 5, 17), revision_deadline=at(2027, 1, 10, 17),
                  review_deadline=at(2027, 1, 15, 17))
    message = " ".join(exc.value.messages)
    assert "2026年第四期（12月）" in message and "重叠" in message
    assert not Batch.objects.filter(year=2027).exists()


def test_same_window_in_another_district_is_allowed(world):
    batch = new_batch(world, actor=world.users["bureau_wuhua"], district=world.districts["wuhua"],
                      list_deadline=at(2026, 12, 1, 17), window_start=at(2026, 12, 10, 9),
                      window_end=at(2027, 1, 5, 17), revision_deadline=at(2027, 1, 10, 17),
                      review_deadline=at(2027, 1, 15, 17))
    assert batch.district == world.districts["wuhua"] and not batch.is_published


def test_dates_out_of_order_are_refused_field_by_field(world):
    with pytest.raises(ValidationError) as exc:
        new_batch(world, window_end=at(2027, 3, 1, 9), revision_deadline=at(2027, 2, 1, 17))
    assert "网络申报截止时间须晚于网络申报开始时间" in exc.value.message_dict["window_end"][0]
    assert "退回修改截止时间不能早于网络申报截止时间" in exc.value.message_dict["revision_deadline"][0]


def test_bureau_cannot_create_a_batch_for_another_district(world):
    with pytest.raises(ValidationError, match="本辖区"):
        new_batch(world, actor=world.users["bureau_wuhua"])


def test_publish_freezes_dates_and_notifies_units(world):
    batch = new_batch(world)
    services.batch_update(batch=batch, actor=world.users["bureau"], window_end=at(2027, 3, 21, 17))
    services.batch_publish(batch=batch, actor=world.users["bureau"])
    with pytest.raises(ValidationError, match="日期已冻结"):
        services.batch_update(batch=batch, actor=world.users["bureau"], window_end=at(2027, 3, 22, 17))
    batch.refresh_from_db()
    assert batch.is_published and batch.window_end == at(2027, 3, 21, 17)
    assert Notification.objects.filter(user=world.users["unit_school"], title__contains="2027年第一期").exists()
    # the text of a published batch may still be corrected
    services.batch_update(batch=batch, actor=world.users["bureau"], notice_text="补充说明")
    assert Batch.objects.get(pk=batch.pk).notice_text == "补充说明"


def test_change_dates_needs_a_reason_and_is_recorded_and_audited(world):
    batch = world.batches["current"]
    with pytest.raises(ValidationError) as exc:
        services.batch_change_dates(batch=batch, actor=world.users["bureau"], reason=" ",
                                    window_end=at(2026, 12, 22, 17))
    assert "变更理由" in exc.value.message_dict["reason"][0]
    change = services.batch_change_dates(batch=batch, actor=world.users["bureau"], reason="系统维护，延长申报两天",
                                         window_end=at(2026, 12, 22, 17))
    batch.refresh_from_db()
    assert batch.window_end == at(2026, 12, 22, 17)
    assert BatchChange.objects.get(pk=change.pk).reason == "系统维护，延长申报两天"
    assert change.before["window_end"].startswith("2026-12-20T")
    entry = AuditEntry.objects.get(action="batch.change_dates")
    assert entry.comment == "系统维护，延长申报两天" and entry.actor == world.users["bureau"]
    note = Notification.objects.get(user=world.users["unit_soe"], title__contains="日期变更")
    assert "2026年12月20日 17:00" in note.body and "2026年12月22日 17:00" in note.body


def test_change_dates_still_checks_order(world):
    with pytest.raises(ValidationError):
        services.batch_change_dates(batch=world.batches["current"], actor=world.users["bureau"], reason="调整时间安排",
                                    window_end=at(2026, 12, 28, 17))
    assert world.batches["current"].changes.count() == 0



@pytest.mark.parametrize(("moment", "phase", "label"), [
    (at(2026, 11, 27, 10), "open", "网络申报截止"),
    (at(2026, 11, 19, 17), "preparing", "推荐名单报送截止"),
    (at(2027, 1, 2), "closed", ""),
])
def test_batch_deadline_status(world, moment, phase, label):
    status = batch_deadline_status(world.batches["current"], moment)
    assert status.phase == phase and status.deadline_label == label
    if phase == "open":
        assert status.deadline_text == "2026年12月20日 17:00" and status.remaining_text == "还剩 23 天 7 小时"
    if phase == "preparing":
        assert status.remaining_text == "还剩 1 天" and status.is_urgent


def test_current_batch_for_unit(world):
    school, firm = world.units["school"], world.units["wuhua_firm"]
    assert current_batch_for_unit(school, now=at(2026, 11, 27)) == world.batches["current"]
    assert current_batch_for_unit(school, now=at(2024, 9, 5)) == world.batches["2024q3"]
    assert current_batch_for_unit(school, now=at(2027, 2, 1)) is None
    assert current_batch_for_unit(firm, now=at(2026, 11, 27)) is None


@time_machine.travel(dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC), tick=False)
def test_list_page_shows_phase_and_time_left(world, login):
    response = login(world.users["bureau"]).get(reverse("batches:list"))
    text = response.content.decode()
    assert "2026年第四期（12月）" in text and "个人网络申报及单位审核" in text
    assert "2026年12月20日 17:00" in text and "还剩 23 天 7 小时" in text


def test_create_and_publish_through_the_pages(world, login):
    client = login(world.users["bureau"])
    response = client.post(reverse("batches:create"), {
        "name": "2027年第一期（3月）", "year": 2027, "sequence": 1, "list_deadline": "2027-02-26T17:00",
        "window_start": "2027-03-01T09:00", "window_end": "2027-03-20T17:00",
        "revision_deadline": "2027-03-27T17:00", "review_deadline": "2027-03-31T17:00", "notice_text": "",
    })
    batch = Batch.objects.get(year=2027)
    assert response.status_code == 302 and batch.window_start == at(2027, 3, 1, 9)
    client.post(reverse("batches:publish", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.is_published
    page = client.get(reverse("batches:edit", args=[batch.pk])).content.decode()
    assert "已发布，日期冻结" in page


def test_overlap_shown_on_the_form(world, login):
    response = login(world.users["bureau"]).post(reverse("batches:create"), {
        "name": "重叠批次", "year": 2026, "sequence": 5, "list_deadline": "2026-11-30T17:00",
        "window_start": "2026-12-01T09:00", "window_end": "2026-12-10T17:00",
        "revision_deadline": "2026-12-12T17:00", "review_deadline": "2026-12-15T17:00",
    })
    assert response.status_code == 200
    assert "与本辖区已有批次“2026年第四期（12月）”" in response.content.decode()


def test_other_district_bureau_gets_404_and_units_cannot_manage(world, login):
    batch = world.batches["current"]
    client = login(world.users["bureau_wuhua"])
    assert client.get(reverse("batches:detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("batches:edit", args=[batch.pk])).status_code == 404
    assert "2026年第四期" not in client.get(reverse("batches:list")).content.decode()
    officer = login(world.users["unit_school"])
    assert officer.get(reverse("batches:edit", args=[batch.pk])).status_code == 403
    detail = officer.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "2026年11月20日 17:00" in detail and "变更日期" not in detail
