"""The upward report: the batch's recognised people in a platform's codes and forms, from the command and the
bureau's batch page; the mapping is data the bureau edits; hostile cells stay text."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application, Status
from zhicheng.audit.models import AuditEntry
from zhicheng.supervision import upward

pytestmark = pytest.mark.django_db
HOSTILE = "=HYPERLINK(\"http://x\",\"点我\")"


@pytest.fixture
def demo(db):
    from zhicheng.core.demo import build_demo

    return build_demo()


def _recognised(batch):
    return list(Application.objects.filter(batch=batch, status=Status.RECOGNISED).select_related("applicant"))


def test_the_command_writes_the_recognised_people_in_the_platforms_codes(demo, tmp_path):
    batch = demo.batches["2024q3"]
    mapping = tmp_path / "mine.yaml"
    mapping.write_text("title: 省平台\nheader: code\ncolumns:\n"
                       "  - {field: real_name, code: XM, label: 姓名}\n"
                       "  - {field: id_number, code: SFZHM, label: 身份证号码}\n"
                       "  - {field: recognised_on, code: QDSJ, label: 取得时间, date: YYYYMMDD}\n"
                       "  - {field: level, code: ZCJB, label: 级别, values: {zhuliji: '4', yuanji: '5'}}\n"
                       "  - {constant: 考核认定, code: QDTJ, label: 取得途径}\n", encoding="utf-8")
    out = tmp_path / "report.json"
    call_command("report", "batch", str(batch.pk), "--format", "json", "--mapping", str(mapping), "--output", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    apps = _recognised(batch)
    assert document["count"] == len(apps) >= 2
    by_id = {r["SFZHM"]: r for r in document["records"]}
    for app in apps:
        record = by_id[app.applicant.id_number]
        assert record["XM"] == app.applicant.display_name
        assert record["QDSJ"] == app.recognised_on.strftime("%Y%m%d")
        assert record["ZCJB"] == {"zhuliji": "4", "yuanji": "5"}[app.recognised_level or app.level]
        assert record["QDTJ"] == "考核认定"
    entry = AuditEntry.objects.get(action="batch.upward_report")
    assert entry.is_security_event and entry.changes["people"] == len(apps)


def test_the_default_mapping_is_shipped_and_documented(demo, tmp_path):
    mapping = upward.parse_mapping(upward.default_mapping_text())
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "upward-report.md").read_text(encoding="utf-8")
    for column in mapping.columns:
        assert column.code in doc
    for name in upward.FIELDS:
        assert f"`{name}`" in doc
    out = tmp_path / "r.csv"
    call_command("report", "batch", str(demo.batches["2024q3"].pk), "--format", "csv", "--output", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["XM", "XB", "CSRQ", "SFZHM"] and rows[1][:4] == ["姓名", "性别", "出生日期", "身份证号码"]
    assert len(rows) == 2 + len(_recognised(demo.batches["2024q3"]))
    assert all(len(r[2]) == 8 and r[2].isdigit() for r in rows[2:])


def test_a_bad_mapping_names_every_problem(demo, tmp_path):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text("columns:\n  - {field: salary, code: GZ}\n  - {field: real_name}\n"
                       "  - {field: real_name, code: XM, date: 'YYYY/QQ'}\n  - {field: sex, code: XM, colour: red}\n",
                       encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("report", "batch", str(demo.batches["2024q3"].pk), "--mapping", str(mapping))
    text = str(caught.value)
    assert "salary" in text and "第 2 列须有 code" in text and "YYYY/QQ" in text and "出现了两次" in text
    assert "colour" in text
    assert not AuditEntry.objects.filter(action="batch.upward_report").exists()
    with pytest.raises(CommandError, match="没有 id 为 999999 的批次"):
        call_command("report", "batch", "999999")


def test_hostile_names_stay_text_in_every_format(demo, tmp_path):
    batch = demo.batches["2024q3"]
    app = _recognised(batch)[0]
    User.objects.filter(pk=app.applicant_id).update(real_name=HOSTILE)
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", "batch", str(batch.pk), "--format", fmt, "--output", str(out))
        if fmt == "xlsx":
            sheet = load_workbook(out).active
            cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
            assert cells and all(c.data_type == "s" and str(c.value).startswith("'=") for c in cells)
        else:
            text = out.read_text(encoding="utf-8-sig")
            assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_the_bureau_downloads_it_from_the_batch_page(demo, login, tmp_path):
    batch = demo.batches["2024q3"]
    client = login(demo.users["bureau"])
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    link = reverse("documents:batch_upward_report", args=[batch.pk])
    assert f"{link}?fmt=xlsx" in page
    form_page = client.get(link)
    assert form_page.status_code == 200 and "recognition_form_number" in form_page.content.decode()
    mapping = client.get(f"{link}?fmt=mapping")
    assert upward.parse_mapping(mapping.content.decode()).columns[0].code == "XM"
    response = client.get(f"{link}?fmt=xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "XM" and sheet.max_row == 2 + len(_recognised(batch))
    edited = io.BytesIO("header: label\ncolumns:\n  - {field: real_name, code: A01, label: 名字}\n".encode())
    edited.name = "mine.yaml"
    response = client.post(link, {"fmt": "json", "mapping": edited})
    assert response.status_code == 200
    assert json.loads(response.content)["columns"] == [{"code": "A01", "label": "名字"}]
    bad = io.BytesIO(b"columns: 3\n")
    bad.name = "bad.yaml"
    refused = client.post(link, {"fmt": "json", "mapping": bad})
    assert refused.status_code == 422 and "columns 应为非空数组" in refused.content.decode()
    assert AuditEntry.objects.filter(action="batch.upward_report", actor=demo.users["bureau"]).count() == 2


@pytest.mark.parametrize("username", ["bureau_wuhua", "unit_soe", "dept_build", "zhang_san"])
def test_nobody_else_gets_it(demo, login, username):
    batch = demo.batches["2024q3"]
    response = login(demo.users[username]).get(
        reverse("documents:batch_upward_report", args=[batch.pk]) + "?fmt=csv")
    assert response.status_code in (403, 404)
