"""The audit trail page (issue 14.12): the bureau reads its district's rows, a department its units' cases, with
Chinese names, filters that refuse bad input in Chinese, and an Excel export where nothing becomes a formula."""

import datetime as dt
import io
import re

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.models import Application
from zhicheng.audit.labels import ACTION_LABELS, field_label
from zhicheng.audit.models import AuditEntry
from zhicheng.core.demo import make_id_number
from zhicheng.supervision.services import integrity_record_create

from ..applications.conftest import NOW, put_on_list

OTHER_FINDING = "五华区查实：提供虚假的养老保险参保证明材料。"
HOSTILE = '=HYPERLINK("http://evil.example/","点击查看")'
pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):
    """李四 (国企, 住建局) returned by his unit, 张三 (学校, 教育体育局) and 王五 (no department) submitted, and one
    integrity record in 五华区: all through the services."""
    with time_machine.travel(NOW, tick=False):
        apps = {}
        for username in ("li_si", "zhang_san", "wang_wu"):
            put_on_list(world, username)
            apps[username] = submitted(world.users[username], world.batches["current"], now=NOW)
        apps["li_si"] = services.application_return(
            application=apps["li_si"], actor=world.users["unit_soe"], now=NOW + dt.timedelta(hours=1),
            items=[{"section": "achievements", "reason": "业绩材料缺少项目验收证明。"}])
        integrity_record_create(actor=world.users["bureau_wuhua"], finding=OTHER_FINDING, decided_on=NOW.date(),
                                name="钱多多", id_number=make_id_number("530102", dt.date(1990, 3, 3), 7, True))
    return apps


def _table(response) -> str:
    text = response.content.decode()
    return text[text.index("<table"):text.index("</table>")] if "<table" in text else ""


def _page(client, user, **query):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(reverse("supervision:audit"), query)


def test_the_bureau_reads_its_district_and_not_the_other(world, cases, client):
    page = _page(client, world.users["bureau"])
    assert page.status_code == 200
    text = _table(page)
    for person in ("李四", "张三", "王五"):
        assert person in text
    assert OTHER_FINDING not in text
    other = _table(_page(client, world.users["bureau_wuhua"]))
    assert OTHER_FINDING in other and "李四" not in other
    city = _table(_page(client, world.users["admin"]))
    assert OTHER_FINDING in city and "李四" in city


def test_a_department_reads_only_its_units_cases(world, cases, client):
    text = _table(_page(client, world.users["dept_build"]))
    assert "李四" in text and ACTION_LABELS["application.submit"] in text and "附件 #" in text
    assert "张三" not in text and "王五" not in text and OTHER_FINDING not in text
    edu = _table(_page(client, world.users["dept_edu"]))
    assert "张三" in edu and "李四" not in edu


def test_units_and_applicants_cannot_open_it(world, cases, client):
    for username in ("unit_soe", "li_si"):
        assert _page(client, world.users[username]).status_code == 403
    client.logout()
    assert client.get(reverse("supervision:audit")).status_code == 302


def test_rows_read_in_chinese_with_field_names_and_masked_id_numbers(world, cases, client):
    text = _table(_page(client, world.users["bureau_wuhua"]))
    record = AuditEntry.objects.get(action="integrity_record.create")
    full = record.changes["id_number"]
    assert full not in text and f"{full[:6]}" in text and full[-4:] in text
    assert "身份证号码：" in text and "记录期限至：" in text

    table = _table(_page(client, world.users["bureau"], application=cases["li_si"].pk))
    assert ACTION_LABELS["application.unit_return"] == "单位退回修改" and "单位退回修改" in table
    assert "状态：待单位审核 → 退回修改；退回次数：1；退回事项：（申报部分：主要工作业绩，原因：业绩材料缺少项目验收证明。）" in table
    assert "材料类别：身份证正反面（签字盖章复印件）；文件类型：application/pdf；大小（字节）：" in table
    assert not re.search(r"application\.[a-z_]+|items|return_count|sha256", table)


def test_filters_by_person_application_action_and_dates(world, cases, client):
    bureau = world.users["bureau"]
    li_si = cases["li_si"]

    by_person = _page(client, bureau, person="李四").context["rows"]
    assert by_person and {row.applicant for row in by_person} == {"李四"}
    by_username = _page(client, bureau, person="li_si").context["rows"]
    assert [row.entry.pk for row in by_username] == [row.entry.pk for row in by_person]
    by_actor = _page(client, bureau, person="刘主管").context["rows"]  # the unit officer who returned it
    assert [row.action for row in by_actor] == [ACTION_LABELS["application.unit_return"]]

    by_app = _page(client, bureau, application=li_si.pk)
    rows = by_app.context["page"].paginator.count
    assert rows == AuditEntry.objects.filter(object_type="applications.application", object_id=str(li_si.pk)).count() \
        + AuditEntry.objects.filter(action="attachment.add", changes__application=li_si.pk).count()
    assert "张三" not in _table(by_app)

    by_action = _page(client, bureau, action="application.unit_return")
    assert by_action.context["page"].paginator.count == 1

    day = NOW.date()
    assert _page(client, bureau, date_from=day.isoformat(), date_to=day.isoformat()).context[
        "page"].paginator.count == AuditEntry.objects.filter(district_id=world.districts["panlong"].pk).count()
    assert _page(client, bureau, date_from=(day + dt.timedelta(days=1)).isoformat()).context[
        "page"].paginator.count == 0
    assert "没有符合条件的记录" in _page(client, bureau, date_to=(day - dt.timedelta(days=1)).isoformat()
                                         ).content.decode()


@pytest.mark.parametrize(("query", "message"), [
    ({"date_from": "2024-13-45"}, "请按“年-月-日”填写日期"),
    ({"date_to": "明天"}, "请按“年-月-日”填写日期"),
    ({"date_from": "0001-01-01"}, "日期应在 2000年1月1日 至 2099年12月31日 之间"),
    ({"date_from": "2024-10-02", "date_to": "2024-10-01"}, "截止日期不能早于起始日期"),
    ({"application": "abc"}, "申报编号只能是数字"),
    ({"application": "-3"}, "申报编号只能是正整数"),
    ({"application": "9" * 40}, "没有这么大的申报编号"),
    ({"action": "application.bogus"}, "请从列表中选择一种操作"),
])
def test_a_bad_filter_is_answered_in_chinese(world, cases, client, query, message):
    for name in ("supervision:audit", "supervision:audit_export"):
        client.force_login(world.users["bureau"], backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_export_is_the_filtered_trail_and_nothing_becomes_a_formula(world, cases, client):
    bureau = world.users["bureau"]
    with time_machine.travel(NOW, tick=False):
        integrity_record_create(actor=bureau, finding=HOSTILE, decided_on=NOW.date(), name="马六",
                                id_number=make_id_number("530103", dt.date(1991, 4, 4), 9, True))
    client.force_login(bureau, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("supervision:audit_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]][:4] == ["时间", "操作人", "角色", "操作"]
    assert len(rows) - 1 == AuditEntry.objects.filter(district_id=world.districts["panlong"].pk).count()
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
    comments = [row[8].value for row in rows[1:]]
    assert "'" + HOSTILE in comments
    assert OTHER_FINDING not in comments
    actions = {row[3].value for row in rows[1:]}
    assert ACTION_LABELS["application.unit_return"] in actions and "application.unit_return" not in actions
    assert all(isinstance(row[0].value, dt.datetime) for row in rows[1:])

    only = openpyxl.load_workbook(io.BytesIO(client.get(reverse("supervision:audit_export"), {
        "action": "integrity_record.create"}).content)).active
    assert only.max_row == 2


def test_every_field_written_in_a_case_has_a_chinese_name(world, cases):
    with time_machine.travel(NOW, tick=False):
        app = services.application_approve(application=cases["wang_wu"], actor=world.users["unit_private"],
                                           opinion=OPINION, now=NOW)
        services.application_approve(application=app, actor=world.users["bureau"], comment="同意认定。", now=NOW)
    unnamed = set()
    for entry in AuditEntry.objects.all():
        for name in entry.changes:
            if field_label(name, entry.action) == name:
                unnamed.add(f"{entry.action}: {name}")
    assert AuditEntry.objects.count() > 20 and not unnamed, sorted(unnamed)


def test_applications_of_the_page_are_linked_with_their_applicant(world, cases, client):
    response = _page(client, world.users["bureau"], person="王五")
    app = Application.objects.get(applicant=world.users["wang_wu"])
    assert reverse("applications:review", args=[app.pk]) in response.content.decode()
    assert all(row.applicant == "王五" for row in response.context["rows"])
