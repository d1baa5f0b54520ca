"""The printable documents are linked where their users need them, and each link opens the document."""

import re

from django.urls import reverse

from tests.factories import world_application
from zhicheng.applications.models import Status

from .pdfcheck import pdf_text


def _links(page: str, text: str) -> list[str]:
    """The hrefs of the links whose text contains ``text``."""
    return [href.replace("&amp;", "&") for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', page, re.S)
            if text in re.sub(r"<[^>]+>", "", label)]


def test_branch_list_page_links_each_publicity_form_the_filled_report_and_the_blank_templates(world, login):
    app = world_application(world, "sun_qi", status=Status.DRAFT)
    batch = app.batch
    officer = login(world.users["unit_branch"])
    page = officer.get(reverse("recommendations:list", args=[batch.pk])).content.decode()

    (form_url,) = _links(page, "公示表（附件1）")
    assert "孙七" in pdf_text(officer.get(form_url).content)
    (report_url,) = _links(page, "下载已填入本名单人员的推荐报告")
    report = officer.get(report_url)
    assert report["Content-Type"] == "application/pdf" and "孙七" in pdf_text(report.content)
    (blank_report,) = _links(page, "空白模板")
    blank = pdf_text(officer.get(blank_report).content)
    assert "初级职称考核认定推荐报告" in blank and "四川蜀道路桥工程有限公司昆明分公司" in blank and "孙七" not in blank
    (blank_form,) = _links(page, "下载空白公示表")
    text = pdf_text(officer.get(blank_form).content)
    assert "公示表" in text and "孙七" not in text


def test_a_unit_that_is_no_branch_sees_no_parent_report_step(world, login):
    app = world_application(world, status=Status.DRAFT)
    page = login(world.users["unit_school"]).get(reverse("recommendations:list", args=[app.batch.pk])).content.decode()
    assert _links(page, "公示表（附件1）") and not _links(page, "推荐报告")


def test_bureau_batch_page_links_the_results_list_as_pdf_and_excel(world, login):
    recognised = world_application(world, status=Status.RECOGNISED)
    bureau = login(world.users["bureau"])
    page = bureau.get(reverse("batches:detail", args=[recognised.batch.pk])).content.decode()
    assert "认定结果名单" in page
    (pdf_url,) = _links(page, "下载 PDF")
    assert "张三" in pdf_text(bureau.get(pdf_url).content)
    xlsx_urls = [u for u in _links(page, "下载 Excel") if "results" in u]
    assert len(xlsx_urls) == 1
    xlsx = bureau.get(xlsx_urls[0])
    assert xlsx.status_code == 200 and "spreadsheet" in xlsx["Content-Type"]


def test_applicants_get_no_blank_templates(world, login):
    app = world_application(world, status=Status.DRAFT)
    url = reverse("documents:blank_publicity_form", args=[app.batch.pk])
    assert login(world.users["zhang_san"]).get(url).status_code == 404
