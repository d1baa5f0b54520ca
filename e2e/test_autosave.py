"""Issue 14 point 1: on a phone, a typed work-history row survives leaving the page and reloading."""

import re

import time_machine
from playwright.sync_api import expect
from tests.applications.conftest import put_on_list

from zhicheng.applications import services

from .helpers import IN_WINDOW, expect_no_horizontal_scroll


def test_typed_row_is_autosaved_and_leaving_early_asks_first(web, world):
    put_on_list(world, "li_si")
    with time_machine.travel(IN_WINDOW, tick=True):
        app = services.application_start(user=world.users["li_si"], batch=world.batches["current"])
        page = web.login("li_si", phone=True)
        page.goto(f"/applications/{app.pk}/sections/work/")
        dialogs = []

        def on_dialog(dialog):
            dialogs.append(dialog.type)
            dialog.dismiss()  # stay on the page

        page.on("dialog", on_dialog)
        page.get_by_label("起始年月").fill("2019-07")
        page.get_by_label("工作单位").fill("昆明建工集团有限公司")
        page.get_by_label("岗位/职务").fill("施工员")
        page.get_by_role("link", name="← 返回申报").click()
        expect(page.get_by_role("heading", name="主要工作经历")).to_be_visible()
        assert dialogs == ["beforeunload"]

        status = page.locator("[data-autosave-status]")
        expect(status).to_have_text(re.compile(r"^已自动保存 09:3\d$"), timeout=8_000)  # IN_WINDOW is 09:30
        expect_no_horizontal_scroll(page)
        web.shot(page, "work-history-autosaved")

        page.reload()
        expect(page.get_by_label("工作单位")).to_have_value("昆明建工集团有限公司")
        expect(page.get_by_label("岗位/职务")).to_have_value("施工员")
        page.get_by_role("link", name="← 返回申报").click()
        expect(page).to_have_url(f"{web.base_url}/applications/{app.pk}/")
        assert dialogs == ["beforeunload"]  # nothing unsaved: no question
