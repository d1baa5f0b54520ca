"""Whole journeys in Chromium: list → self-check → apply → return → revise → approvals → PDF → certificate.

The clock of the whole process (live server included) is moved with time_machine: the unit submits its list
before the list deadline, everything else happens inside the current batch's application window.
"""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from zhicheng.applications.demo import ACHIEVEMENTS, OPINION
from zhicheng.applications.models import Application, Status
from zhicheng.applications.requirements import required_attachments
from zhicheng.certificates.models import Certificate

from .helpers import (
    BEFORE_LIST_DEADLINE,
    IN_WINDOW,
    accept_confirms,
    expect_no_horizontal_scroll,
    pdf_bytes,
    png_bytes,
    unit_lists_and_submits,
    upload_payload,
)

PEOPLE = {
    # username: unit key, series, specialty, post, extra fields of the basic section
    "zhang_san": ("school", "中小学教师", "小学数学", "数学教师",
                  {"employment_start": "2022-08-01", "access_qualification": "小学教师资格证 20220000001"}),
    "wang_wu": ("private", "工程", "电子信息工程", "系统集成工程师", {}),
}


def _click_save_complete(page: Page) -> None:
    page.get_by_role("button", name="保存并标记完成").click()
    expect(page.locator(".task-list")).to_be_visible()


def _fill_row(page: Page, values: dict) -> None:
    for name, value in values.items():
        field = page.locator(f'[name="row-0-{name}"]')
        if field.count() > 1:  # radio buttons
            page.locator(f'[name="row-0-{name}"][value="{value}"]').check()
            continue
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") in ("checkbox", "radio"):
            field.check()
        else:
            field.fill(value)


def _rows_section(page: Page, app_pk: int, section: str, values: dict | None) -> None:
    page.goto(f"/applications/{app_pk}/sections/{section}/")
    if values:
        page.get_by_role("button", name="再添加一条").click()
        _fill_row(page, values)
    _click_save_complete(page)


def applicant_applies(web, world, username: str, *, phone: bool) -> Application:
    """Self-check, start, fill every section, upload every required file, check answers and submit."""
    unit_key, series, specialty, post, basic_extra = PEOPLE[username]
    unit = world.units[unit_key]
    page = web.login(username, phone=phone)
    page.goto("/selfcheck/")
    page.get_by_label("申报职称系列").select_option(series)
    page.get_by_label("单位性质").select_option(unit.get_kind_display())
    page.get_by_label("单位隶属关系").select_option("区属")
    page.get_by_label("最高学历（学位）").select_option("本科")
    page.get_by_label("毕业（取得学位）日期").fill("2022-06-30")
    page.get_by_label("参保记录 1：起始月份").fill("2022-08")
    page.get_by_label("参保记录 1：截止月份").fill("2026-10")
    if basic_extra.get("employment_start"):
        page.get_by_label("事业单位聘用日期").fill(basic_extra["employment_start"])
        page.get_by_label("已取得该系列要求的职业（执业）资格").check()
    page.get_by_role("button", name="开始自检").click()
    expect(page.get_by_role("heading", name=re.compile("符合申报条件"))).to_be_visible()
    web.shot(page, "selfcheck")

    page.goto("/applications/")
    web.shot(page, "mine-before-start")
    page.get_by_role("button", name="开始申报").click()
    expect(page.locator(".task-list")).to_be_visible()
    app = Application.objects.get(applicant=world.users[username])
    web.shot(page, "task-list-new")

    page.goto(f"/applications/{app.pk}/sections/basic/")
    for name, value in basic_extra.items():
        page.locator(f'[name="{name}"]').fill(value)
    _click_save_complete(page)
    _rows_section(page, app.pk, "skills", None)
    _rows_section(page, app.pk, "education", {
        "level": "本科", "school": "云南大学", "major": "计算机科学与技术", "date": "2022-06-30",
        "full_time": "yes", "certificate_number": "106731202205001234", "major_related": "yes"})
    _rows_section(page, app.pk, "work", {"from_month": "2022-08", "unit": unit.name, "post": post})
    # the payer is the applicant's own unit already: nobody types 18 characters of USCC on a phone
    page.goto(f"/applications/{app.pk}/sections/insurance/")
    expect(page.locator('[name="row-0-uscc"]')).to_have_value(unit.uscc)
    expect(page.locator('[name="row-0-unit"]')).to_have_value(unit.name)
    web.shot(page, "insurance-prefilled")
    _rows_section(page, app.pk, "insurance", {"from_month": "2022-08", "to_month": "2026-10", "city": "昆明市"})
    _rows_section(page, app.pk, "titles", None)
    page.goto(f"/applications/{app.pk}/sections/achievements/")
    page.locator('textarea[name="achievements"]').fill(ACHIEVEMENTS)
    assert len(ACHIEVEMENTS) >= 400
    web.shot(page, "achievements")
    _click_save_complete(page)

    page.goto(f"/applications/{app.pk}/attachments/")
    app.refresh_from_db()
    for i, req in enumerate(r for r in required_attachments(app) if r.required):
        page.get_by_label("材料类别").select_option(req.category)
        if i % 2:
            page.get_by_label("选择文件").set_input_files(upload_payload(f"{req.category}.png", png_bytes(), "image/png"))
        else:
            page.get_by_label("选择文件").set_input_files(
                upload_payload(f"{req.category}.pdf", pdf_bytes(req.category), "application/pdf"))
        page.get_by_role("button", name="上传").click()
        expect(page.locator(f"#cat-{req.category} .tag-done")).to_be_visible()
    web.shot(page, "attachments-uploaded")
    if phone:
        expect_no_horizontal_scroll(page)

    page.goto(f"/applications/{app.pk}/check/")
    expect(page.get_by_role("button", name="提交")).to_be_enabled()
    web.shot(page, "check-answers")
    page.get_by_role("button", name="提交").click()
    app.refresh_from_db()
    assert app.status == Status.UNIT_REVIEW, app.status
    return app


def reviewer_returns(web, username: str, app: Application, reason: str, *, last: bool = False) -> Page:
    page = web.login(username)
    accept_confirms(page)
    page.goto("/applications/queue/")
    expect(page.get_by_text(app.applicant.real_name).first).to_be_visible()
    page.goto(f"/applications/review/{app.pk}/")
    page.locator("summary", has_text="退回修改").click()
    page.locator('[name="item-0-target"]').select_option("section:achievements")
    page.locator('[name="item-0-reason"]').fill(reason)
    web.shot(page, "review-return" + ("-third" if last else ""))
    page.get_by_role("button", name="退回修改").click()
    return page


def applicant_revises(web, username: str, app: Application, addition: str, *, phone: bool) -> None:
    page = web.login(username, phone=phone)
    page.goto(f"/applications/{app.pk}/")
    expect(page.locator(".task-list .tag-fix")).to_have_count(1)  # exactly the returned section says 需修改
    web.shot(page, "task-list-returned")
    page.goto(f"/applications/{app.pk}/sections/achievements/")
    box = page.locator('textarea[name="achievements"]')
    box.fill(box.input_value() + addition)
    _click_save_complete(page)
    page.goto(f"/applications/{app.pk}/check/")
    page.get_by_role("button", name="提交").click()
    app.refresh_from_db()
    assert app.status == Status.UNIT_REVIEW


def approve(web, username: str, app: Application, *, opinion: bool = False, comment: str = "") -> Page:
    page = web.login(username)
    page.goto(f"/applications/review/{app.pk}/")
    if opinion:
        for name, text in OPINION.items():
            page.locator(f'[name="{name}"]').fill(text)
    elif comment and page.locator('form [name="comment"]').first.is_visible():
        page.locator('form [name="comment"]').first.fill(comment)
    web.shot(page, f"review-{username}")
    page.locator('form:has(input[name="action"][value="approve"]) button[type="submit"]').click()
    app.refresh_from_db()
    return page


def unit_sees_the_list_entry(web, username: str, app: Application) -> None:
    """On a phone, the unit's review shows the person's 附件3 record and part 3 of the opinion already written."""
    page = web.login(username, phone=True)
    page.goto(f"/applications/review/{app.pk}/")
    record = page.locator(".publicity-record")
    expect(record).to_contain_text("推荐人员名单（附件3）中的记录")
    expect(record).to_contain_text("个工作日")
    expect(page.locator('[name="opinion_publicity"]')).to_have_value(re.compile("在本单位内部公示.*公示结果无异议"))
    record.scroll_into_view_if_needed()
    web.shot(page, "unit-review-list-entry-phone")


def _journey(web, world, username: str, *, claim: bool = False):
    unit_key, series, specialty, post, _extra = PEOPLE[username]
    person = world.users[username]
    with time_machine.travel(BEFORE_LIST_DEADLINE, tick=True) as clock:
        unit_lists_and_submits(web, world, unit_key=unit_key, person=person, series=series, specialty=specialty,
                               level="zhuliji", post=post)
        clock.move_to(IN_WINDOW)
        app = applicant_applies(web, world, username, phone=True)

        reviewer_returns(web, f"unit_{unit_key}", app, "请补充近两年承担的具体项目和取得的成绩。")
        app.refresh_from_db()
        assert app.status == Status.RETURNED and app.return_count == 1
        applicant_revises(web, username, app, "2025年负责的项目获区级优秀项目。", phone=True)

        unit_sees_the_list_entry(web, f"unit_{unit_key}", app)
        approve(web, f"unit_{unit_key}", app, opinion=True)
        department = world.units[unit_key].department
        if department is not None:
            assert app.status == Status.DEPARTMENT_RECHECK
            approve(web, "dept_edu" if unit_key == "school" else "dept_build", app, comment="复核通过。")
        assert app.status == Status.BUREAU_RECOGNITION
        page = approve(web, "bureau", app, comment="同意认定。")
        assert app.status == Status.RECOGNISED
        page.goto(f"/applications/review/{app.pk}/")
        history = page.locator("body").inner_text()
        if department is None:
            assert "跳过" in history, "the skipped department step must be shown"
        web.shot(page, "recognised-history")

        # The applicant downloads the 考核认定表 (PDF).
        applicant = web.login(username, phone=True)
        applicant.goto(f"/applications/{app.pk}/")
        web.shot(applicant, "task-list-recognised")
        pdf = applicant.request.get(f"/documents/applications/{app.pk}/recognition-form.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        assert "pdf" in pdf.headers["content-type"]

        # The bureau records the paper copies; then the certificate is issued.
        bureau = web.login("bureau")
        accept_confirms(bureau)
        bureau.goto("/applications/recognised/")
        bureau.locator(f'form[action="/applications/recognised/{app.pk}/paper/"] button').click()
        app.refresh_from_db()
        assert app.paper_received_on is not None
        if claim:  # the applicant claims it (notice 三（四）: 盖章后方可申领电子职称证书)
            applicant.goto(f"/applications/{app.pk}/")
            applicant.get_by_role("button", name="申领电子职称证书").click()
            certificate = Certificate.objects.get(application=app)
            expect(applicant.get_by_text(certificate.number).first).to_be_visible()
            web.shot(applicant, "certificate-claimed")
        else:  # the bureau issues the certificates of every recorded paper form at once
            bureau.goto("/certificates/issue/")
            web.shot(bureau, "certificates-issue")
            bureau.locator("form[method=post] button[type=submit]").last.click()
            expect(bureau.get_by_text(re.compile("已完成|完成"))).to_be_visible()
            certificate = Certificate.objects.get(application=app)

        # Anyone verifies it on the public page, on a phone.
        public = web.page(phone=True)
        public.goto("/certificates/verify/")
        public.locator('[name="number"]').fill(certificate.number)
        public.locator('[name="name"]').fill(person.real_name)
        public.get_by_role("button", name="查验").click()
        expect(public.get_by_text(certificate.number).first).to_be_visible()
        body = public.locator("body").inner_text()
        assert "有效" in body and person.id_number not in body
        web.shot(public, "certificate-verified")
    return app


def test_public_institution_journey_with_department_recheck(web, world):
    app = _journey(web, world, "zhang_san")
    stages = list(app.reviews.values_list("stage", "decision"))
    assert ("department_recheck", "approve") in stages

    # A colleague doubts it: verifies the certificate, then reports it (实名举报) from the result page.
    certificate = Certificate.objects.get(application=app)
    holder = world.users["zhang_san"].real_name
    reporter = web.login("li_si", phone=True)
    reporter.goto("/certificates/verify/")
    reporter.locator('[name="number"]').fill(certificate.number)
    reporter.locator('[name="name"]').fill(holder)
    reporter.get_by_role("button", name="查验").click()
    reporter.get_by_role("link", name="实名举报").last.click()
    reporter.locator('[name="name"]').fill(holder)
    reporter.locator('[name="text"]').fill("据了解，其工作经历证明中的入职时间早于实际入职时间一年以上，请予复查。")
    reporter.get_by_role("button", name="提交举报").click()
    expect(reporter.get_by_text(re.compile("举报已提交"))).to_be_visible()
    web.shot(reporter, "report-filed")

    # The school's competent department re-checks it; the holder sees nothing of it.
    department = web.login("dept_edu")
    department.goto("/supervision/appeals/")
    expect(department.get_by_text(holder).first).to_be_visible()
    web.shot(department, "department-appeals-with-report")
    holder_page = web.login("zhang_san", phone=True)
    reporter_name = world.users["li_si"].real_name
    for path in ("/supervision/mine/", "/notifications/", f"/applications/{app.pk}/"):
        holder_page.goto(path)
        text = holder_page.locator("body").inner_text()
        assert reporter_name not in text and "入职时间早于" not in text, path
    # 我的证书 lists who verified the certificate (as the national query platform does): the colleague's signed-in
    # lookup is there, as the report form warns, but nothing says a report was made.
    holder_page.goto("/certificates/mine/")
    assert "举报" not in holder_page.locator("body").inner_text()


def test_non_public_unit_journey_skips_the_department(web, world):
    app = _journey(web, world, "wang_wu", claim=True)
    assert not app.reviews.filter(stage="department_recheck", decision="approve").exists()


def test_third_return_closes_the_application(web, world):
    person = world.users["wang_wu"]
    with time_machine.travel(BEFORE_LIST_DEADLINE, tick=True) as clock:
        unit_lists_and_submits(web, world, unit_key="private", person=person, series="工程",
                               specialty="电子信息工程", level="zhuliji", post="系统集成工程师")
        clock.move_to(IN_WINDOW)
        app = applicant_applies(web, world, "wang_wu", phone=False)
        for round_no in (1, 2):
            reviewer_returns(web, "unit_private", app, f"第{round_no}次：业绩描述不具体。")
            applicant_revises(web, "wang_wu", app, f"补充说明{round_no}。", phone=False)
        officer = reviewer_returns(web, "unit_private", app, "第3次：业绩仍不具体。", last=True)
        # The flash says the application has ended, not that it went back to the applicant.
        expect(officer.locator(".messages")).to_contain_text("申报已终止")
        expect(officer.locator(".messages")).not_to_contain_text("已退回申报人修改")
        web.shot(officer, "third-return-flash")
        app.refresh_from_db()
        assert app.status == Status.CLOSED and app.return_count == 3
        page = web.login("wang_wu", phone=True)
        page.goto(f"/applications/{app.pk}/")
        expect(page.get_by_text("申报已终止")).to_be_visible()
        assert "本年度" in page.locator(".notice-error").inner_text()
        # The footer cites this person's batch and district, not a fixed 2024 notice.
        footer = page.locator(".site-footer")
        expect(footer).to_contain_text(app.batch.notice_title)
        expect(footer).not_to_contain_text("2024年第三期")
        web.shot(page, "closed-after-third-return")


@pytest.fixture(autouse=True)
def _certificate_key(settings):
    """A signing key for the e-certificate (production reads it from the environment)."""
    settings.CERTIFICATE_SIGNING_KEY = "11" * 32
    return dt.date.today()
