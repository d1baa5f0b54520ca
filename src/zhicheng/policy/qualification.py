"""二（二）1–5, 二（三）, 二（四）, 二（五）: the qualifying period (资历年限).

A *route* is one credential (a diploma, a skill level, a 员级 title) plus the months
of professional work it needs for a level:

* 中专 (技工院校中级工班 = 中专) + 12 months → 员级 (the education groups are data, ``yuanji_education``:
  the notice names 员级 only after 中专; 大专 and above reach 助理级 by their own routes)
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
from zhicheng.policy.records import positional_maker
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
    credential: str  # 本科, 技工院校高级工班, 高级工, 员级职称 ...
    phrase: str  # e.g. 本科毕业
    since: date  # the credential's date
    needed: int  # months of work needed
    extra: int = 0  # months added for an unrelated major on a first application
    met: bool = False
    have: int = 0  # months counted
    eligible_from: int | None = None  # month index when met, if known
    begin: date | None = None  # 事业单位: the day work months are counted from

    @property
    def next_month_only(self) -> bool:
        return self.key == "硕士" and self.needed == 0

    @property
    def label(self) -> str:
        if self.next_month_only:
            return f"{self.credential}次月"
        return f"{self.credential}+{self.needed}个月{'（专业不相关）' if self.extra else ''}"

    @property
    def clause(self) -> str:
        tech = "、二（三）" if self.credential.startswith("技工院校") else ""
        return f"{_CLAUSES[self.key]}{tech}、二（四）{'、二（五）' if self.extra else ''}"

    def message(self, profile: Profile) -> str:
        n, level = self.needed, self.level
        if self.next_month_only:
            since = month_index(self.since)
            if self.met:
                return f"{self.label}：{self.phrase}（{month_label(since)}）的次月即符合助理级条件。"
            return (f"于 {month_label(since)}{self.phrase}，次月即 {month_label(since + 1)} 起符合助理级条件"
                    "（学位取得当月不符合）。")
        if profile.employer.kind == PUBLIC_INSTITUTION:
            if self.begin is None:
                return (f"事业单位须提供聘用通知书日期（employer.employment_start），"
                        f"才能计算{self.phrase}后的履职月数（需满 {n} 个月）。")
            work = f"{self.phrase}后聘用 {self.have} 个月（自 {date_label(self.begin)} 起）"
        else:
            work = f"{self.phrase}后缴费 {self.have} 个月"
        if self.met:
            return f"{self.label}：{work}，满足 {n} 个月的要求，符合{level}条件。"
        note = f"（所学专业与从事专业不一致，首次申报增加 {self.extra} 个月）" if self.extra else ""
        return f"{work}，需满 {n} 个月{note}，预计 {month_label(self.eligible_from)} 起符合{level}条件。"


@dataclass(frozen=True, slots=True)
class Qualification:
    reason: Reason
    level: str | None  # the level whose route is met (target level when one is given)
    route: str | None
    eligible_from: int | None  # month index, when the period is not met and the month is known


def _routes(profile: Profile, params: Snapshot) -> list[Route]:
    as_of, series = profile.as_of, profile.series
    first_application = not profile.titles or not any(t.date <= as_of for t in profile.titles)
    overrides = params.series[series].months
    months = {**params.route_months, **overrides} if overrides else params.route_months
    yuanji_groups = params.yuanji_education_for(series)
    routes = []
    for edu in profile.education:
        if edu.date > as_of:
            continue
        group = EDUCATION_GROUP[edu.level]
        add = params.extra_months_unrelated_major if first_application and not edu.major_related else 0
        phrase = _PHRASES[edu.level]
        if group in yuanji_groups:
            routes.append(Route(YUANJI, "中专", edu.level, phrase, edu.date, months["中专"] + add, add))
        if group in _ZHULIJI_KEYS:
            routes.append(Route(ZHULIJI, group, edu.level, phrase, edu.date, months[group] + add, add))
    for skill in profile.skills:
        if skill.level in SENIOR_SKILLS and skill.date <= as_of:
            routes.append(Route(ZHULIJI, "高级工", skill.level, f"取得{skill.level}职业技能等级", skill.date,
                                months["高级工"]))
    for title in profile.titles:
        if title.level == YUANJI and title.date <= as_of:
            routes.append(Route(ZHULIJI, "员级职称", "员级职称", f"取得{title.series}系列员级职称",
                                title.date, months["员级职称"]))
    if len(routes) > 1:
        routes.sort(key=lambda r: _PRIORITY[r.key])
    return routes


def _merged_insurance(profile: Profile) -> list[list[int]]:
    """Paid months as disjoint, ascending [first, last] spans (overlapping periods count once)."""
    periods = profile.social_insurance
    if len(periods) <= 1:
        return [[p.first, p.last] for p in periods]
    merged: list[list[int]] = []
    for first, last in sorted([(p.first, p.last) for p in periods]):
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1][1] = last
        else:
            merged.append([first, last])
    return merged


def _evaluate(route: Route, profile: Profile, paid: list[list[int]]) -> None:
    """Count the route's work months and decide whether (or from when) it is met."""
    n = route.needed
    since_month = month_index(route.since)
    if route.next_month_only:
        route.met = month_index(profile.as_of) > since_month
        route.eligible_from = since_month + 1
        return
    if profile.employer.kind == PUBLIC_INSTITUTION:
        start = profile.employer.employment_start
        if start is None:
            return
        route.begin = begin = start if start > route.since else route.since
        route.have = have = whole_months(begin, profile.cutoff)
        route.met = have >= n
        route.eligible_from = month_index(add_months(begin, n))
        return
    lo, hi = since_month + 1, month_index(profile.cutoff)
    have, last = 0, since_month
    for first, end in paid:
        a = first if first > lo else lo
        b = end if end < hi else hi
        if a <= b:
            have += b - a + 1
            last = b
    route.have = have
    route.met = have >= n
    # A gap before the application month is not paid back: payments resume at the earliest after the month
    # before as_of (the last month an August 参保证明 shows) or the cutoff month, whichever is earlier, so
    # records that stopped long ago never predict a month already past.
    resume = min(hi, month_index(profile.as_of) - 1)
    route.eligible_from = None if route.met else (last if last > resume else resume) + (n - have)


def _closest(routes: list[Route]) -> Route | None:
    """The first met route, else the one met soonest (ties: the higher-priority route)."""
    best = None
    for route in routes:
        if route.met:
            return route
        if best is None or _sooner(route, best):
            best = route
    return best


def _sooner(route: Route, best: Route) -> bool:
    if route.eligible_from is None:
        return False
    if best.eligible_from is None or route.eligible_from < best.eligible_from:
        return True
    return route.eligible_from == best.eligible_from and _PRIORITY[route.key] < _PRIORITY[best.key]


def _missing_route_message(level: str | None) -> str:
    if level == ZHULIJI:
        return ("申报助理级须具备大专及以上学历（学位）、高级工及以上职业技能等级或员级职称，"
                "请补充相应证书信息。")
    return "未提供可用于认定的学历（学位）、高级工及以上职业技能等级或员级职称，请补充相应证书信息。"


_NO_ROUTE = Qualification(Reason("qualification_period", False, _GENERAL_CLAUSE, _missing_route_message(None)),
                          None, None, None)
_NO_ROUTE_ZHULIJI = Qualification(
    Reason("qualification_period", False, _GENERAL_CLAUSE, _missing_route_message(ZHULIJI)), None, None, None)


_make_reason = positional_maker(Reason)
_make_qualification = positional_maker(Qualification)


def assess(profile: Profile, params: Snapshot) -> Qualification:
    """Which level the qualifying period supports, by which route, and when it will if not yet."""
    routes = _routes(profile, params)
    if not routes:
        return _NO_ROUTE_ZHULIJI if profile.target_level == ZHULIJI else _NO_ROUTE
    paid = _merged_insurance(profile) if profile.employer.kind != PUBLIC_INSTITUTION else []
    zhuliji, yuanji = [], []
    for route in routes:
        _evaluate(route, profile, paid)
        (zhuliji if route.level == ZHULIJI else yuanji).append(route)
    yuanji += zhuliji
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
        return _NO_ROUTE_ZHULIJI
    message = chosen.message(profile)
    if chosen.met and level == YUANJI and target is None and best_zhuliji is not None \
            and best_zhuliji.eligible_from is not None:
        message = message[:-1] + f"；申报助理级预计 {month_label(best_zhuliji.eligible_from)} 起符合条件。"
    if not chosen.met and target == YUANJI and chosen.level == ZHULIJI:
        message = message[:-1] + (f"（员级须取得中专学历后从事专业工作满 {params.months_for('中专', profile.series)} "
                                  "个月，通知二（二）1；所持学历按助理级的年限认定）。")
    if not chosen.met and target == ZHULIJI:
        lower = _closest(yuanji)
        if lower is not None and lower.met:
            message = message[:-1] + f"；目前已符合员级条件（{lower.label}），可改为申报员级。"
    reason = _make_reason("qualification_period", chosen.met, chosen.clause, message)
    if chosen.met:
        return _make_qualification(reason, level, chosen.label, None)
    return _make_qualification(reason, None, chosen.label, chosen.eligible_from)
