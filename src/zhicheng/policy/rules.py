"""The criteria of the notice, one pure function each.

Every rule takes the profile and the parameters in force on ``profile.as_of``
(:func:`zhicheng.policy.parameters.snapshot`) and returns a :class:`Reason`: the
rule's code, whether it is met, the clause of the notice, and one Chinese sentence
the applicant or the unit can act on. The qualifying period, the most involved
rule, lives in :mod:`zhicheng.policy.qualification`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from zhicheng.policy.months import add_months, date_label, month_index, month_label
from zhicheng.policy.parameters import Snapshot
from zhicheng.policy.profile import Profile
from zhicheng.policy.vocabulary import DISTRICT, FAILING_REVIEWS, KUNMING, MASTER_OR_ABOVE


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    ok: bool
    clause: str
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "ok": self.ok, "clause": self.clause, "message": self.message}


PERSON_OK = Reason("person_excluded", True, "一（二）", "申报人不是公务员（参公管理人员）或离退休人员。")
# "本区": the district of the batch applied to. The profile names no district (the contract's schema), so the same
# rules serve every district's batches and no sentence may name one.
JURISDICTION_OK = Reason("unit_jurisdiction", True, "一（四）", "申报单位为区属单位，由本区考核认定。")
INTEGRITY_OK = Reason("integrity_record", True, "六（一）", "无在期的职称评审诚信档案记录。")
SERIES_CHANGE_NOT_APPLICABLE = Reason("series_change_period", True, "二（七）", "不涉及变更职称系列。")


def person_excluded(profile: Profile, params: Snapshot) -> Reason:
    """一（二）: civil servants (and staff managed as such) and retirees may not apply."""
    person = profile.person
    if person.civil_servant and person.retired:
        return Reason("person_excluded", False, "一（二）",
                      "公务员（含参公管理人员）和离退休人员不得申报职称。")
    if person.civil_servant:
        return Reason("person_excluded", False, "一（二）", "公务员（含参公管理人员）不得申报职称。")
    if person.retired:
        return Reason("person_excluded", False, "一（二）", "离退休人员不得申报职称。")
    return PERSON_OK


def unit_assessment(profile: Profile, params: Snapshot) -> Reason:
    """一（二）: obeys the unit's arrangements, competent in the post, last review not 不合格/基本合格."""
    person = profile.person
    return assessment_reason(person.obeys_arrangements, person.competent_in_post, person.last_annual_review)


def assessment_reason(obeys_arrangements: bool, competent_in_post: bool, last_annual_review: str | None) -> Reason:
    """一（二） on the unit's own assessment facts — also what the unit's 附件3 list is checked with."""
    problems = []
    if not obeys_arrangements:
        problems.append("不服从用人单位工作安排")
    if not competent_in_post:
        problems.append("不胜任专业技术岗位工作")
    if last_annual_review in FAILING_REVIEWS:
        problems.append(f"上年度考核为{last_annual_review}")
    if problems:
        return Reason("unit_assessment", False, "一（二）",
                      f"{'、'.join(problems)}，不得参加初级职称考核认定。")
    return _assessment_ok(last_annual_review)


@lru_cache(maxsize=8)
def _assessment_ok(review: str | None) -> Reason:
    said = f"上年度考核为{review}，" if review else ""
    return Reason("unit_assessment", True, "一（二）",
                  f"{said}服从工作安排并胜任专业技术岗位，单位考核不构成障碍。")


def unit_jurisdiction(profile: Profile, params: Snapshot) -> Reason:
    """一（四）: units of central, provincial or municipal affiliation use their own channel."""
    affiliation = profile.employer.affiliation
    if affiliation != DISTRICT:
        return Reason("unit_jurisdiction", False, "一（四）",
                      f"申报单位为{affiliation}单位，应按人事隶属关系和职称管理权限报单位或上级主管部门办理，"
                      "不在本区考核认定。")
    return JURISDICTION_OK


def series_excluded(profile: Profile, params: Snapshot) -> Reason:
    """一（三）: 以考代评 series and series touching public safety or health are outside the recognition."""
    return series_reason(profile.series, params)


def series_reason(series: str, params: Snapshot) -> Reason:
    """一（三） for one series — also what the unit's 附件3 list is checked with."""
    return _series_excluded(series, params.series[series].excluded)


@lru_cache(maxsize=256)
def _series_excluded(series: str, excluded: str | None) -> Reason:
    if excluded:
        return Reason("series_excluded", False, "一（三）",
                      f"{series}系列属于{excluded}，不在本次考核认定范围，请通过相应考试或渠道取得职称。")
    return Reason("series_excluded", True, "一（三）", f"{series}系列在本次考核认定范围内。")


def integrity_record(profile: Profile, params: Snapshot) -> Reason:
    """六（一）: no participation while an integrity (诚信档案) record runs, i.e. ban_until >= as_of."""
    until = profile.person.integrity_ban_until
    if until is not None and until >= profile.as_of:
        return Reason("integrity_record", False, "六（一）", integrity_ban_message(until))
    if until is not None:
        return Reason("integrity_record", True, "六（一）", f"诚信档案记录期已于 {date_label(until)} 届满。")
    return INTEGRITY_OK


def integrity_ban_message(until: date) -> str:
    """THE sentence for a running integrity record (六（一）), wherever the ban stops someone: starting an
    application, the eligibility check, the applicant's pages."""
    return (f"有在期的职称评审诚信档案记录，记录期至 {date_label(until)}，记录期内不得参加职称考核认定，"
            f"自 {date_label(until + _ONE_DAY)} 起方可申报。")


def integrity_ban_until(recorded_on: date, params: Snapshot) -> date:
    """Last day of an integrity record made on ``recorded_on`` (记录期限 ``integrity_ban_years`` 年)."""
    return add_months(recorded_on, 12 * params.integrity_ban_years) - _ONE_DAY


def is_master_or_above(profile: Profile) -> bool:
    for edu in profile.education:
        if edu.level in MASTER_OR_ABOVE and edu.date <= profile.as_of:
            return True
    return False


def social_insurance_kunming(profile: Profile, params: Snapshot) -> Reason:
    """二（二）, 五（五）2: the months right before the as_of month all paid in 昆明.

    6 months (as_of 2024-09-05 → 2024-03..2024-08); 1 month for 硕士/博士 holders.
    """
    master = is_master_or_above(profile)
    needed = params.kunming_insurance_months_master if master else params.kunming_insurance_months
    end = month_index(profile.as_of) - 1
    start = end - needed + 1
    # Periods overlapping the window, Kunming ones first.
    relevant = [(not p.city.strip().startswith(KUNMING), p.first, p.last, p.city.strip())
                for p in profile.social_insurance if p.first <= end and p.last >= start]
    relevant.sort()
    missing = []
    elsewhere = {}
    for month in range(start, end + 1):
        for other_city, first, last, city in relevant:
            if first <= month <= last:
                if other_city:
                    missing.append(month)
                    elsewhere[month] = city or "未注明的城市"
                break
        else:
            missing.append(month)
    if not missing:
        return _kunming_ok(needed, start, end)
    return _kunming_missing(master, needed, start, end, tuple(missing), tuple(elsewhere.items()))


@lru_cache(maxsize=4096)
def _kunming_missing(master: bool, needed: int, start: int, end: int, missing: tuple[int, ...],
                     paid_elsewhere: tuple[tuple[int, str], ...]) -> Reason:
    elsewhere = dict(paid_elsewhere)
    who = f"硕士及以上学历人员须在申报前 {needed} 个月" if master else f"须在申报前连续 {needed} 个月"
    # Say each missing month once: paid in another city, or not paid at all (never both for one month).
    other = "、".join(f"{_span(a, b)}在{city}缴纳" for a, b, city in _runs(missing, elsewhere))
    unpaid = "、".join(_span(a, b) for a, b, _ in _runs(tuple(m for m in missing if m not in elsewhere), {}))
    if other and unpaid:
        detail = f"：其中{other}，不算在昆明缴费；{unpaid}没有缴费记录"
    elif other:
        detail = f"：{other}，不算在昆明缴费"
    else:
        detail = ""
    gaps = "、".join(_span(a, b) for a, b, _ in _runs(missing, {}))
    return Reason("social_insurance_kunming", False, "二（二）、五（五）2",
                  f"{who}（{_span(start, end)}）在昆明缴纳社保，缺少 {gaps} 在昆明的缴费记录{detail}。")


def _runs(months: tuple[int, ...], label: dict[int, str]) -> list[tuple[int, int, str]]:
    """Consecutive months with the same label (months without one are skipped when ``label`` is given)."""
    runs: list[tuple[int, int, str]] = []
    for m in months:
        if label and m not in label:
            continue
        tag = label.get(m, "")
        if runs and runs[-1][1] == m - 1 and runs[-1][2] == tag:
            runs[-1] = (runs[-1][0], m, tag)
        else:
            runs.append((m, m, tag))
    return runs


def _span(start: int, end: int) -> str:
    return month_label(start) if start == end else f"{month_label(start)}至{month_label(end)}"


@lru_cache(maxsize=512)
def _kunming_ok(needed: int, start: int, end: int) -> Reason:
    return Reason("social_insurance_kunming", True, "二（二）、五（五）2",
                  f"申报前 {needed} 个月（{_span(start, end)}）均在昆明缴纳社保。")


def social_insurance_unit(profile: Profile, params: Snapshot) -> Reason:
    """二（二）, 五（五）2: whoever paid the latest paid month (up to the as_of month) is the employer."""
    limit = month_index(profile.as_of)
    latest = -1
    for period in profile.social_insurance:
        if period.first <= limit:
            last = period.last if period.last < limit else limit
            if last > latest:
                latest = last
    if latest < 0:
        return Reason("social_insurance_unit", False, "二（二）、五（五）2",
                      "没有申报日之前的社保缴费记录，无法确认最后缴纳社保的单位与申报单位一致，请补充参保证明中的缴费记录。")
    employer = profile.employer.uscc
    others = [p.uscc for p in profile.social_insurance
              if p.first <= latest <= p.last and p.uscc != employer and not _same_unit(p.uscc, employer)]
    if others:
        return _unit_differs(latest, tuple(sorted(set(others))), employer)
    return _unit_ok(latest)


@lru_cache(maxsize=1024)
def _unit_differs(latest: int, others: tuple[str, ...], employer: str) -> Reason:
    return Reason("social_insurance_unit", False, "二（二）、五（五）2",
                  f"最后缴纳社保的月份（{month_label(latest)}）由 {'、'.join(others)} 缴纳，"
                  f"与申报单位（{employer}）不一致，须由申报单位缴纳社保后再申报。")


@lru_cache(maxsize=512)
def _unit_ok(latest: int) -> Reason:
    return Reason("social_insurance_unit", True, "二（二）、五（五）2",
                  f"最后缴纳社保的月份（{month_label(latest)}）由申报单位缴纳。")


def _same_unit(a: str, b: str) -> bool:
    """USCCs compared without surrounding blanks and case (91530103ma... is the same unit)."""
    return a.strip().upper() == b.strip().upper()


def access_qualification(profile: Profile, params: Snapshot) -> Reason:
    """二（六）, 五（八）: series with an entry requirement need the 职业（执业）资格 first."""
    required = params.series[profile.series].access_qualification
    return _access(profile.series, required, bool(required) and profile.access_qualification)


@lru_cache(maxsize=256)
def _access(series: str, required: str | None, held: bool) -> Reason:
    if not required:
        return Reason("access_qualification", True, "二（六）", f"{series}系列无从业准入要求。")
    if held:
        return Reason("access_qualification", True, "二（六）", f"已取得{series}系列要求的{required}。")
    return Reason("access_qualification", False, "二（六）",
                  f"{series}系列有从业准入要求，须先取得{required}后再申报。")


def series_change_period(profile: Profile, params: Snapshot) -> Reason:
    """二（七）: a junior-title holder moving to another series needs 12 months in the new post.

    Applies when the applicant holds titles and none of them is in the series applied for.
    """
    titles = [t for t in profile.titles if t.date <= profile.as_of]
    if not titles or any(t.series == profile.series for t in titles):
        return SERIES_CHANGE_NOT_APPLICABLE
    needed = params.series_change_months
    held = "、".join(sorted({f"{t.series}系列{t.level}" for t in titles}))
    months = profile.months_in_current_post
    if months is None:
        return Reason("series_change_period", False, "二（七）",
                      f"已具备{held}职称，变更为{profile.series}系列须在现岗位工作满 {needed} 个月，"
                      "请提供在现岗位工作的月数（months_in_current_post）及转岗证明。")
    if months < needed:
        return Reason("series_change_period", False, "二（七）",
                      f"已具备{held}职称，变更系列后在现岗位工作 {months} 个月，需满 {needed} 个月，"
                      f"还差 {needed - months} 个月。")
    return Reason("series_change_period", True, "二（七）",
                  f"已具备{held}职称，变更系列后在现岗位工作 {months} 个月，满足 {needed} 个月的要求。")


_ONE_DAY = timedelta(days=1)
