"""Calendar-month arithmetic on month indices (year * 12 + month - 1)."""

from datetime import date
from functools import lru_cache


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_text(index: int) -> str:
    """``2024-03`` (the YYYY-MM form used in the contract)."""
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


@lru_cache(maxsize=4096)
def month_label(index: int) -> str:
    """``2024年3月`` (for messages)."""
    year, month0 = divmod(index, 12)
    return f"{year}年{month0 + 1}月"


def date_label(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later; the last day of the month when that day does not exist."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = d.day
    if day > 28:
        last = _DAYS_IN_MONTH[month0]
        if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
            last = 29
        day = min(day, last)
    return date(year, month0 + 1, day)


def whole_months(start: date, end: date) -> int:
    """Completed calendar months from ``start`` to ``end``.

    A month is complete on the same day of the next month (2023-07-15 → 2024-07-15 is 12,
    → 2024-07-14 is 11); when that day does not exist, on the month's last day
    (2024-02-29 → 2025-02-28 is 12, 2024-01-31 → 2024-02-29 is 1).
    """
    if end <= start:
        return 0
    n = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, n) > end:
        n -= 1
    return n
