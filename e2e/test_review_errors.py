"""Issue 14 point 13: a reviewer's refused decision on a phone — the error summary takes the focus, each link
puts the focus in its field, and a screen reader hears the field's hint and error."""

import time_machine
from playwright.sync_api import expect
from tests.applications.conftest import put_on_list

from zhicheng.applications.demo import submitted
from zhicheng.applications.models import Application, Status

from .helpers import IN_WINDOW, axe_violations, expect_no_horizontal_scroll

DESCRIBED_IDS_MISSING = """() => [...document.querySelectorAll('[aria-describedby]')]
    .flatMap(el => el.getAttribute('aria-describedby').split(' ')).filter(id => !document.getElementById(id))"""


def test_a_refused_return_leads_the_officer_to_the_row_to_fix(web, world):
    put_on_list(world, "wang_wu")
    with time_machine.travel(IN_WINDOW, tick=True):
        app = submitted(world.users["wang_wu"], world.batches["current"], now=IN_WINDOW)
        page = web.login("unit_private", phone=True)
        page.goto(f"/applications/review/{app.pk}/")
        page.get_by_text("退回修改（一次性告知全部问题）").click()
        assert axe_violations(page) == []  # the six rows of the return form, now shown
        page.locator("#id_item-0-target").select_option("section:basic")
        page.locator("#id_item-0-reason").fill("现工作单位名称与营业执照不一致，请按执照填写。")
        page.locator("#id_item-1-reason").fill("请补充 2023 年以来的主要业绩。")  # says why, not what
        page.get_by_role("button", name="退回修改", exact=True).click()

        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading", name="请修改以下问题后再提交")).to_be_visible()
        link = summary.get_by_role("link", name="第 2 项“需修改的部分或材料”：请选择需修改的部分或材料。")
        expect(link).to_have_attribute("href", "#id_item-1-target")
        field = page.locator("#id_item-1-target")
        expect(field).to_have_attribute("aria-describedby", "id_item-1-target_error")
        expect(field).to_have_attribute("aria-invalid", "true")
        assert page.evaluate(DESCRIBED_IDS_MISSING) == []
        expect(page.locator("#id_item-0-reason")).to_have_value("现工作单位名称与营业执照不一致，请按执照填写。")
        expect_no_horizontal_scroll(page)
        web.shot(page, "review-error-summary-phone")

        link.click()
        expect(field).to_be_focused()
        assert Application.objects.get(pk=app.pk).status == Status.UNIT_REVIEW
