import datetime as dt
import importlib
import importlib.util

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.documents.helpers import assert_safe_download
from zhicheng.documents.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from zhicheng.policy.api import check_eligibility
from zhicheng.supervision import services
from zhicheng.supervision.exports import INTEGRITY_COLUMNS
from zhicheng.supervision.models import IntegrityRecord
from zhicheng.supervision.sanctions import integrity_ban_reason, integrity_ban_until

NOW = "2026-11-27 10:00 +0800"


def _profile(as_of: str, ban_until) -> dict:
    return {
        "as_of": as_of, "series": "工程",
        "employer": {"uscc": "91530103MA6K1A2B15", "kind": "非公经济组织"},
        "education": [{"level": "本科", "date": "2023-06-28"}],
        "social_insurance": [{"from": "2023-07", "to": "2026-10", "city": "昆明市", "uscc": "91530103MA6K1A2B15"}],
        "person": {"integrity_ban_until": ban_until.isoformat() if ban_until else None},
    }


def _reason(result, code):
    return next(r for r in result["reasons"] if r["code"] == code)


@time_machine.travel(NOW, tick=False)
def test_barred_person_fails_eligibility_until_the_record_ends(world):
    person = world.users["wang_wu"]
    record = services.integrity_record_create(actor=world.users["bureau"], person=person, finding="伪造学历证书",
                                              decided_on=dt.date(2025, 3, 1), unit=world.units["private"])
    assert record.ban_until == dt.date(2028, 2, 29)  # three years from the decision, less a day
    ban = integrity_ban_until(person, dt.date(2026, 11, 27))
    assert ban == dt.date(2028, 2, 29)

    result = check_eligibility(_profile("2026-11-27", ban))
    assert result["eligible"] is False
    assert _reason(result, "integrity_record")["ok"] is False
    assert "2028" in _reason(result, "integrity_record")["message"]

    after = check_eligibility(_profile("2028-03-01", integrity_ban_until(person, dt.date(2028, 3, 1))))
    assert _reason(after, "integrity_record")["ok"] is True
    # the person was told, with the end date
    assert person.notifications.filter(body__contains="2028年2月29日").exists()


@time_machine.travel(NOW, tick=False)
def test_barred_person_is_told_why_they_cannot_apply(world, login):
    services.integrity_record_create(actor=world.users["bureau"], person=world.users["li_si"],
                                     finding="提供虚假参保证明", decided_on=dt.date(2026, 10, 8))
    reason = integrity_ban_reason(world.users["li_si"])
    assert reason and "2029年10月7日" in reason
    page = login(world.users["li_si"]).get(reverse("supervision:my_records")).content.decode()
    assert reason in page
    start = getattr(importlib.import_module("zhicheng.applications.services"), "application_start", None) \
        if importlib.util.find_spec("zhicheng.applications.services") else None
    if start is not None:  # the workflow refuses too, with the same reason
        with pytest.raises(ValidationError) as exc:
            start(actor=world.users["li_si"], batch=world.batches["current"])
        assert "诚信档案" in " ".join(exc.value.messages)


@time_machine.travel(NOW, tick=False)
def test_person_sees_record_and_end_date_and_bureau_creates_via_page(world, login):
    person = world.users["zhang_san"]
    client = login(world.users["bureau"])
    page = client.get(reverse("supervision:record_new"))
    assert page.status_code == 200
    response = client.post(reverse("supervision:record_new"), {
        "name": person.real_name, "id_number": person.id_number, "unit": world.units["school"].pk,
        "finding": "伪造《事业单位聘用通知书》", "decided_on": "2026-11-20"})
    record = IntegrityRecord.objects.get()
    assert response.status_code == 302 and record.person == person
    assert record.ban_until == dt.date(2029, 11, 19)

    client = login(person)
    page = client.get(reverse("supervision:my_records")).content.decode()
    assert "2029年11月19日" in page and "记录期内不得参加职称考核认定" in page


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(world, login):
    client = login(world.users["bureau"])
    response = client.post(reverse("supervision:record_new"), {
        "name": "某某", "id_number": "123", "finding": "", "decided_on": "2027-01-01"})
    assert response.status_code == 200
    assert not IntegrityRecord.objects.exists()
    assert "请修改以下问题" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_another_districts_bureau_gets_404_and_export_has_the_documented_columns(world, login):
    record = services.integrity_record_create(actor=world.users["bureau"], person=world.users["zhao_liu"],
                                              finding="=HYPERLINK(伪造)", decided_on=dt.date(2026, 1, 5),
                                              unit=world.units["dispatch"])
    other = login(world.users["bureau_wuhua"])
    assert other.get(reverse("supervision:record_detail", args=[record.pk])).status_code == 404
    assert "赵六" not in other.get(reverse("supervision:records")).content.decode()
    assert world.users["zhao_liu"].id_number not in other.get(
        reverse("supervision:records_export", args=["csv"])).content.decode("utf-8-sig")

    own = login(world.users["bureau"])
    csv_response = own.get(reverse("supervision:records_export", args=["csv"]))
    xlsx = own.get(reverse("supervision:records_export", args=["xlsx"]))
    assert_safe_download(csv_response, "integrity-records-20261127.csv", CSV_CONTENT_TYPE)
    assert_safe_download(xlsx, "integrity-records-20261127.xlsx", XLSX_CONTENT_TYPE)
    csv_text = csv_response.content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.split(",") == list(INTEGRITY_COLUMNS)
    assert "赵六" in row and "2029-01-04" in row and world.units["dispatch"].uscc in row
    assert "'=HYPERLINK" in row  # formula injection neutralised
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    with pytest.raises(ValidationError):
        services.integrity_record_create(actor=world.users["bureau_wuhua"], person=world.users["zhao_liu"],
                                         finding="x", decided_on=dt.date(2026, 1, 5), unit=world.units["dispatch"])
