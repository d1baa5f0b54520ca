"""Issue 14.8: bad news where people start, not at 核对并提交 (through the real views)."""

import datetime as dt

import time_machine
from django.urls import reverse

from tests.factories import make_batch
from zhicheng.applications import services
from zhicheng.supervision import services as supervision_services
from zhicheng.supervision.models import PenaltyKind
from zhicheng.supervision.sanctions import unit_suspension_reason

from .conftest import NOW, put_on_list


def test_a_record_made_after_starting_shows_on_the_task_list_and_my_applications(world, login):
    put_on_list(world, "li_si")
    li_si = world.users["li_si"]
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=li_si, batch=world.batches["current"])
        supervision_services.integrity_record_create(
            actor=world.users["bureau"], person=li_si, unit=world.units["soe"], decided_on=dt.date(2026, 11, 24),
            finding="提供伪造的学历证书，经核查属实。")
        client = login(li_si)
        task_list = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
        mine = client.get(reverse("applications:mine")).content.decode()
    assert "本次申报不能提交" in task_list and "您有在期的职称评审诚信档案记录" in task_list
    assert "您有在期的职称评审诚信档案记录" in mine


def test_a_banned_person_is_told_on_my_applications_before_starting(world, login):
    put_on_list(world, "li_si")
    li_si = world.users["li_si"]
    supervision_services.integrity_record_create(
        actor=world.users["bureau"], person=li_si, unit=world.units["soe"], decided_on=dt.date(2026, 6, 1),
        finding="提供伪造的学历证书，经核查属实。")
    with time_machine.travel(NOW, tick=False):
        page = login(li_si).get(reverse("applications:mine")).content.decode()
    assert "暂不能开始申报" in page and "记录期内不得参加职称考核认定" in page and "开始申报</button>" not in page


def test_a_person_on_next_batchs_list_is_told_the_next_window(world, login):
    nxt = make_batch(world.districts["panlong"], 2027, 1, dt.date(2027, 2, 20))
    world.batches["next"] = nxt
    put_on_list(world, "li_si", "next")
    with time_machine.travel(NOW, tick=False):
        page = login(world.users["li_si"]).get(reverse("applications:mine")).content.decode()
    assert "您不在本期任何用人单位已报送的推荐人员名单" in page
    assert f"已报送的{nxt.name}推荐人员名单（附件3），该期网络申报时间为2027年2月23日 09:00至2027年3月15日 17:00" in page


def test_a_suspended_units_dashboard_says_so_and_adding_people_is_refused(world, login):
    unit = world.units["soe"]
    with time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC), tick=False):
        supervision_services.penalty_record(actor=world.users["bureau"], kind=PenaltyKind.FALSE_MATERIAL,
                                            facts="推荐了提供虚假材料的人员", decided_on=dt.date(2026, 11, 10),
                                            unit=unit)
    batch = world.batches["current"]
    reason = unit_suspension_reason(unit=unit, batch=batch)
    assert reason
    client = login(world.users["unit_soe"])
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC), tick=False):
        dashboard = client.get(reverse("recommendations:dashboard")).content.decode()
        listing = client.get(reverse("recommendations:list", args=[batch.pk])).content.decode()
        refused = client.post(reverse("recommendations:entry_add", args=[batch.pk]), {
            "real_name": "赵敏", "id_number": world.users["li_si"].id_number, "series": "工程", "specialty": "给排水",
            "level": "zhuliji", "assessment_result": "passed"})
    assert reason in dashboard and "暂停推荐，不能报送名单" in dashboard and "编辑名单" not in dashboard
    assert reason in listing and "添加人员" not in listing
    assert refused.status_code == 200 and reason in refused.content.decode()
    assert not unit.recommendation_lists.filter(entries__real_name="赵敏").exists()
