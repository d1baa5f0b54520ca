"""Reviewers at a desk (1280 px) and the bureau's own pages, on the full demo data (issue 14, points 10 and 12)."""

import importlib

import pytest
import time_machine

from zhicheng.core.demo import DEMO_STEPS, at
from zhicheng.core.names import pinyin_key

NOW = at(2026, 11, 27, 10)

# Lines a cell's text wraps onto: distinct tops of its text's client rectangles.
LINES = """el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; }"""


@pytest.fixture
def demo(world):
    with time_machine.travel(NOW, tick=False):
        for name in DEMO_STEPS:
            importlib.import_module(name).seed(world)
    return world


def test_queue_names_and_buttons_stay_on_one_line_and_sort_by_pinyin(web, demo):
    with time_machine.travel(NOW, tick=True):
        page = web.login("bureau")
        page.goto("/applications/queue/?status=all&sort=name")
        names = page.locator('td[data-label="申报人"]')
        assert names.count() >= 5
        shown = [n.strip() for n in names.all_inner_texts()]
        assert shown == sorted(shown, key=pinyin_key), shown
        for cell in names.all():
            assert cell.evaluate(LINES) == 1, f"{cell.inner_text()} wraps"
        for button in page.locator("td a.button").all():
            assert button.evaluate(LINES) == 1, "the 办理 button wraps"
        web.shot(page, "bureau-queue-desktop")

        officer = web.login("unit_private")
        officer.goto("/applications/recognised/")
        for cell in officer.locator("tbody td:first-child").all():
            assert cell.evaluate(LINES) == 1, f"{cell.inner_text()} wraps"
        web.shot(officer, "unit-recognised-desktop")

        phone = web.login("bureau", phone=True)
        phone.goto("/applications/queue/?status=all&sort=name")
        web.shot(phone, "bureau-queue-phone")


def test_bureau_reads_and_filters_its_audit_trail_at_a_desk(web, demo):
    with time_machine.travel(NOW, tick=True):
        page = web.login("bureau")
        page.get_by_role("link", name="审计记录").first.click()
        rows = page.locator("table.audit-trail tbody tr")
        assert rows.count() > 10
        assert not page.locator("table.audit-trail").get_by_text("application.", exact=False).count()
        web.shot(page, "bureau-audit-desktop")

        page.get_by_label("操作").select_option(label="提交申报")
        page.get_by_role("button", name="筛选").click()
        actions = {t.strip() for t in page.locator('td[data-label="操作"]').all_inner_texts()}
        assert actions == {"提交申报"}
        with page.expect_download() as download:
            page.get_by_role("link", name="导出 Excel").click()
        assert download.value.suggested_filename.endswith(".xlsx")

        page.get_by_label("起始日期").fill("2026-11-30")
        page.get_by_label("截止日期").fill("2026-11-01")
        page.get_by_role("button", name="筛选").click()
        assert "截止日期不能早于起始日期。" in page.locator(".error-summary").inner_text()
