"""二（二）1–5, 二（三）, 二（四）, 二（五）: the qualifying period (资历年限).

A *route* is one credential (a diploma, a skill level, a 员级 title) plus the months
of professional work it needs for a level:

* 中专 or any higher education (技工院校中级工班 = 中专) + 12 months → 员级
* 员级 title (any series, 二（七）) + 48 months → 助理级
* 大专 (技工院校高级工班 = 大专) + 36 months → 助理级
* 高级工 / 技师 / 高级技师 + 24 months → 助理级
* 本科 (技工院校预备技师班 = 本科) + 12 months → 助理级
* 硕士 / 博士 → 助理级 from the month after the degree month
* an unrelated major on a first application (no title held yet) adds 12 months to an
  education route (so 硕士 then needs 12 months); series overrides from the series table.

Work months (二（四）):

* 事业单位: completed calendar months from max(employment_start, credential date) to the
  cutoff (see :func:`zhicheng.policy.months.whole_months`).
* every other kind of unit: distinct calendar months with pension insurance paid (any city,
  any unit, overlaps once) strictly after the credential's month and not after the cutoff's
  month. The month a credential is obtained never counts: a June graduate starts work in
  July at the earliest.

A level is met when any of its routes is met; meeting 助理级 also meets 员级. When a route is
not met, its ``eligible_from`` month assumes work and insurance continue every month after
the last counted month (事业单位: the month the needed whole months complete).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhicheng.policy.months import add_months, date_label, month_index, month_label, whole_months
from zhicheng.policy.parameters import Snapshot
from zhicheng.policy.profile import Profile
from zhicheng.policy.rules import Reason
from zhicheng.policy.vocabulary import EDUCATION_GROUP, PUBLIC_INSTITUTION, SENIOR_SKILLS, YUANJI, ZHULIJI

_CLAUSES = {
    "中专": "二（二）1", "员级职称": "二（二）1、二（七）", "大专": "二（二）2", "高级工": "二（二）3",
    "本科": "二（二）4", "硕士": "二（二）5",
}
_GENERAL_CLAUSE = "二（二）、二（三）、二（四）、二（五）"
_PHRASES = {
    "中专": "中专毕业", "大专": "大专毕业", "本科": "本科毕业",
    "硕士": "取得硕士学位", "博士": "取得博士学位",
    "技工院校中级工班": "技工院校中级工班毕业", "技工院校高级工班": "技工院校高级工班毕业",
    "技工院校预备技师班": "技工院校预备技师班毕业",
}
_ZHULIJI_KEYS = {"大专", "本科", "硕士"}
_PRIORITY = {"硕士": 0, "本科": 1, "大专": 2, "高级工": 3, "员级职称": 4, "中专": 5}


@dataclass(slots=True)
class Route:
    level: str
    key: str  # route key: 中专, 员级职称, 大专, 高级工, 本科, 硕士
    label: str  # e.g. 本科+12个月
    phrase: str  # e.g. 本科毕业
    since: date  # the credential's date
    needed: int  # months of work needed
    clause: str
    extra: int = 0  # months added for an unrelated major on a first application
    met: bool = False
    have: int | None = None  # months counted (None: cannot be counted)
    eligible_from: int | None = None  # month index when met, if known
    message: str = ""


@dataclass(frozen=True, slots=True)
class Qualification:
    reason: Reason
    level: str | None  # the level whose route is met (target level when one is given)
    route: str | None
    eligible_from: int | None  # month index, when the period is not met and the month is known


def _routes(profile: Profile, params: Snapshot) -> list[Route]:
    as_of, series = profile.as_of, profile.series
    first_application = not any(t.date <= as_of for t in profile.titles)
    extra = params.extra_months_unrelated_major
    routes = []
    for edu in profile.education:
        if edu.date > as_of:
            continue
        group = EDUCATION_GROUP[edu.level]
        unrelated = first_application and not edu.major_related
        add = extra if unrelated else 0
        tech = "、二（三）" if edu.level.startswith("技工院校") else ""
        tail = "、二（五）" if unrelated else ""
        note = "（专业不相关）" if unrelated else ""
        phrase = _PHRASES[edu.level]
        n = params.months_for("中专", series) + add
        routes.append(Route(YUANJI, "中专", f"{edu.level}+{n}个月{note}", phrase, edu.date, n,
                            f"{_CLAUSES['中专']}{tech}、二（四）{tail}", add))
        if group in _ZHULIJI_KEYS:
            n = params.months_for(group, series) + add
            label = f"{edu.level}次月" if n == 0 and group == "硕士" else f"{edu.level}+{n}个月{note}"
            routes.append(Route(ZHULIJI, group, label, phrase, edu.date, n,
                                f"{_CLAUSES[group]}{tech}、二（四）{tail}", add))
    for skill in profile.skills:
        if skill.level in SENIOR_SKILLS and skill.date <= as_of:
            n = params.months_for("高级工", series)
            routes.append(Route(ZHULIJI, "高级工", f"{skill.level}+{n}个月", f"取得{skill.level}职业技能等级",
                                skill.date, n, f"{_CLAUSES['高级工']}、二（四）"))
    for title in profile.titles:
        if title.level == YUANJI and title.date <= as_of:
            n = params.months_for("员级职称", series)
            routes.append(Route(ZHULIJI, "员级职称", f"员级职称+{n}个月", f"取得{title.series}系列员级职称",
                                title.date, n, f"{_CLAUSES['员级职称']}、二（四）"))
    routes.sort(key=lambda r: _PRIORITY[r.key])
    return routes


def _merged_insurance(profile: Profile) -> list[list[int]]:
    merged: list[list[int]] = []
    for first, last in sorted((p.first, p.last) for p in profile.social_insurance):
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1][1] = last
        else:
            merged.append([first, last])
    return merged


def _evaluate(route: Route, profile: Profile, paid: list[list[int]]) -> None:
    n, level = route.needed, route.level
    since_month = month_index(route.since)
    if route.key == "硕士" and n == 0:
        route.met = month_index(profile.as_of) > since_month
        route.eligible_from = since_month + 1
        degree_month, next_month = month_label(since_month), month_label(since_month + 1)
        if route.met:
            route.message = f"{route.label}：{route.phrase}（{degree_month}）的次月即符合助理级条件。"
        else:
            route.message = f"{route.phrase}于 {degree_month}，次月即 {next_month} 起符合助理级条件。"
        return
    note = f"（所学专业与从事专业不一致，首次申报增加 {route.extra} 个月）" if route.extra else ""
    if profile.employer.kind == PUBLIC_INSTITUTION:
        start = profile.employer.employment_start
        if start is None:
            route.message = (f"事业单位须提供聘用通知书日期（employer.employment_start），"
                             f"才能计算{route.phrase}后的履职月数（需满 {n} 个月）。")
            route.have = 0
            return
        begin = max(start, route.since)
        have = whole_months(begin, profile.cutoff)
        work = f"{route.phrase}后聘用 {have} 个月（自 {date_label(begin)} 起）"
        route.eligible_from = month_index(add_months(begin, n))
    else:
        lo, hi = since_month + 1, month_index(profile.cutoff)
        have, last = 0, since_month
        for first, end in paid:
            a = first if first > lo else lo
            b = end if end < hi else hi
            if a <= b:
                have += b - a + 1
                last = b
        work = f"{route.phrase}后缴费 {have} 个月"
        route.eligible_from = last + (n - have) if have < n else None
    route.have = have
    route.met = have >= n
    if route.met:
        route.message = f"{route.label}：{work}，满足 {n} 个月的要求，符合{level}条件。"
    else:
        when = month_label(route.eligible_from)
        route.message = f"{work}，需满 {n} 个月{note}，预计 {when} 起符合{level}条件。"


def _closest(routes: list[Route]) -> Route | None:
    if not routes:
        return None
    met = [r for r in routes if r.met]
    if met:
        return met[0]
    return min(routes, key=lambda r: (r.eligible_from is None, r.eligible_from or 0, _PRIORITY[r.key]))


def _missing_route_message(level: str | None) -> str:
    if level == ZHULIJI:
        return ("申报助理级须具备大专及以上学历（学位）、高级工及以上职业技能等级或员级职称，"
                "请补充相应证书信息。")
    return "未提供可用于认定的学历（学位）、高级工及以上职业技能等级或员级职称，请补充相应证书信息。"


def assess(profile: Profile, params: Snapshot) -> Qualification:
    """Which level the qualifying period supports, by which route, and when it will if not yet."""
    routes = _routes(profile, params)
    paid = _merged_insurance(profile) if profile.employer.kind != PUBLIC_INSTITUTION else []
    for route in routes:
        _evaluate(route, profile, paid)
    zhuliji = [r for r in routes if r.level == ZHULIJI]
    yuanji = [r for r in routes if r.level == YUANJI] + zhuliji
    target = profile.target_level
    best_zhuliji = _closest(zhuliji)
    if target == ZHULIJI:
        chosen, level = best_zhuliji, ZHULIJI
    elif target == YUANJI:
        chosen, level = _closest(yuanji), YUANJI
    elif best_zhuliji is not None and best_zhuliji.met:
        chosen, level = best_zhuliji, ZHULIJI
    else:
        chosen = _closest(yuanji)
        level = YUANJI if chosen is not None and chosen.met else None
    if chosen is None:
        reason = Reason("qualification_period", False, _GENERAL_CLAUSE, _missing_route_message(target))
        return Qualification(reason, None, None, None)
    message = chosen.message
    if chosen.met and level == YUANJI and target is None and best_zhuliji is not None \
            and best_zhuliji.eligible_from is not None:
        message = message[:-1] + f"；申报助理级预计 {month_label(best_zhuliji.eligible_from)} 起符合条件。"
    if not chosen.met and target == ZHULIJI:
        lower = _closest(yuanji)
        if lower is not None and lower.met:
            message = message[:-1] + f"；目前已符合员级条件（{lower.label}），可改为申报员级。"
    reason = Reason("qualification_period", chosen.met, chosen.clause, message)
    if chosen.met:
        return Qualification(reason, level, chosen.label, None)
    return Qualification(reason, None, chosen.label, chosen.eligible_from)
