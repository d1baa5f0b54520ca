"""Official working days (工作日) under the State Council's holiday schedule.

A :class:`WorkCalendar` knows, per year, the statutory holidays (放假) and the weekend
days that are worked in exchange (调休上班). It is seeded from the ``chinese_calendar``
package (2004–2026 in version 1.11) and accepts further years from the caller — the
Django side feeds the years an administrator has entered; an entered year replaces the
package's. A date in a year neither source knows raises :class:`UnknownYearError`:
the calendar never guesses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from zhicheng.policy.errors import UnknownYearError


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year's holiday arrangement: days off on weekdays and worked weekend days."""

    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        stray = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if stray:
            raise ValueError(f"YearSchedule({self.year}) contains dates of another year: {stray[:3]}")
        both = self.holidays & self.workdays
        if both:
            raise ValueError(f"YearSchedule({self.year}): {sorted(both)[:3]} both holiday and workday")


@lru_cache(maxsize=1)
def package_schedules() -> dict[int, YearSchedule]:
    """The years the ``chinese_calendar`` package knows."""
    from chinese_calendar import constants

    holidays: dict[int, set[date]] = {}
    workdays: dict[int, set[date]] = {}
    for d in constants.holidays:
        holidays.setdefault(d.year, set()).add(d)
    for d in constants.workdays:
        workdays.setdefault(d.year, set()).add(d)
    return {
        year: YearSchedule(year, frozenset(holidays.get(year, ())), frozenset(workdays.get(year, ())))
        for year in sorted(set(holidays) | set(workdays))
    }


class WorkCalendar:
    """Working-day arithmetic over known years.

    ``WorkCalendar(extra_years)``: the package's years plus (and overridden by) ``extra_years``.
    ``WorkCalendar(extra_years, use_package=False)``: only the given years.
    """

    def __init__(self, extra_years: Iterable[YearSchedule] = (), *, use_package: bool = True) -> None:
        self._years: dict[int, YearSchedule] = dict(package_schedules()) if use_package else {}
        for schedule in extra_years:
            self._years[schedule.year] = schedule

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def knows(self, year: int) -> bool:
        return year in self._years

    def _schedule(self, year: int) -> YearSchedule:
        schedule = self._years.get(year)
        if schedule is None:
            raise UnknownYearError(year)
        return schedule

    def is_working_day(self, d: date) -> bool:
        schedule = self._schedule(d.year)
        if d in schedule.workdays:
            return True
        if d in schedule.holidays:
            return False
        return d.weekday() < 5

    def working_days(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when end < start)."""
        for year in range(start.year, end.year + 1):
            self._schedule(year)
        count, d, one = 0, start, timedelta(days=1)
        while d <= end:
            count += self.is_working_day(d)
            d += one
        return count


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The package-only calendar (used when the caller supplies none)."""
    return WorkCalendar()
