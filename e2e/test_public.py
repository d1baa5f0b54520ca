"""Pages anyone can use without an account: the home page and the eligibility self-check."""

import re

from playwright.sync_api import expect


def _self_check(page, *, graduated: str, insured_from: str, open_page: bool = True) -> None:
    """Fill the public self-check for a 非公 engineer with a bachelor's degree, insured in Kunming until 2026-10."""
    if open_page:
        page.goto("/selfcheck/")
    page.get_by_label("申报日期").fill("2026-11-27")
    page.get_by_label("申报职称系列").select_option("工程")
    page.get_by_label("单位性质").select_option("非公经济组织")
    page.get_by_label("单位隶属关系").select_option("区属")
    page.get_by_label("最高学历（学位）").select_option("本科")
    page.get_by_label("毕业（取得学位）日期").fill(graduated)
    page.get_by_label("参保记录 1：起始月份").fill(insured_from)
    page.get_by_label("参保记录 1：截止月份").fill("2026-10")
    page.get_by_role("button", name="开始自检").click()


def test_person_self_checks_eligibility_on_a_phone(web):
    page = web.page(phone=True)
    page.goto("/")
    web.shot(page, "home")
    _self_check(page, graduated="2024-06-28", insured_from="2024-07")
    expect(page.get_by_role("heading", name=re.compile("符合申报条件：可申报助理级"))).to_be_visible()
    assert page.locator(".checks .check-fail").count() == 0
    web.shot(page, "selfcheck-eligible")


def test_self_check_says_what_is_missing(web):
    page = web.page(phone=True)
    _self_check(page, graduated="2026-06-28", insured_from="2026-07")
    expect(page.get_by_role("heading", name="暂不符合申报条件")).to_be_visible()
    expect(page.locator(".checks .check-fail").first).to_be_visible()
    web.shot(page, "selfcheck-not-yet")


# The self-check page with every group showing measured 3,871 px tall on a 390×844 phone before it was grouped.
BEFORE_GROUPING_PX = 3871


def test_choosing_the_education_route_shows_only_its_fields_on_a_phone(web):
    page = web.page(phone=True)
    page.goto("/selfcheck/")
    height = lambda: page.evaluate("document.documentElement.scrollHeight")  # noqa: E731
    everything = height()
    expect(page.locator("#id_skill_level")).to_be_visible()  # no route chosen yet: every group shows
    page.get_by_label("学历（学位）", exact=True).check()
    expect(page.locator("#id_education_level")).to_be_visible()
    expect(page.locator("#id_skill_level")).to_be_hidden()
    expect(page.locator("#id_title_series")).to_be_hidden()
    expect(page.get_by_role("group", name="已取得的职称")).to_be_hidden()
    expect(page.get_by_label("参保记录 2：起始月份")).to_be_hidden()  # spare insurance rows fold away
    shorter = height()
    print(f"self-check on a phone: {everything} px with every group, {shorter} px with 学历 chosen")
    assert shorter < everything and shorter < BEFORE_GROUPING_PX
    web.shot(page, "selfcheck-education-route")
    page.get_by_role("button", name="再添加一条参保记录").click()
    expect(page.get_by_label("参保记录 2：起始月份")).to_be_visible()
    expect(page.get_by_label("参保记录 3：起始月份")).to_be_hidden()
    _self_check(page, graduated="2024-06-28", insured_from="2024-07", open_page=False)
    expect(page.get_by_role("heading", name=re.compile("符合申报条件：可申报助理级"))).to_be_visible()
    expect(page).to_have_url(re.compile("route=education"))
    expect(page.locator("#id_route_1")).to_be_checked()  # the choice survives the submit
    expect(page.locator("#id_skill_level")).to_be_hidden()
    web.shot(page, "selfcheck-education-route-result")
