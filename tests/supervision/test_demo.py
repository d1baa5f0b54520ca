import datetime as dt

from django.urls import reverse

from tests.factories import application_in
from zhicheng.applications.models import Status
from zhicheng.supervision import demo
from zhicheng.supervision.models import Appeal, AppealStatus
from zhicheng.supervision.sanctions import integrity_ban_until, unit_penalties_for


def test_demo_has_a_barred_person_a_penalty_history_and_an_escalated_appeal(world, login):
    application_in(Status.REJECTED, person=world.users["li_si"], unit=world.units["soe"],
                   batch=world.batches["2024q3"])
    demo.seed(world)
    assert integrity_ban_until(world.users["qian_ba"], dt.date(2026, 11, 27)) == dt.date(2028, 6, 9)
    rows = unit_penalties_for(world.units["soe"])
    assert len(rows) == 1 and not rows[0].running  # the 2024 suspension is over
    appeal = Appeal.objects.get()
    assert appeal.status == AppealStatus.ESCALATED and appeal.outcome
    page = login(world.users["bureau"]).get(reverse("supervision:appeals")).content.decode()
    assert "李四" in page and "已向人社局申诉" in page
