"""五（六）, 三（一）2: checking a unit's internal publicity (公示) period.

Input ``{"start", "end", "pledge_date"?, "opinion_date"?}`` (dates YYYY-MM-DD). The
publicity must last at least ``publicity_min_working_days`` working days (weekends and
statutory holidays not counted, make-up working days counted), the 本人郑重承诺 must be
dated before the first day, and the 单位审核意见 after the last day. ``pledge_date`` and
``opinion_date`` may be omitted (or null): they are then not checked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zhicheng.policy.errors import ProfileError
from zhicheng.policy.parameters import value
from zhicheng.policy.profile import check_keys, parse_date
from zhicheng.policy.workdays import WorkCalendar, default_calendar

_KEYS = frozenset({"start", "end", "pledge_date", "opinion_date"})
_REQUIRED = frozenset({"start", "end"})
PROBLEM_CODES = ("too_short", "pledge_not_before_start", "opinion_not_after_end")


def check_publicity(data: Any, calendar: WorkCalendar | None = None, *, rules_on: date | None = None) -> dict:
    """Validate and judge one publicity period; returns ``{"ok", "working_days", "problems"}``.

    The minimum is the one in force on ``rules_on`` — for a unit's list, its batch's rule date — or, without
    one (the contract's command and API, which know no batch), on the publicity's first day."""
    if type(data) is not dict:
        raise ProfileError("", "输入应为 JSON 对象，包含 start、end 以及可选的 pledge_date、opinion_date")
    check_keys(data, "", _KEYS, _REQUIRED)
    start = parse_date(data["start"], "start")
    end = parse_date(data["end"], "end")
    if start > end:
        raise ProfileError("start", f"公示开始日期 {start.isoformat()} 晚于结束日期 {end.isoformat()}")
    pledge = data.get("pledge_date")
    pledge = None if pledge is None else parse_date(pledge, "pledge_date")
    opinion = data.get("opinion_date")
    opinion = None if opinion is None else parse_date(opinion, "opinion_date")

    days = (calendar or default_calendar()).working_days(start, end)
    problems = []
    if days < value("publicity_min_working_days", rules_on or start):
        problems.append("too_short")
    if pledge is not None and pledge >= start:
        problems.append("pledge_not_before_start")
    if opinion is not None and opinion <= end:
        problems.append("opinion_not_after_end")
    return {"ok": not problems, "working_days": days, "problems": problems}
