"""Everyday use (issue 14, points 1–8): what a clerk or an applicant on a phone would otherwise trip over."""

import time_machine
from playwright.sync_api import expect

from zhicheng.policy.workdays import default_calendar

from .helpers import BEFORE_LIST_DEADLINE, accept_confirms, expect_no_horizontal_scroll, put_policy_on_file


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
