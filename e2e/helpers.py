"""Shared steps of the journeys: files to upload, moments in the demo batch, the unit's list."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from zhicheng.recommendations import demo as recommendations_demo
from zhicheng.recommendations import services as recommendation_services

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The demo's "current" batch: list deadline 2026-11-20 17:00, application window 11-23 09:00 to 12-20 17:00.
BEFORE_LIST_DEADLINE = dt.datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)
IN_WINDOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)


def pdf_bytes(text: str = "zhicheng e2e") -> bytes:
    return recommendations_demo.minimal_pdf(text)


def png_bytes(width: int = 400, height: int = 260, colour=(30, 90, 160)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def upload_payload(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def accept_confirms(page: Page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def put_policy_on_file(world, unit_key: str) -> None:
    """The unit's 考核推荐制度 (a prerequisite of any list), through the service."""
    unit = world.units[unit_key]
    recommendation_services.recommendation_policy_upload(
        unit=unit, actor=world.users[f"unit_{unit_key}"], title=f"{unit.name}初级职称考核推荐办法",
        file=recommendations_demo.pdf_upload("policy.pdf", "policy"), adopted_on=dt.date(2026, 6, 20),
    )


def unit_lists_and_submits(web, world, *, unit_key: str, person, series: str, specialty: str, level: str,
                           post: str, phone: bool = False) -> Page:
    """The unit officer adds a person to the current batch's list (附件3) in the browser and submits it."""
    put_policy_on_file(world, unit_key)
    page = web.login(f"unit_{unit_key}", phone=phone)
    accept_confirms(page)
    page.goto("/unit/")
    page.get_by_role("link", name="编辑名单").first.click()
    page.get_by_role("link", name="添加人员").click()
    page.get_by_label("姓名").fill(person.real_name)
    page.get_by_label("身份证号码").fill(person.id_number)
    page.get_by_label("申报系列").select_option(series)
    page.get_by_label("申报专业").fill(specialty)
    page.get_by_label("申报级别").select_option(level)
    page.get_by_label("现从事岗位").fill(post)
    page.get_by_label("考核结果", exact=True).select_option("passed")
    page.get_by_label("考核日期").fill("2026-10-29")
    page.get_by_label("公示开始日期").fill("2026-11-02")
    page.get_by_label("公示结束日期").fill("2026-11-06")
    page.get_by_label("本人承诺落款日期").fill("2026-10-30")
    page.get_by_label("单位审核意见落款日期").fill("2026-11-09")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="推荐人员名单（附件3）")).to_be_visible()
    expect(page.get_by_text(person.real_name).first).to_be_visible()
    web.shot(page, "unit-list-before-submit")
    page.get_by_role("button", name="报送区人社局").click()
    expect(page.get_by_text("本名单已于")).to_be_visible()
    web.shot(page, "unit-list-submitted")
    return page


def expect_no_horizontal_scroll(page: Page) -> None:
    """Phone-first: nothing may force sideways scrolling."""
    # Measure the page as the user sees it: a check that runs while site.css is still on its way (the
    # text is already in the DOM after a redirect) would measure an unstyled table, 72 px too wide.
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet && l.sheet.cssRules.length)")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    widest = "" if overflow <= 1 else page.evaluate(
        "() => { const w = document.documentElement.clientWidth; const out = [];"
        " for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();"
        " if (r.right > w + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right)); }"
        " return out.slice(0, 5).join('; '); }")
    assert overflow <= 1, f"page is {overflow}px wider than the phone screen: {page.url} ({widest})"
