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
        # the printable 公示表 of each person, and the notice's blank one, are on the list page
        form_link = page.get_by_role("link", name="公示表（附件1）").first
        expect(form_link).to_be_visible()
        expect(page.get_by_role("link", name="下载空白公示表")).to_be_visible()
        form_link.scroll_into_view_if_needed()
        web.shot(page, "unit-list-document-links-phone")
        response = page.request.get(form_link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        blank = page.request.get(page.get_by_role("link", name="下载空白公示表").get_attribute("href"))
        assert blank.status == 200 and blank.body()[:5] == b"%PDF-"
    rec_list = RecommendationList.objects.get(unit=world.units["school"], batch=world.batches["current"])
    assert rec_list.status == ListStatus.SUBMITTED
    assert rec_list.entries.get().id_number == person.id_number
