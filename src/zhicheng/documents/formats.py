"""How dates are written on printed documents."""

from __future__ import annotations

import datetime as dt
import re


def cn_date(value) -> str:
    """2020-06-30 → 2020年6月30日; 2020-07 → 2020年7月; dates and datetimes too."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if not m:
        return text
    return f"{int(m[1])}年{int(m[2])}月" + (f"{int(m[3])}日" if m[3] else "")
