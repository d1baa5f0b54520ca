"""The working-day calendar the platform uses: the package's years plus the years administrators entered."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Count, Max

from zhicheng.audit.services import audit_record
from zhicheng.policy.workdays import WorkCalendar, YearSchedule, default_calendar

from .models import DayKind, HolidayDay, HolidayYear

_cache: dict = {}


def _entered_years() -> list[YearSchedule]:
    holidays: dict[int, set] = {}
    workdays: dict[int, set] = {}
    years = list(HolidayYear.objects.values_list("year", flat=True))
    for day, kind in HolidayDay.objects.values_list("day", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).setdefault(day.year, set()).add(day)
    return [YearSchedule(y, frozenset(holidays.get(y, ())), frozenset(workdays.get(y, ()))) for y in years]


def get_work_calendar() -> WorkCalendar:
    """The calendar with admin-entered years; rebuilt only when the entered data changed (one cheap query)."""
    try:
        stamp = HolidayYear.objects.aggregate(n=Count("id"), last=Max("entered_at"))
        key = (stamp["n"], stamp["last"])
        if not stamp["n"]:
            return default_calendar()
        if _cache.get("key") != key:
            _cache["calendar"] = WorkCalendar(_entered_years())
            _cache["key"] = key
        return _cache["calendar"]
    except DatabaseError:
        # Not migrated yet (e.g. the CLI on a fresh checkout): the package's years only.
        return default_calendar()


MSG_BAD_DAY = "{day} 不属于 {year} 年"
MSG_BOTH = "{day} 不能既是放假日又是调休上班日"


@transaction.atomic
def holiday_year_import(*, year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date], actor=None,
                        source: str = "", names: dict | None = None) -> HolidayYear:
    """Enter (or replace) one year's schedule. Weekends that are off need not be listed."""
    holidays, workdays = set(holidays), set(workdays)
    for day in holidays | workdays:
        if day.year != year:
            raise ValidationError(MSG_BAD_DAY.format(day=day, year=year))
    for day in holidays & workdays:
        raise ValidationError(MSG_BOTH.format(day=day))
    names = names or {}
    entry, created = HolidayYear.objects.select_for_update().get_or_create(year=year)
    before = {"holidays": sorted(str(d) for d in entry.days.filter(kind=DayKind.HOLIDAY).values_list("day", flat=True))}
    entry.days.all().delete()
    HolidayDay.objects.bulk_create(
        [HolidayDay(year=entry, day=d, kind=DayKind.HOLIDAY, name=names.get(d, "")) for d in sorted(holidays)]
        + [HolidayDay(year=entry, day=d, kind=DayKind.WORKDAY, name=names.get(d, "")) for d in sorted(workdays)]
    )
    entry.source = source or entry.source
    entry.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    from django.utils import timezone

    entry.entered_at = timezone.now()
    entry.save()
    audit_record(actor=actor, action="calendar.import", obj=entry, comment=source,
                 changes={"before": before, "holidays": len(holidays), "workdays": len(workdays),
                          "created": created}, now=entry.entered_at)
    return entry
