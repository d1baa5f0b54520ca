"""What is wrong with an entry or a list: Chinese reasons the unit sees beside each entry and the submit button.

Pure reads (no changes). ``clean_entry_data`` refuses bad input; ``entry_problems`` lists what stops an entry
from being recommended; ``list_problems`` what stops the list from being submitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.accounts.validators import normalise_id_number, parse_id_number
from zhicheng.core.calendar import get_work_calendar
from zhicheng.core.identity import MSG_NAME_INVISIBLE, has_visible_letter, normalise_name
from zhicheng.policy.api import check_publicity
from zhicheng.policy.errors import PolicyInputError, UnknownYearError
from zhicheng.policy.parameters import snapshot
from zhicheng.policy.rules import assessment_reason, series_reason
from zhicheng.policy.vocabulary import SERIES
from zhicheng.supervision.sanctions import unit_suspension_reason

from .models import ANNUAL_REVIEW_POLICY_NAMES, AnnualReview, AssessmentResult, ListStatus, TitleLevel
from .selectors import current_policy

ENTRY_FIELDS = (
    "real_name", "id_number", "series", "specialty", "level", "post", "assessment_result", "assessment_date",
    "last_annual_review", "obeys_arrangements", "competent_in_post",
    "publicity_start", "publicity_end", "publicity_objection", "pledge_date", "opinion_date",
    "using_unit_name", "second_publicity_start", "second_publicity_end", "using_unit_approved",
)
REQUIRED_FIELDS = {"real_name": "姓名", "id_number": "身份证号码", "series": "申报系列", "specialty": "申报专业",
                   "level": "申报级别"}

MSG_REQUIRED = "请填写{label}。"
MSG_SERIES_UNKNOWN = "“{series}”不是可申报的职称系列，请从列表中选择。"
MSG_NOT_LISTABLE = "不能列入推荐名单：{message}（通知{clause}）。"
MSG_LEVEL = "申报级别应为“员级”或“助理级”。"
MSG_START_AFTER_END = "公示开始日期（{start}）晚于结束日期（{end}）。"
MSG_SECOND_START_AFTER_END = "用工单位公示开始日期（{start}）晚于结束日期（{end}）。"
MSG_CALENDAR_MISSING = ("{year}年的法定节假日安排尚未录入平台，暂时无法计算公示期{start}至{end}的工作日。"
                        "须由平台系统管理员录入该年度的国务院办公厅放假安排（管理后台“节假日安排年度”或"
                        "命令 zhicheng calendar import），请联系区人社局；录入后本提示自动消失，不必修改本条目。")
MSG_FORMULA_START = "“{label}”不能以 = + @ 开头（电子表格会把它当作公式运行），请删除开头的符号后重新填写。"
TEXT_LABELS = {"real_name": "姓名", "specialty": "申报专业", "post": "现从事岗位", "using_unit_name": "实际用工单位"}
FORMULA_STARTS = ("=", "+", "@", "＝", "＋", "＠")
MSG_DUPLICATE = "身份证号码 {id_number} 已在本名单中（{name}），同一人只能列入一次。"
MSG_DUPLICATE_ROW = "身份证号码 {id_number} 与{other}重复。"
MSG_TOO_LONG = "{label}不能超过 {max} 个字（现为 {length} 个）。"
# Lengths the list's columns hold (the form says the same with max_length; the Excel import and the API rely on
# this check, so a long cell is a message, not a database error).
MAX_LENGTHS = {"real_name": 50, "specialty": 100, "post": 100, "using_unit_name": 200}

MSG_FAILED = "考核结果为不合格，不得推荐。"
MSG_POLICY_REASON = "{message}（通知{clause}）"
MSG_OBJECTION = "公示有异议，公示无异议的方可推荐。"
MSG_NO_PUBLICITY = "未填写公示起止日期。"
MSG_NO_PLEDGE = "未填写公示表“本人郑重承诺”落款日期。"
MSG_NO_OPINION = "未填写公示表“单位审核意见”落款日期。"
MSG_TOO_SHORT = "公示期{start}至{end}仅{days}个工作日，须不少于{minimum}个工作日（周末、法定节假日不计）。"
MSG_PLEDGE = "“本人郑重承诺”落款日期（{pledge}）须早于公示开始日期（{start}）。"
MSG_OPINION = "“单位审核意见”落款日期（{opinion}）须在公示期满（{end}）之后。"
MSG_PUBLICITY_NOT_OVER = "公示期至{end}尚未结束，公示期满无异议后方可报送。"
MSG_DISPATCH_USING_UNIT = "劳务派遣人员须填写实际用工单位。"
MSG_DISPATCH_SECOND = "劳务派遣人员须填写用工单位公示起止日期（双公示）。"
MSG_DISPATCH_SECOND_SHORT = "用工单位公示期{start}至{end}仅{days}个工作日，须不少于{minimum}个工作日。"
MSG_DISPATCH_APPROVAL = "劳务派遣人员须经用工单位审核同意并盖章（双审核、双盖章）。"
MSG_DISPATCH_AGREEMENT = "劳务派遣人员须上传派遣协议（可只提供派遣工作性质的内容及协议首尾页）。"

MSG_LIST_SUBMITTED = "本单位的推荐名单已于{when}报送，不能重复报送或修改。"
MSG_DEADLINE_PASSED = "推荐名单报送截止时间（{deadline}）已过，本期不能再报送名单，本单位人员本期不予网络审核。"
MSG_NO_POLICY = "本单位尚未上传考核推荐制度（或方案），没有制度不能推荐人员。请先上传制度。"
MSG_NO_ENTRIES = "名单中还没有人员，请至少添加一名考核合格的人员。"
MSG_ENTRIES_INVALID = "有 {count} 名人员不符合推荐要求（见各人员后的说明），请修改或移出名单后再报送。"
MSG_NO_PARENT_REPORT = "外省企业分公司须上传总公司（具有法人资格的上级单位）出具的推荐报告（附件2）。"
MSG_NOT_PUBLISHED = "该批次尚未发布。"


def fmt_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def fmt_moment(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def series_choices() -> list[tuple[str, str]]:
    return [(s, s) for s in SERIES]


def excluded_reason(series: str, on: dt.date) -> str | None:
    """一（三）, the eligibility rule itself (zhicheng.policy.rules.series_reason) at the batch's rule date."""
    if series not in SERIES:
        return MSG_SERIES_UNKNOWN.format(series=series)
    reason = series_reason(series, snapshot(on))
    return None if reason.ok else MSG_NOT_LISTABLE.format(message=reason.message[:-1], clause=reason.clause)


def clean_entry_data(data: dict, *, on: dt.date) -> dict:
    """Validate one entry's input (from the form or an Excel row); return it normalised or raise
    ValidationError({field: [message]}) naming every problem at once."""
    d = {k: data.get(k) for k in ENTRY_FIELDS}
    for k in ("real_name", "id_number", "series", "specialty", "post", "using_unit_name"):
        d[k] = (d[k] or "").strip() if isinstance(d[k], str) or d[k] is None else str(d[k]).strip()
    # The shared normalisation (NFKC, ASCII digits, no invisible characters): what is compared for duplicates
    # below and stored, whichever path (screen, Excel, API) the row came by.
    d["id_number"] = normalise_id_number(d["id_number"])
    typed_name, d["real_name"] = d["real_name"], normalise_name(d["real_name"])
    d["assessment_result"] = d["assessment_result"] or AssessmentResult.PASSED
    d["publicity_objection"] = bool(d["publicity_objection"])
    d["last_annual_review"] = d["last_annual_review"] or AnnualReview.QUALIFIED
    d["obeys_arrangements"] = True if d["obeys_arrangements"] is None else bool(d["obeys_arrangements"])
    d["competent_in_post"] = True if d["competent_in_post"] is None else bool(d["competent_in_post"])
    d["using_unit_approved"] = bool(d["using_unit_approved"])
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for field, label in REQUIRED_FIELDS.items():
        if not d[field] and not (field == "real_name" and typed_name):
            add(field, MSG_REQUIRED.format(label=label))
    if typed_name and not has_visible_letter(d["real_name"]):
        add("real_name", str(MSG_NAME_INVISIBLE))
    for field, label in TEXT_LABELS.items():
        # Checked after trimming, so "\t=1+1" from a spreadsheet cell is refused, not stored as "=1+1".
        if d[field].startswith(FORMULA_STARTS):
            add(field, MSG_FORMULA_START.format(label=label))
    for name, limit in MAX_LENGTHS.items():
        if len(d[name]) > limit:
            add(name, MSG_TOO_LONG.format(label=TEXT_LABELS[name], max=limit, length=len(d[name])))
    if d["id_number"]:
        try:
            parse_id_number(d["id_number"])
        except ValidationError as exc:
            add("id_number", " ".join(str(m) for m in exc.messages))
    if d["series"]:
        reason = excluded_reason(d["series"], on)
        if reason:
            add("series", reason)
    if d["level"] and d["level"] not in TitleLevel.values:
        add("level", MSG_LEVEL)
    if d["assessment_result"] not in AssessmentResult.values:
        add("assessment_result", "考核结果应为“合格”或“不合格”。")
    if d["last_annual_review"] not in AnnualReview.values:
        add("last_annual_review", "上年度考核结果应为优秀、合格、基本合格、不合格或未参加年度考核。")
    if d["publicity_start"] and d["publicity_end"] and d["publicity_start"] > d["publicity_end"]:
        add("publicity_end", MSG_START_AFTER_END.format(start=fmt_date(d["publicity_start"]),
                                                        end=fmt_date(d["publicity_end"])))
    s2, e2 = d["second_publicity_start"], d["second_publicity_end"]
    if s2 and e2 and s2 > e2:
        add("second_publicity_end", MSG_SECOND_START_AFTER_END.format(start=fmt_date(s2), end=fmt_date(e2)))
    if errors:
        raise ValidationError(errors)
    return d


@dataclass
class RowCheck:
    """One row's verdict: ``data`` normalised when it has no problems; ``errors`` {field: [messages]} (field ""
    for problems of the row as a whole, such as an unreadable Excel cell)."""

    label: str
    data: dict | None
    errors: dict[str, list[str]] = dataclass_field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        return [m for msgs in self.errors.values() for m in msgs]


def validate_entries(rows: list[dict], *, rec_list, exclude_pk=None) -> list[RowCheck]:
    """THE check of 附件3 entries, shared by the screen, the Excel import and the API: each row is cleaned
    (``clean_entry_data``) and compared with the list and with the other rows for the same person, and every
    row's problems are returned at once. Pure read; callers save nothing unless no row has a problem.

    ``rows`` are ``{"label": "第 3 行", "data": {...}, "errors": [problems found while reading the row]}``;
    ``exclude_pk`` is the entry being edited (it may keep its own id number).
    """
    on = rec_list.batch.rule_date
    existing = dict(rec_list.entries.exclude(pk=exclude_pk).values_list("id_number", "real_name"))
    seen: dict[str, str] = {}
    checks = []
    for row in rows:
        label = row.get("label", "")
        errors: dict[str, list[str]] = {}
        if row.get("errors"):
            errors[""] = list(row["errors"])
        data = None
        if not errors:
            try:
                data = clean_entry_data(row["data"], on=on)
            except ValidationError as exc:
                errors = {k: list(v) for k, v in exc.message_dict.items()}
        if data is not None:
            idn = data["id_number"]
            if idn in existing:
                errors.setdefault("id_number", []).append(MSG_DUPLICATE.format(id_number=idn, name=existing[idn]))
            elif idn in seen:
                errors.setdefault("id_number", []).append(MSG_DUPLICATE_ROW.format(id_number=idn, other=seen[idn]))
            else:
                seen[idn] = label
        checks.append(RowCheck(label=label, data=None if errors else data, errors=errors))
    return checks


def _publicity(start, end, pledge, opinion, calendar, batch) -> dict | str:
    """The publicity check's verdict, or the reason it cannot be judged (one Chinese sentence)."""
    data = {"start": start.isoformat(), "end": end.isoformat()}
    if pledge:
        data["pledge_date"] = pledge.isoformat()
    if opinion:
        data["opinion_date"] = opinion.isoformat()
    try:
        return check_publicity(data, calendar=calendar, rules_on=batch.rule_date)
    except UnknownYearError as exc:
        return MSG_CALENDAR_MISSING.format(year=exc.year, start=fmt_date(start), end=fmt_date(end))
    except PolicyInputError:
        return MSG_START_AFTER_END.format(start=fmt_date(start), end=fmt_date(end))


def entry_problems(entry, *, unit, batch, calendar=None, today: dt.date | None = None) -> list[str]:
    """Every reason this entry cannot be recommended (empty: it can)."""
    problems: list[str] = []
    reason = excluded_reason(entry.series, batch.rule_date)
    if reason:
        problems.append(reason)
    if entry.assessment_result == AssessmentResult.FAILED:
        problems.append(MSG_FAILED)
    problems.extend(assessment_problems(entry))
    if entry.publicity_objection:
        problems.append(MSG_OBJECTION)
    start, end = entry.publicity_start, entry.publicity_end
    if not (start and end):
        problems.append(MSG_NO_PUBLICITY)
    if not entry.pledge_date:
        problems.append(MSG_NO_PLEDGE)
    if not entry.opinion_date:
        problems.append(MSG_NO_OPINION)
    if start and end:
        result = _publicity(start, end, entry.pledge_date, entry.opinion_date, calendar, batch)
        if isinstance(result, str):
            problems.append(result)
        else:
            minimum = batch.procedure.publicity_min_working_days
            if "too_short" in result["problems"]:
                problems.append(MSG_TOO_SHORT.format(start=fmt_date(start), end=fmt_date(end),
                                                     days=result["working_days"], minimum=minimum))
            if "pledge_not_before_start" in result["problems"]:
                problems.append(MSG_PLEDGE.format(pledge=fmt_date(entry.pledge_date), start=fmt_date(start)))
            if "opinion_not_after_end" in result["problems"]:
                problems.append(MSG_OPINION.format(opinion=fmt_date(entry.opinion_date), end=fmt_date(end)))
        if today is not None and end >= today:
            problems.append(MSG_PUBLICITY_NOT_OVER.format(end=fmt_date(end)))
    if unit.is_labour_dispatch:
        problems.extend(_dispatch_problems(entry, calendar, batch))
    return problems


def assessment_problems(entry) -> list[str]:
    """一（二）: the unit's assessment facts that exclude a person — the eligibility rule itself
    (zhicheng.policy.rules.assessment_reason), so the list and the application say the same."""
    reason = assessment_reason(entry.obeys_arrangements, entry.competent_in_post,
                               ANNUAL_REVIEW_POLICY_NAMES.get(entry.last_annual_review))
    return [] if reason.ok else [MSG_POLICY_REASON.format(message=reason.message[:-1], clause=reason.clause)]


def _dispatch_problems(entry, calendar, batch) -> list[str]:
    problems = []
    if not entry.using_unit_name:
        problems.append(MSG_DISPATCH_USING_UNIT)
    s2, e2 = entry.second_publicity_start, entry.second_publicity_end
    if not (s2 and e2):
        problems.append(MSG_DISPATCH_SECOND)
    else:
        result = _publicity(s2, e2, None, None, calendar, batch)
        if isinstance(result, str):
            problems.append(result if s2 <= e2 else MSG_SECOND_START_AFTER_END.format(
                start=fmt_date(s2), end=fmt_date(e2)))
        elif "too_short" in result["problems"]:
            problems.append(MSG_DISPATCH_SECOND_SHORT.format(
                start=fmt_date(s2), end=fmt_date(e2), days=result["working_days"],
                minimum=batch.procedure.publicity_min_working_days))
    if not entry.using_unit_approved:
        problems.append(MSG_DISPATCH_APPROVAL)
    if not entry.dispatch_agreement:
        problems.append(MSG_DISPATCH_AGREEMENT)
    return problems


def get_calendar():
    return get_work_calendar()


def problems_by_entry(rec_list, *, today: dt.date | None = None, calendar=None) -> dict[int, list[str]]:
    calendar = calendar or get_calendar()
    unit, batch = rec_list.unit, rec_list.batch
    return {e.pk: entry_problems(e, unit=unit, batch=batch, calendar=calendar, today=today)
            for e in rec_list.entries.all()}


def list_problems(rec_list, *, now: dt.datetime | None = None, calendar=None) -> tuple[list[str], dict]:
    """(list-level reasons, {entry id: reasons}) that stop the list being submitted at ``now``."""
    now = now or timezone.now()
    unit, batch = rec_list.unit, rec_list.batch
    if rec_list.status == ListStatus.SUBMITTED:
        return [MSG_LIST_SUBMITTED.format(when=fmt_moment(rec_list.submitted_at))], {}
    reasons: list[str] = []
    if not batch.is_published:
        reasons.append(MSG_NOT_PUBLISHED)
    if now >= batch.list_deadline:
        reasons.append(MSG_DEADLINE_PASSED.format(deadline=fmt_moment(batch.list_deadline)))
    if current_policy(unit) is None:
        reasons.append(MSG_NO_POLICY)
    suspension = unit_suspension_reason(unit=unit, batch=batch)
    if suspension:
        reasons.append(suspension)
    if unit.is_out_of_province_branch and not rec_list.parent_recommendation:
        reasons.append(MSG_NO_PARENT_REPORT)
    per_entry = problems_by_entry(rec_list, today=timezone.localtime(now).date(), calendar=calendar)
    if not per_entry:
        reasons.append(MSG_NO_ENTRIES)
    bad = sum(1 for p in per_entry.values() if p)
    if bad:
        reasons.append(MSG_ENTRIES_INVALID.format(count=bad))
    return reasons, per_entry


def publicity_record(entry, calendar=None) -> dict:
    """What the unit's 附件3 entry says about this person's assessment and publicity, for the unit review page.

    ``opinion`` is the text that prefills part 3 of the 用人单位考核意见 (公示方式及结果); the reviewer may edit it.
    """
    calendar = calendar or get_calendar()
    working_days = None
    if entry.publicity_start and entry.publicity_end:
        verdict = _publicity(entry.publicity_start, entry.publicity_end, entry.pledge_date, entry.opinion_date,
                             calendar, entry.recommendation_list.batch)
        if isinstance(verdict, dict):
            working_days = verdict["working_days"]
    result = "有异议" if entry.publicity_objection else "无异议"
    opinion = ""
    if entry.publicity_start and entry.publicity_end:
        days = f"，{working_days} 个工作日" if working_days is not None else ""
        opinion = (f"已于{fmt_date(entry.publicity_start)}至{fmt_date(entry.publicity_end)}在本单位内部公示{days}，"
                   f"公示结果{result}。")
        if entry.using_unit_name and entry.second_publicity_start and entry.second_publicity_end:
            opinion += (f"并于{fmt_date(entry.second_publicity_start)}至{fmt_date(entry.second_publicity_end)}"
                        f"在实际用工单位{entry.using_unit_name}公示。")
    return {
        "entry": entry, "working_days": working_days, "result": result, "opinion": opinion,
        "assessment_date": fmt_date(entry.assessment_date), "publicity_start": fmt_date(entry.publicity_start),
        "publicity_end": fmt_date(entry.publicity_end), "opinion_date": fmt_date(entry.opinion_date),
    }
