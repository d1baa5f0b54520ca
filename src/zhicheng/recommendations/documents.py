"""The unit's printed documents: 公示表（附件1） of one list entry and 推荐报告（附件2） of a branch's list."""

from __future__ import annotations

from zhicheng.accounts.validators import parse_id_number
from zhicheng.documents.formats import cn_date
from zhicheng.documents.pdf import render_pdf
from zhicheng.orgs.models import UnitKind

from .models import LEVEL_LABELS, AssessmentResult

MSG_NOT_BRANCH = "推荐报告（附件2）只适用于在本区工商登记的外省企业分公司；本单位不是外省企业分公司，无需提供。"


def person_facts(id_number: str) -> tuple[str, str]:
    try:
        facts = parse_id_number(id_number)
    except Exception:
        return "", ""
    return ("男" if facts.sex == "M" else "女"), f"{facts.birth_date.year}年{facts.birth_date.month}月"


def publicity_context(entry) -> dict:
    rlist = entry.recommendation_list
    unit = rlist.unit
    sex, birth = person_facts(entry.id_number)
    return {
        "entry": entry, "unit": unit, "batch": rlist.batch, "district": unit.district, "sex": sex, "birth": birth,
        "kinds": [(label, value == unit.kind) for value, label in UnitKind.choices],
        "level_label": LEVEL_LABELS.get(entry.level, ""),
        "passed": entry.assessment_result == AssessmentResult.PASSED,
        "publicity_start": cn_date(entry.publicity_start), "publicity_end": cn_date(entry.publicity_end),
        "second_start": cn_date(entry.second_publicity_start), "second_end": cn_date(entry.second_publicity_end),
        "pledge_date": cn_date(entry.pledge_date), "opinion_date": cn_date(entry.opinion_date),
        "assessment_date": cn_date(entry.assessment_date),
    }


def render_publicity_form(entry) -> bytes:
    return render_pdf("documents/pdf/publicity_form.html", publicity_context(entry))


def parent_recommendation_blocked_reason(rlist) -> str:
    return "" if rlist.unit.is_out_of_province_branch else MSG_NOT_BRANCH


def parent_recommendation_context(rlist) -> dict:
    rows = []
    for entry in rlist.entries.all().order_by("id"):
        if entry.assessment_result != AssessmentResult.PASSED:
            continue
        sex, birth = person_facts(entry.id_number)
        rows.append({"entry": entry, "sex": sex, "birth": birth, "level_label": LEVEL_LABELS.get(entry.level, "")})
    unit = rlist.unit
    return {"rlist": rlist, "unit": unit, "batch": rlist.batch, "district": unit.district, "rows": rows,
            "parent_name": unit.parent_company_name or "（总公司名称）"}


def render_parent_recommendation(rlist) -> bytes:
    return render_pdf("documents/pdf/parent_recommendation.html", parent_recommendation_context(rlist))


# --- the notice's blank templates (附件1, 附件2), with the batch and, for a unit officer, the unit filled in ------

BLANK_ROWS = 8


def blank_publicity_context(*, batch, unit=None) -> dict:
    return {
        "entry": None, "unit": unit, "batch": batch, "district": batch.district, "sex": "", "birth": "",
        "kinds": [(label, unit is not None and value == unit.kind) for value, label in UnitKind.choices],
        "level_label": "", "passed": False, "publicity_start": "", "publicity_end": "", "second_start": "",
        "second_end": "", "pledge_date": "", "opinion_date": "", "assessment_date": "",
    }


def render_blank_publicity_form(*, batch, unit=None) -> bytes:
    return render_pdf("documents/pdf/publicity_form.html", blank_publicity_context(batch=batch, unit=unit))


def render_blank_parent_recommendation(*, batch, unit=None) -> bytes:
    context = {"rlist": None, "unit": unit, "batch": batch, "district": batch.district, "blank": True,
               "rows": [{} for _ in range(BLANK_ROWS)],
               "parent_name": (unit.parent_company_name if unit is not None else "") or "（总公司名称）"}
    return render_pdf("documents/pdf/parent_recommendation.html", context)
