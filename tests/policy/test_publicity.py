"""五（六）: publicity of at least 5 working days, pledge before it, unit opinion after it."""

from __future__ import annotations

from datetime import date

import pytest

from zhicheng.policy.api import check_publicity
from zhicheng.policy.errors import UnknownYearError
from zhicheng.policy.workdays import WorkCalendar, YearSchedule, package_schedules


@pytest.mark.parametrize(
    ("start", "end", "days", "problems"),
    [
        # Dragon Boat Festival 2024-06-10 (Monday) is a holiday: Wed, Thu, Fri, Tue.
        ("2024-06-05", "2024-06-11", 4, ["too_short"]),
        ("2024-06-05", "2024-06-12", 5, []),
        # National Day 2024: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 are worked.
        ("2024-09-30", "2024-10-08", 2, ["too_short"]),
        ("2024-09-29", "2024-10-08", 3, ["too_short"]),
        ("2024-09-27", "2024-10-12", 8, []),
        ("2024-10-08", "2024-10-12", 5, []),
        ("2024-10-01", "2024-10-07", 0, ["too_short"]),
        # An ordinary week and a single day.
        ("2024-08-19", "2024-08-23", 5, []),
        ("2024-08-19", "2024-08-22", 4, ["too_short"]),
        ("2024-08-24", "2024-08-24", 0, ["too_short"]),
        # Across New Year 2025 (01-01 off).
        ("2024-12-30", "2025-01-03", 4, ["too_short"]),
    ],
)
def test_working_days(start: str, end: str, days: int, problems: list[str]) -> None:
    assert check_publicity({"start": start, "end": end}) == {
        "ok": not problems, "working_days": days, "problems": problems,
    }


@pytest.mark.parametrize(
    ("pledge", "opinion", "problems"),
    [
        ("2024-08-18", "2024-08-24", []),  # day before the start, day after the end
        ("2024-08-19", "2024-08-24", ["pledge_not_before_start"]),  # pledge on the first day
        ("2024-08-20", "2024-08-24", ["pledge_not_before_start"]),
        ("2024-08-18", "2024-08-23", ["opinion_not_after_end"]),  # opinion on the last day
        ("2024-08-18", "2024-08-20", ["opinion_not_after_end"]),
        ("2024-08-19", "2024-08-23", ["pledge_not_before_start", "opinion_not_after_end"]),
        (None, None, []),
    ],
)
def test_pledge_and_opinion_dates(pledge, opinion, problems) -> None:
    data = {"start": "2024-08-19", "end": "2024-08-23"}
    if pledge:
        data["pledge_date"] = pledge
    if opinion:
        data["opinion_date"] = opinion
    assert check_publicity(data) == {"ok": not problems, "working_days": 5, "problems": problems}


def test_all_problems_listed_together() -> None:
    result = check_publicity({"start": "2024-06-05", "end": "2024-06-11", "pledge_date": "2024-06-05",
                              "opinion_date": "2024-06-01"})
    assert result == {"ok": False, "working_days": 4,
                      "problems": ["too_short", "pledge_not_before_start", "opinion_not_after_end"]}


def test_package_years_are_known_and_2027_is_not() -> None:
    calendar = WorkCalendar()
    assert calendar.knows(2024) and calendar.knows(2026) and not calendar.knows(2027)
    assert min(package_schedules()) <= 2024 <= 2026 == max(package_schedules())
    with pytest.raises(UnknownYearError) as caught:
        calendar.is_working_day(date(2027, 1, 4))
    assert str(caught.value) == "2027 年的法定节假日安排尚未录入，无法计算工作日"
    with pytest.raises(UnknownYearError, match="2027"):
        calendar.working_days(date(2026, 12, 28), date(2027, 1, 8))


def test_make_up_days_and_holidays() -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(date(2024, 9, 29))  # Sunday worked for National Day
    assert calendar.is_working_day(date(2024, 10, 12))  # Saturday worked
    assert not calendar.is_working_day(date(2024, 10, 1))
    assert not calendar.is_working_day(date(2024, 6, 10))  # Dragon Boat Festival
    assert not calendar.is_working_day(date(2024, 6, 8))  # ordinary Saturday
    assert calendar.working_days(date(2024, 6, 11), date(2024, 6, 5)) == 0


def test_admin_entered_year_adds_an_unknown_year() -> None:
    year_2027 = YearSchedule(
        2027,
        holidays=frozenset({date(2027, 1, 1), date(2027, 10, 1), date(2027, 10, 4), date(2027, 10, 5)}),
        workdays=frozenset({date(2027, 10, 9)}),  # a Saturday worked
    )
    calendar = WorkCalendar([year_2027])
    assert calendar.knows(2027)
    # 2027-09-27 (Mon) .. 2027-10-09 (Sat): 4 + (10-01 Fri off) + (10-04, 10-05 off; 10-06..08 on) + Sat 10-09 on
    assert calendar.working_days(date(2027, 9, 27), date(2027, 10, 9)) == 8
    assert check_publicity({"start": "2027-10-01", "end": "2027-10-07"}, calendar) == {
        "ok": False, "working_days": 2, "problems": ["too_short"],
    }
    with pytest.raises(UnknownYearError):
        check_publicity({"start": "2027-10-01", "end": "2027-10-07"})  # the default calendar still does not know


def test_admin_entered_year_overrides_the_package() -> None:
    # Suppose the State Council changed 2024: 2024-06-11 declared a holiday, 2024-06-08 (Sat) worked.
    schedule = YearSchedule(2024, holidays=frozenset({date(2024, 6, 10), date(2024, 6, 11)}),
                            workdays=frozenset({date(2024, 6, 8)}))
    calendar = WorkCalendar([schedule])
    assert calendar.working_days(date(2024, 6, 5), date(2024, 6, 11)) == 4  # Wed Thu Fri Sat
    # The override replaces the whole year: National Day is no longer known as a holiday there.
    assert calendar.is_working_day(date(2024, 10, 2))
    assert WorkCalendar().working_days(date(2024, 6, 5), date(2024, 6, 11)) == 4


def test_calendar_without_the_package() -> None:
    calendar = WorkCalendar([YearSchedule(2030)], use_package=False)
    assert calendar.years == (2030,)
    assert calendar.working_days(date(2030, 1, 1), date(2030, 1, 6)) == 4
    with pytest.raises(UnknownYearError):
        calendar.is_working_day(date(2024, 6, 5))


def test_year_schedule_rejects_dates_of_another_year() -> None:
    with pytest.raises(ValueError, match="another year"):
        YearSchedule(2027, holidays=frozenset({date(2026, 12, 31)}))
    with pytest.raises(ValueError, match="both"):
        YearSchedule(2027, holidays=frozenset({date(2027, 1, 2)}), workdays=frozenset({date(2027, 1, 2)}))
