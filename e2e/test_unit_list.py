"""A unit officer builds and submits the recommendation list (附件3) before the list deadline."""

import time_machine
from playwright.sync_api import expect

from zhicheng.recommendations.models import ListStatus, RecommendationList

from .helpers import BEFORE_LIST_DEADLINE, expect_no_horizontal_scroll, unit_lists_and_submits


def test_unit_officer_submits_the_list_on_a_phone(web, world):
    person = world.users["zhang_san"]
    with time_machine.travel(BEFORE_LIST_DEADLINE, tick=True):
        page = unit_lists_and_submits(web, world, unit_key="school", person=person, series="中小学教师",
                                      specialty="小学数学", level="zhuliji", post="数学教师", phone=True)
        expect_no_horizontal_scroll(page)
        expect(page.get_by_role("button", name="报送区人社局")).to_have_count(0)
    rec_list = RecommendationList.objects.get(unit=world.units["school"], batch=world.batches["current"])
    assert rec_list.status == ListStatus.SUBMITTED
    assert rec_list.entries.get().id_number == person.id_number
