"""Everyday use (issue 14, points 1–8): what a clerk or an applicant on a phone would otherwise trip over."""

import datetime as dt

import time_machine
from playwright.sync_api import expect
from tests.applications.conftest import put_on_list
from tests.factories import make_batch

from zhicheng.applications import services
from zhicheng.policy.workdays import default_calendar
from zhicheng.supervision import services as supervision_services
from zhicheng.supervision.models import PenaltyKind

from .helpers import (
    BEFORE_LIST_DEADLINE,
    IN_WINDOW,
    accept_confirms,
    expect_no_horizontal_scroll,
    put_policy_on_file,
)


def test_publicity_in_a_year_without_holiday_calendar_says_who_must_enter_it(web, world):
    year = max(default_calendar().years) + 1
    put_policy_on_file(world, "school")
    with time_machine.travel(BEFORE_LIST_DEADLINE, tick=True):
        page = web.login("unit_school", phone=True)
        accept_confirms(page)
        page.goto("/unit/")
        page.get_by_role("link", name="编辑名单").first.click()
        page.get_by_role("link", name="添加人员").click()
        person = world.users["zhang_san"]
        page.get_by_label("姓名").fill(person.real_name)
        page.get_by_label("身份证号码").fill(person.id_number)
        page.get_by_label("申报系列").select_option("中小学教师")
        page.get_by_label("申报专业").fill("小学数学")
        page.get_by_label("申报级别").select_option("zhuliji")
        page.get_by_label("公示开始日期").fill(f"{year}-01-11")
        page.get_by_label("公示结束日期").fill(f"{year}-01-15")
        page.get_by_label("本人承诺落款日期").fill(f"{year}-01-08")
        page.get_by_label("单位审核意见落款日期").fill(f"{year}-01-18")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text(f"{year}年的法定节假日安排尚未录入平台").first).to_be_visible()
        expect(page.get_by_text("晚于结束日期")).to_have_count(0)
        expect_no_horizontal_scroll(page)
        web.shot(page, "publicity-calendar-missing")


def test_bad_news_where_people_start(web, world):
    """8: the banned applicant on the task list, the suspended unit's dashboard, the next batch's window."""
    li_si = world.users["li_si"]
    put_on_list(world, "li_si")
    nxt = make_batch(world.districts["panlong"], 2027, 1, dt.date(2027, 2, 20))
    world.batches["next"] = nxt
    put_on_list(world, "wang_wu", "next")
    with time_machine.travel(IN_WINDOW, tick=True):
        app = services.application_start(user=li_si, batch=world.batches["current"])
        supervision_services.integrity_record_create(
            actor=world.users["bureau"], person=li_si, unit=world.units["soe"], decided_on=IN_WINDOW.date(),
            finding="提供伪造的学历证书，经核查属实。")
        page = web.login("li_si", phone=True)
        page.goto(f"/applications/{app.pk}/")
        expect(page.get_by_text("本次申报不能提交")).to_be_visible()
        expect(page.get_by_text("您有在期的职称评审诚信档案记录")).to_be_visible()
        expect_no_horizontal_scroll(page)
        web.shot(page, "banned-task-list")

        page = web.login("wang_wu", phone=True)
        page.goto("/applications/")
        expect(page.get_by_text(f"的{nxt.name}推荐人员名单（附件3），该期网络申报时间为2027年2月23日 09:00")).to_be_visible()
        web.shot(page, "next-batch-window")

    with time_machine.travel(BEFORE_LIST_DEADLINE, tick=True):
        supervision_services.penalty_record(actor=world.users["bureau"], kind=PenaltyKind.FALSE_MATERIAL,
                                            facts="推荐了提供虚假材料的人员", decided_on=dt.date(2026, 11, 10),
                                            unit=world.units["school"])
        page = web.login("unit_school", phone=True)
        page.goto("/unit/")
        expect(page.get_by_text("暂停推荐，不能报送名单").first).to_be_visible()
        expect(page.get_by_role("link", name="编辑名单")).to_have_count(0)
        expect_no_horizontal_scroll(page)
        web.shot(page, "suspended-unit-dashboard")


def test_insurance_elsewhere_is_said_once_in_the_self_check(web, world):
    """8: months paid in another city are named once, not as both missing and paid."""
    page = web.page(phone=True)
    page.goto("/selfcheck/")
    page.get_by_label("申报日期").fill("2026-12-05")
    page.get_by_label("申报职称系列").select_option("工程")
    page.get_by_label("单位性质").select_option("非公经济组织")
    page.get_by_label("单位隶属关系").select_option("区属")
    page.get_by_label("最高学历（学位）").select_option("本科")
    page.get_by_label("毕业（取得学位）日期").fill("2022-06-30")
    page.get_by_label("参保记录 1：起始月份").fill("2022-08")
    page.get_by_label("参保记录 1：截止月份").fill("2026-05")
    page.get_by_label("参保记录 1：参保城市").fill("昆明市")
    page.get_by_role("button", name="再添加一条参保记录").click()
    page.get_by_label("参保记录 2：起始月份").fill("2026-06")
    page.get_by_label("参保记录 2：截止月份").fill("2026-11")
    page.get_by_label("参保记录 2：参保城市").fill("曲靖市")
    page.get_by_label("参保记录 2：缴费单位即申报单位").check()
    page.get_by_role("button", name="开始自检").click()
    line = page.get_by_text("在昆明的缴费记录：2026年6月至2026年11月在曲靖市缴纳，不算在昆明缴费。")
    expect(line).to_be_visible()
    expect(page.get_by_text("（其中")).to_have_count(0)
    line.scroll_into_view_if_needed()
    web.shot(page, "insurance-elsewhere")


def test_unit_officer_opens_the_revoked_certificate_notification(web, world):
    """3: the unit officer's "电子职称证书已撤销" opens the case page, not a 403."""
    from tests.factories import world_application

    from zhicheng.applications.models import Status
    from zhicheng.certificates.services import certificate_issue
    from zhicheng.supervision.services import application_revoke

    app = world_application(world, "zhang_san", status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
    certificate_issue(application=app, actor=world.users["bureau"])
    application_revoke(application=app, actor=world.users["bureau"], reason="经复查学历证书系伪造。",
                       open_integrity_record=False)
    page = web.login("unit_school", phone=True)
    page.goto("/notifications/")
    page.get_by_role("link", name="电子职称证书已撤销").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张三")
    expect(page.get_by_text("已撤销").first).to_be_visible()
    expect(page.get_by_text("您的角色无权访问此页面")).to_have_count(0)
    assert "/certificates/mine/" not in page.url
    expect_no_horizontal_scroll(page)
    web.shot(page, "revoked-notification-opens")


def test_profile_on_a_phone_keeps_contact_details(web, world):
    """Point 5: 个人信息 from the menu; e-mail and phone saved; the password change is one tap away."""
    page = web.login("wang_wu", phone=True)
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("link", name="个人信息").click()
    expect(page.get_by_role("heading", name="个人信息")).to_be_visible()
    page.get_by_label("电子邮箱").fill("wangwu@example.cn")
    page.get_by_label("手机号码").fill("13900001234")
    page.get_by_role("button", name="保存联系方式").click()
    expect(page.get_by_text("个人信息已保存。")).to_be_visible()
    expect(page.get_by_label("手机号码")).to_have_value("13900001234")
    expect(page.get_by_role("link", name="修改密码")).to_be_visible()
    expect_no_horizontal_scroll(page)
    web.shot(page, "profile-phone")
    # point 13: a bad e-mail; the hint and the error are the ones aria-describedby names
    page.get_by_label("电子邮箱").fill("not-an-email")
    page.get_by_role("button", name="保存联系方式").click()
    missing = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')]
        .flatMap(el => el.getAttribute('aria-describedby').split(' '))
        .filter(id => !document.getElementById(id))""")
    assert missing == []
    expect(page.locator("#id_email_error")).to_be_visible()
    web.shot(page, "profile-error-described-phone")
    page.get_by_label("电子邮箱").fill("wangwu@example.cn")
    page.get_by_role("button", name="保存联系方式").click()
    world.users["wang_wu"].refresh_from_db()
    assert world.users["wang_wu"].email == "wangwu@example.cn"


def test_a_unit_keeps_its_details_up_to_date(web, world):
    """Point 4: the officer asks for the new name on a phone, the bureau approves it, the unit's page shows it."""
    page = web.login("unit_private", phone=True)
    page.get_by_role("main").get_by_role("link", name="单位信息").click()  # from the workbench
    expect(page.get_by_role("heading", name="单位信息", exact=True)).to_be_visible()
    page.get_by_label("单位名称").fill("云南星辰数智科技有限公司")
    page.get_by_label("变更理由").fill("单位更名，已换发营业执照。")
    page.get_by_role("button", name="提交变更申请").click()
    expect(page.get_by_text("变更申请已提交")).to_be_visible()
    expect(page.locator("#change-history")).to_contain_text("云南星辰信息科技有限公司 → 云南星辰数智科技有限公司")
    expect_no_horizontal_scroll(page)
    web.shot(page, "unit-details-pending-phone")

    bureau = web.login("bureau")
    bureau.get_by_role("navigation").get_by_role("link", name="单位信息变更").click()
    bureau.get_by_role("link", name="审核", exact=True).click()
    expect(bureau.locator("#change-rows .row-changed")).to_contain_text("云南星辰数智科技有限公司")
    web.shot(bureau, "unit-change-detail")
    bureau.get_by_role("button", name="审核通过并变更").click()
    expect(bureau.get_by_text("单位信息已变更")).to_be_visible()

    page.reload()
    expect(page.locator("#unit-details")).to_contain_text("云南星辰数智科技有限公司")
    expect(page.locator("#change-history")).to_contain_text("已变更")
    expect_no_horizontal_scroll(page)
    web.shot(page, "unit-details-changed-phone")
