import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhicheng.core.calendar import get_work_calendar, holiday_year_import
from zhicheng.policy.errors import UnknownYearError

pytestmark = pytest.mark.django_db

YEAR_2031 = """
year: 2031
source: 测试用的 2031 年安排
holidays:
  - {from: 2031-05-01, to: 2031-05-05, name: 劳动节}
workdays:
  - 2031-04-27
"""


def test_unknown_year_is_refused_until_an_administrator_enters_it(client, tmp_path):
    body = json.dumps({"start": "2031-05-06", "end": "2031-05-12"})
    refused = client.post("/api/v1/publicity-check", body, content_type="application/json")
    assert refused.status_code == 422 and "2031" in refused.json()["error"]

    file = tmp_path / "2031.yaml"
    file.write_text(YEAR_2031, encoding="utf-8")
    call_command("calendar", "import", str(file))

    answer = client.post("/api/v1/publicity-check", body, content_type="application/json").json()
    assert answer == {"ok": True, "working_days": 5, "problems": []}  # Tue 6 May .. Mon 12 May 2031


def test_entered_year_counts_make_up_days_and_holidays():
    holiday_year_import(year=2031, holidays={dt.date(2031, 5, d) for d in range(1, 6)},
                        workdays={dt.date(2031, 4, 27)})
    calendar = get_work_calendar()
    assert calendar.is_working_day(dt.date(2031, 4, 27))  # a Sunday worked in exchange
    assert not calendar.is_working_day(dt.date(2031, 5, 2))  # a Friday off
    with pytest.raises(UnknownYearError):
        calendar.working_days(dt.date(2032, 1, 5), dt.date(2032, 1, 9))


def test_entered_year_replaces_the_packages_year():
    # The package says 2024-10-01..07 is the National Day holiday; an administrator's entry wins.
    before = get_work_calendar().working_days(dt.date(2024, 9, 30), dt.date(2024, 10, 8))
    holiday_year_import(year=2024, holidays=set(), workdays=set())
    after = get_work_calendar().working_days(dt.date(2024, 9, 30), dt.date(2024, 10, 8))
    assert (before, after) == (2, 7)


def test_import_refuses_days_of_another_year(tmp_path):
    file = tmp_path / "bad.yaml"
    file.write_text("year: 2031\nholidays: [2030-12-31]\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不属于 2031 年"):
        call_command("calendar", "import", str(file))
