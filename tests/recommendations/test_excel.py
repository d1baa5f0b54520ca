import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.documents.helpers import assert_safe_download
from zhicheng.documents.spreadsheets import XLSX_CONTENT_TYPE
from zhicheng.recommendations import excel, services
from zhicheng.recommendations.models import RecommendationEntry

from .conftest import BEFORE_DEADLINE, entry_data, person

DATA_ROW = ["", "", "工程", "建筑工程", "助理级", "技术员", "合格", "2026-10-29", "2026-11-02", "2026-11-06", "无",
            "2026-10-30", "2026-11-09", None, None, None, None]


def filled_template(rows) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(excel.build_template()))
    ws = wb.worksheets[0]
    ws.delete_rows(3)  # the example row
    for i, row in enumerate(rows, start=3):
        for j, v in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=v)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("名单.xlsx", buffer.getvalue())


def row(name, id_number, **changes):
    values = list(DATA_ROW)
    values[0], values[1] = name, id_number
    for index, value in changes.items():
        values[int(index[1:])] = value
    return values


def test_template_download_opens_with_header_example_and_notes(world, login):
    response = login(world.users["unit_soe"]).get(reverse("recommendations:template"))
    assert_safe_download(response, "推荐人员名单导入模板.xlsx", XLSX_CONTENT_TYPE)
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[2]][:5] == ["姓名", "身份证号码", "申报系列", "申报专业", "申报级别"]
    assert ws["A3"].value.startswith("（示例）") and ws["B2"].comment is not None
    assert "填写说明" in wb.sheetnames


def test_unchanged_template_imports_nothing_and_says_so(world, make_list):
    rec_list = make_list(entries=[])
    rows = excel.read_rows(SimpleUploadedFile("t.xlsx", excel.build_template()))
    assert rows == []
    with pytest.raises(ValidationError, match="没有人员数据"):
        services.recommendation_entries_import(rec_list=rec_list, actor=world.users["unit_soe"], rows=rows,
                                               now=BEFORE_DEADLINE)


def test_import_with_one_bad_row_saves_nothing_and_names_the_row(world, login):
    file = filled_template([row("甲", person(1)), row("乙", "530102199504020000"), row("丙", person(3), c2="会计")])
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.post(reverse("recommendations:import", args=[batch.pk]), {"file": file})
    text = response.content.decode()
    assert response.status_code == 200
    assert "第 4 行" in text and "第 5 行" in text and "第 3 行" not in text
    assert "会计系列" in text and "本次没有导入任何人员" in text
    assert RecommendationEntry.objects.count() == 0


def test_valid_import_saves_every_row(world, make_list):
    rec_list = make_list(entries=[])
    file = filled_template([row("甲", person(1)), row("乙", person(2), c4="员级", c8="2026/11/2"),
                            row("丙", person(3).lower())])
    entries = services.recommendation_entries_import(rec_list=rec_list, actor=world.users["unit_soe"],
                                                     rows=excel.read_rows(file), now=BEFORE_DEADLINE)
    assert [e.real_name for e in entries] == ["甲", "乙", "丙"]
    second = rec_list.entries.get(real_name="乙")
    assert second.level == "yuanji" and str(second.publicity_start) == "2026-11-02"
    assert rec_list.entries.get(real_name="丙").id_number == person(3).upper()


def test_duplicate_rows_and_people_already_listed_are_reported(world, make_list):
    rec_list = make_list()
    file = filled_template([row("甲", person(1)), row("乙", person(2)), row("乙二", person(2))])
    with pytest.raises(ValidationError) as exc:
        services.recommendation_entries_import(rec_list=rec_list, actor=world.users["unit_soe"],
                                               rows=excel.read_rows(file), now=BEFORE_DEADLINE)
    assert exc.value.messages[0].startswith("第 3 行") and "已在本名单中" in exc.value.messages[0]
    assert exc.value.messages[1].startswith("第 5 行") and "与第 4 行重复" in exc.value.messages[1]
    assert rec_list.entries.count() == 1


def test_non_xlsx_and_corrupt_files_are_refused_cleanly(world, login):
    client = login(world.users["unit_soe"])
    url = reverse("recommendations:import", args=[world.batches["current"].pk])
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        csv = client.post(url, {"file": SimpleUploadedFile("名单.csv", "姓名,身份证号码\n".encode())})
        corrupt = client.post(url, {"file": SimpleUploadedFile("名单.xlsx", b"PK\x03\x04 this is not a zip")})
        wb = Workbook()
        wb.active.append(["随便", "什么"])
        buffer = io.BytesIO()
        wb.save(buffer)
        wrong = client.post(url, {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())})
    assert csv.status_code == 200 and ".xlsx" in csv.content.decode()
    assert corrupt.status_code == 200 and "无法打开" in corrupt.content.decode()
    assert wrong.status_code == 200 and "列标题与导入模板不一致" in wrong.content.decode()
    assert RecommendationEntry.objects.count() == 0


def test_export_has_the_attachment3_layout_and_the_entries(world, login, make_list):
    rec_list = make_list(entries=[entry_data(), entry_data(real_name="王芳", id_number=person(2), level="yuanji")])
    response = login(world.users["unit_soe"]).get(reverse("recommendations:export", args=[rec_list.pk]))
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws["A1"].value == "昆明盘龙城市建设投资集团有限公司2026年4季度初级职称考核推荐人员名单"
    assert [c.value for c in ws[2]] == excel.EXPORT_HEADERS
    assert [c.value for c in ws[3]] == [1, "刘洋", person(1), "工程", "建筑工程", "助理级", "技术员", "合格",
                                        "合格", "是", "是", "2026年11月2日至2026年11月6日", "无异议"]
    assert ws["B4"].value == "王芳" and ws["F4"].value == "员级"
