import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import world_application
from zhicheng.applications.models import Status
from zhicheng.applications.recognition import document_number, verification_token
from zhicheng.applications.services import application_approve
from zhicheng.core.demo import at

from .pdfcheck import embedded_fonts, fonts, page_count, page_sizes, pdf_text, text_positions


def test_recognition_form_has_every_section_and_embeds_the_font(world, login):
    app = world_application(world, status=Status.RECOGNISED)
    response = login(world.users["zhang_san"]).get(reverse("documents:recognition_form", args=[app.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = pdf_text(pdf)
    number = document_number(app)
    assert number == f"530103-2024-3-{app.pk:06d}"
    for expected in ("专业技术人员初级职称考核认定表", "张三", "1998年3月12日", "男", "昆明市盘龙区金辰实验学校", "工程",
                     "建筑工程", "助理级", number, "昆明理工大学", "建筑信息模型技术员", "主要工作业绩", "道路改造工程",
                     "经核实，申请人填写内容属实", "公示无异议", "盘龙区教育体育局", "2024年9月28日",
                     "用人单位（盖章）", "主管部门（盖章）", "区人社局（盖章）"):
        assert expected in text, expected
    assert any("NotoSansSC" in name or "Noto-Sans-SC" in name for name in embedded_fonts(pdf))
    assert page_count(pdf) >= 2
    assert f"第1页，共{page_count(pdf)}页" in text
    assert PdfReader(io.BytesIO(pdf)).metadata.title == f"专业技术人员初级职称考核认定表 {number}"


def _form(world, login, app, username="zhang_san") -> bytes:
    response = login(world.users[username]).get(reverse("documents:recognition_form", args=[app.pk]))
    assert response.status_code == 200
    return response.content


def test_recognition_form_prints_rare_characters_and_markup_characters_in_names(world, login):
    # 䶮 (U+4DAE, CJK Extension A) is in the shipped font; & < > must not be taken for markup.
    app = world_application(world, status=Status.RECOGNISED)
    app.applicant.real_name = "龚䶮&<>"
    app.applicant.save()
    text = pdf_text(_form(world, login, app))
    # A character missing from the font would print as an empty box and extract as U+0000, not as itself.
    assert "龚䶮&<>" in text
    assert "同意认定龚䶮&<>同志具备" in text


def test_recognition_form_prints_extension_b_characters_with_the_fallback_font(world, login):
    # 𠮷 (U+20BB7, CJK Extension B) is not in Noto Sans SC: it is drawn with BabelStone Han (fonts-babelstone-han,
    # installed by scripts/install-system-deps.sh), embedded like the main font.
    app = world_application(world, status=Status.RECOGNISED)
    app.applicant.real_name = "𠮷祥"
    app.applicant.save()
    pdf = _form(world, login, app)
    assert "𠮷祥" in pdf_text(pdf) and "同意认定𠮷祥同志具备" in pdf_text(pdf)
    used = fonts(pdf)
    assert any("BabelStone" in name for name in used) and all(used.values()), used


def test_recognition_form_prints_achievements_running_over_several_pages_to_the_last_line(world, login):
    # Long paragraphs break across pages: the part on the next page is drawn too, nothing lost or repeated.
    app = world_application(world, status=Status.RECOGNISED)
    sentence = "负责𠮷安道路改造工程的设计与施工管理，组织技术交底和质量验收，编写竣工资料。"  # 𠮷: a second font in the line
    app.achievements = "\n".join(f"　　{sentence * 12}本项完{chr(0x4E00 + n)}。" for n in range(14))
    app.save()
    pdf = _form(world, login, app)
    # The page's label and number, drawn last on each page, are read between one page's text and the next.
    text = re.sub(r"编号：[\d-]+第\d+页，共\d+页", "", pdf_text(pdf).replace("\n", ""))
    assert page_count(pdf) >= 4
    assert text.count(sentence) == 14 * 12
    ends = [text.find(f"本项完{chr(0x4E00 + n)}。") for n in range(14)]
    assert -1 not in ends and ends == sorted(ends)


def test_recognition_form_is_a4_with_only_embedded_fonts_and_the_binding_margin_alternating(world, login):
    pdf = _form(world, login, world_application(world, status=Status.RECOGNISED))
    assert set(page_sizes(pdf)) == {(210.0, 297.0)}
    used = fonts(pdf)
    assert used and all(used.values()), used  # no Helvetica or other font left to the printer's PC
    # Double-sided: the 24 mm margin is on the binding side, left on odd pages and right on even pages.
    for page, left in ((0, 24.0), (1, 14.0)):
        assert min(x for _text, x in text_positions(pdf, page)) == pytest.approx(left, abs=0.3), page


def test_recognition_form_shows_corrected_data_on_the_next_download(world, login):
    app = world_application(world, status=Status.RECOGNISED)
    assert "建筑工程" in pdf_text(_form(world, login, app))
    app.specialty = "市政工程"
    app.save()
    text = pdf_text(_form(world, login, app))
    assert "市政工程" in text and "建筑工程专业" not in text


def test_recognition_form_without_department_says_so(world, login):
    app = world_application(world, "wang_wu", status=Status.RECOGNISED)
    pdf = login(world.users["unit_private"]).get(reverse("documents:recognition_form", args=[app.pk])).content
    assert "无主管部门" in pdf_text(pdf)


def test_recognition_form_only_once_recognised_and_only_for_the_people_concerned(world, login, client):
    app = world_application(world, status=Status.BUREAU_RECOGNITION)
    url = reverse("documents:recognition_form", args=[app.pk])
    response = login(world.users["zhang_san"]).get(url)
    assert response.status_code == 403
    assert "尚未通过人社局认定（当前状态：待人社局认定）" in response.content.decode()
    app = application_approve(application=app, actor=world.users["bureau"],
                              comment="同意认定。", now=at(2024, 9, 28, 10))
    assert login(world.users["bureau"]).get(url).status_code == 200
    for username in ("unit_soe", "bureau_wuhua", "li_si"):
        assert login(world.users[username]).get(url).status_code == 404, username


def test_the_qr_verification_page_confirms_the_form(world, client):
    app = world_application(world, status=Status.RECOGNISED)
    number = document_number(app)
    page = client.get(reverse("documents:verify_form", args=[number, verification_token(number)]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "真实有效" in html and "张三" in html and "530103********" in html
    forged = client.get(reverse("documents:verify_form", args=[number, "0" * 16]))
    assert forged.status_code == 404 and "未找到该考核认定表" in forged.content.decode()


def test_publicity_form_for_the_units_officer(world, login):
    app = world_application(world, "zhao_liu", status=Status.DRAFT, using_unit_name="昆明长水物流有限公司")
    entry = app.recommendation_entry
    url = reverse("documents:publicity_form", args=[entry.pk])
    text = pdf_text(login(world.users["unit_dispatch"]).get(url).content)
    for expected in ("职称考核认定公示表", "赵六", "云南人和劳务派遣有限公司", "☑非公经济组织", "2024年8月6日至2024年8月12日",
                     "本人郑重承诺", "2024年8月13日", "昆明长水物流有限公司", "用工单位（盖章）"):
        assert expected in text, expected
    assert login(world.users["unit_school"]).get(url).status_code == 404


def test_parent_recommendation_only_for_out_of_province_branches(world, login):
    app = world_application(world, "sun_qi", status=Status.DRAFT)
    rlist = app.recommendation_entry.recommendation_list
    response = login(world.users["unit_branch"]).get(reverse("documents:parent_recommendation", args=[rlist.pk]))
    text = pdf_text(response.content)
    for expected in ("四川蜀道路桥工程有限公司", "初级职称考核认定推荐报告", "四川蜀道路桥工程有限公司昆明分公司", "孙七",
                     "盘龙区人力资源和社会保障局", "（盖章）"):
        assert expected in text, expected
    school = world_application(world, status=Status.DRAFT).recommendation_entry.recommendation_list
    refused = login(world.users["unit_school"]).get(reverse("documents:parent_recommendation", args=[school.pk]))
    assert refused.status_code == 403 and "不是外省企业分公司" in refused.content.decode()


def test_batch_results_for_the_districts_bureau(world, login):
    recognised = world_application(world, status=Status.RECOGNISED)
    world_application(world, "li_si", status=Status.UNIT_REVIEW)
    batch = world.batches["2024q3"]
    bureau = login(world.users["bureau"])
    xlsx = bureau.get(reverse("documents:batch_results_xlsx", args=[batch.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(values) == 1
    assert values[0][1] == "张三" and values[0][3] == "530103199803120313"
    assert values[0][9] == document_number(recognised)
    pdf_text_ = pdf_text(bureau.get(reverse("documents:batch_results_pdf", args=[batch.pk])).content)
    assert "张三" in pdf_text_ and "李四" not in pdf_text_ and "530103********0313" in pdf_text_
    for username in ("bureau_wuhua", "unit_school"):
        assert login(world.users[username]).get(
            reverse("documents:batch_results_xlsx", args=[batch.pk])).status_code == 404


def test_the_results_list_downloaded_again_is_served_from_the_cache_until_it_changes(world, login, monkeypatch):
    from django.core.cache import cache

    from zhicheng.documents import pdf as pdf_engine

    cache.clear()
    drawn = []
    real = pdf_engine.html_to_pdf
    monkeypatch.setattr(pdf_engine, "html_to_pdf", lambda html: drawn.append(html) or real(html))
    world_application(world, status=Status.RECOGNISED)
    batch = world.batches["2024q3"]
    bureau = login(world.users["bureau"])
    url = reverse("documents:batch_results_pdf", args=[batch.pk])
    first, second = bureau.get(url).content, bureau.get(url).content
    assert first == second and len(drawn) == 1 and "李四" not in pdf_text(first)

    world_application(world, "li_si", status=Status.RECOGNISED)
    third = bureau.get(url).content
    assert len(drawn) == 2 and "李四" in pdf_text(third) and "张三" in pdf_text(third)
