"""The shape of each section of an application and when a section counts as complete.

Rows are stored as lists of plain dicts on ``Application`` (JSON), keyed like the eligibility profile:

- skills:       {"level", "name", "date", "number"}
- education:    {"level", "school", "major", "date", "full_time", "certificate_number", "major_related"}
- work_history: {"from", "to", "unit", "post"}               (months YYYY-MM; "to" empty = 至今)
- insurance:    {"from", "to", "city", "uscc", "unit"}
- titles:       {"series", "level", "date", "number"}         (level 员级/助理级)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.orgs.models import UnitKind

from . import forms as f
from .models import Section


class SectionState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    NEEDS_FIX = "needs_fix"

    LABELS = {NOT_STARTED: _("未开始"), IN_PROGRESS: _("填写中"), COMPLETE: _("已完成"), NEEDS_FIX: _("需修改")}
    TAGS = {NOT_STARTED: "tag-todo", IN_PROGRESS: "tag-progress", COMPLETE: "tag-done", NEEDS_FIX: "tag-fix"}


FORM_SECTIONS = (Section.BASIC, Section.SKILLS, Section.EDUCATION, Section.WORK, Section.INSURANCE,
                 Section.TITLES, Section.ACHIEVEMENTS)
ALL_SECTIONS = FORM_SECTIONS + (Section.ATTACHMENTS,)


# Older rows (imported lists, earlier versions of the forms) name some keys differently; every reader goes
# through canonical_row so a graduation date stored as "graduated_on" is still the row's "date".
ROW_KEY_ALIASES = {
    "date": ("graduated_on", "obtained_on", "issued_on"),
    "from": ("start", "start_month"),
    "to": ("end", "end_month"),
    "unit": ("employer", "unit_name"),
    "major_related": ("related",),
}


def canonical_row(row: dict) -> dict:
    """A stored row with the keys this module documents, filled from their older aliases when missing."""
    out = dict(row)
    for key, aliases in ROW_KEY_ALIASES.items():
        if out.get(key) in (None, ""):
            for alias in aliases:
                if row.get(alias) not in (None, ""):
                    out[key] = row[alias]
                    break
    return out


def canonical_rows(rows) -> list[dict]:
    return [canonical_row(r) for r in rows or [] if isinstance(r, dict)]


def _date(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (value or "")


@dataclass(frozen=True)
class RowSpec:
    section: str
    field: str  # Application attribute
    form: type
    hint: str
    min_rows: int = 0

    def to_store(self, cleaned: dict) -> dict:
        c = cleaned
        if self.section == Section.SKILLS:
            return {"level": c["level"], "name": c["name"].strip(), "date": _date(c["date"]),
                    "number": c["number"].strip()}
        if self.section == Section.EDUCATION:
            return {"level": c["level"], "school": c["school"].strip(), "major": c["major"].strip(),
                    "date": _date(c["date"]), "full_time": bool(c["full_time"]),
                    "certificate_number": c["certificate_number"].strip(), "major_related": bool(c["major_related"])}
        if self.section == Section.WORK:
            return {"from": c["from_month"], "to": c.get("to_month") or "", "unit": c["unit"].strip(),
                    "post": c["post"].strip()}
        if self.section == Section.INSURANCE:
            return {"from": c["from_month"], "to": c["to_month"], "city": c["city"].strip(), "uscc": c["uscc"],
                    "unit": c["unit"].strip()}
        return {"series": c["series"], "level": c["level"], "date": _date(c["date"]),
                "number": (c.get("number") or "").strip()}

    def to_form(self, row: dict) -> dict:
        """A stored row as form data (strings), for editing and re-validation."""
        out, row = {}, canonical_row(row)
        for name in self.form.base_fields:
            key = {"from_month": "from", "to_month": "to"}.get(name, name)
            value = row.get(key, "")
            if isinstance(value, bool):
                value = "yes" if value else "no"
            out[name] = "" if value is None else str(value)
        return out


ROW_SPECS = {
    Section.SKILLS: RowSpec(Section.SKILLS, "skills", f.SkillRowForm,
                            "有职业资格或职业技能等级证书的逐条填写；没有的不填，直接标记完成。"),
    Section.EDUCATION: RowSpec(Section.EDUCATION, "education", f.EducationRowForm,
                               "从中专（技工院校）起逐条填写国家教育部门承认的学历或学位。", min_rows=1),
    Section.WORK: RowSpec(Section.WORK, "work_history", f.WorkRowForm, "按时间顺序填写参加工作以来的经历。",
                          min_rows=1),
    Section.INSURANCE: RowSpec(Section.INSURANCE, "insurance", f.InsuranceRowForm,
                               "按《云南省城镇职工基本养老保险个人参保证明》逐段填写；缴费单位变化或中断时另起一行。",
                               min_rows=1),
    Section.TITLES: RowSpec(Section.TITLES, "titles", f.TitleRowForm,
                            "已取得初级职称的填写（变更系列或合并计算履职年限时需要）；没有的不填。"),
}


def new_row(section: str, application, existing: list[dict] = ()) -> dict:
    """A fresh row as form data. An insurance row starts with the applicant's own unit as the payer (its USCC and
    name, 18 characters nobody should type on a phone) unless a row already names it; the person may change it."""
    spec = ROW_SPECS[section]
    row = {name: "" for name in spec.form.base_fields}
    unit = application.unit
    if section == Section.INSURANCE and unit is not None and not any(r.get("uscc") == unit.uscc for r in existing):
        row.update(uscc=unit.uscc, unit=unit.name)
    return row


def row_is_blank(data: dict) -> bool:
    return not any(str(v).strip() for k, v in data.items() if k not in ("full_time", "major_related", "city"))


def clean_rows(section: str, rows: list[dict]) -> list[dict]:
    """Re-validate stored-shape rows (from a view or a script); raise ValidationError naming the row."""
    spec = ROW_SPECS[section]
    cleaned, errors = [], []
    for i, row in enumerate(rows, start=1):
        form = spec.form(data=spec.to_form(row))
        if not form.is_valid():
            for field, messages in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                errors.extend(f"第 {i} 行{('“' + str(label) + '”') if label else ''}：{m}" for m in messages)
            continue
        cleaned.append(spec.to_store(form.cleaned_data))
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_basic(data: dict) -> dict:
    form = f.BasicForm(data={k: ("" if v is None else v) for k, v in data.items()})
    if not form.is_valid():
        raise ValidationError([f"{form.fields[k].label}：{m}" if k in form.fields else m
                               for k, ms in form.errors.items() for m in ms])
    return form.cleaned_data


def count_chars(text: str) -> int:
    """Characters of the achievements text, whitespace not counted."""
    return sum(1 for ch in text or "" if not ch.isspace())


def incomplete_reasons(application, section: str, value=None) -> list[str]:
    """Why this section cannot be marked complete (empty when it can). ``value`` defaults to what is stored."""
    label = Section(section).label
    if section == Section.BASIC:
        data = value if value is not None else {
            "series": application.series, "specialty": application.specialty, "level": application.level,
            "post": application.post, "employment_start": application.employment_start}
        missing = [str(f.BasicForm.base_fields[k].label) for k in ("series", "specialty", "level", "post")
                   if not data.get(k)]
        reasons = [f"“{label}”缺少：{'、'.join(missing)}"] if missing else []
        if application.unit.kind == UnitKind.PUBLIC_INSTITUTION and not data.get("employment_start"):
            reasons.append("事业单位须填写聘用（入职）日期（《事业单位聘用通知书》上的日期）。")
        return reasons
    if section == Section.ACHIEVEMENTS:
        text = value if value is not None else application.achievements
        n, minimum = count_chars(text), application.batch.procedure.min_achievement_chars
        if n < minimum:
            return [f"“主要工作业绩”不少于 {minimum} 字（不计空格），目前 {n} 字，还差 {minimum - n} 字（五（一））。"]
        return []
    spec = ROW_SPECS[section]
    rows = value if value is not None else getattr(application, spec.field)
    needed = spec.min_rows
    if len(rows or []) < needed:
        return [f"“{label}”至少填写 {needed} 条。"]
    return []


def section_value(application, section: str):
    if section == Section.BASIC:
        return {k: getattr(application, k) for k in f.BasicForm.base_fields}
    if section == Section.ACHIEVEMENTS:
        return application.achievements
    return getattr(application, ROW_SPECS[section].field)


def stored_state(application, section: str) -> str:
    return (application.section_state or {}).get(section, SectionState.NOT_STARTED)
