"""Renderers for the unit's and bureau's documents: 公示表（附件1）, 推荐报告（附件2）, batch result lists."""

from __future__ import annotations

from django.utils import timezone

from zhicheng.accounts.validators import mask_id_number, parse_id_number
from zhicheng.applications.models import Status
from zhicheng.orgs.models import UnitKind
from zhicheng.recommendations.models import AssessmentResult

from .pdf import render_pdf
from .recognition import LEVEL_LABELS, cn_date, document_number

MSG_NOT_BRANCH = "推荐报告（附件2）只适用于在本区工商登记的外省企业分公司；本单位不是外省企业分公司，无需提供。"


def _person_facts(id_number: str) -> tuple[str, str]:
    try:
        facts = parse_id_number(id_number)
    except Exception:
        return "", ""
    return ("男" if facts.sex == "M" else "女"), f"{facts.birth_date.year}年{facts.birth_date.month}月"


def publicity_context(entry) -> dict:
    rlist = entry.recommendation_list
    unit = rlist.unit
    sex, birth = _person_facts(entry.id_number)
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
        sex, birth = _person_facts(entry.id_number)
        rows.append({"entry": entry, "sex": sex, "birth": birth, "level_label": LEVEL_LABELS.get(entry.level, "")})
    unit = rlist.unit
    return {"rlist": rlist, "unit": unit, "batch": rlist.batch, "district": unit.district, "rows": rows,
            "parent_name": unit.parent_company_name or "（总公司名称）"}


def render_parent_recommendation(rlist) -> bytes:
    return render_pdf("documents/pdf/parent_recommendation.html", parent_recommendation_context(rlist))


# --- batch results -----------------------------------------------------------------------------------------

RESULT_HEADERS = ["序号", "姓名", "性别", "身份证号码", "工作单位", "职称系列", "专业", "认定级别", "认定批准日期",
                  "考核认定表编号", "电子证书编号"]


def batch_result_rows(batch, *, mask: bool) -> list[list]:
    from zhicheng.applications.models import Application

    qs = (Application.objects.filter(batch=batch, status=Status.RECOGNISED)
          .select_related("applicant", "unit", "batch__district").order_by("unit__name", "applicant__name_pinyin", "id"))
    certificate_numbers = _certificate_numbers(qs)
    rows = []
    for i, app in enumerate(qs, start=1):
        id_number = app.applicant.id_number or ""
        sex, _birth = _person_facts(id_number)
        rows.append([i, app.applicant.display_name, sex, mask_id_number(id_number) if mask else id_number,
                     app.unit.name, app.series, app.specialty,
                     LEVEL_LABELS.get(app.recognised_level or app.level, ""), cn_date(app.recognised_on),
                     document_number(app), certificate_numbers.get(app.pk, "")])
    return rows


def _certificate_numbers(applications) -> dict[int, str]:
    try:
        from zhicheng.certificates.models import Certificate
    except ImportError:
        return {}
    return dict(Certificate.objects.filter(application__in=applications).values_list("application_id", "number"))


def batch_results_context(batch) -> dict:
    return {"batch": batch, "district": batch.district, "headers": RESULT_HEADERS,
            "rows": batch_result_rows(batch, mask=True), "generated": cn_date(timezone.localdate())}


def render_batch_results_pdf(batch) -> bytes:
    return render_pdf("documents/pdf/batch_results.html", batch_results_context(batch))


def render_batch_results_xlsx(batch) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .spreadsheets import workbook_bytes, write_cell, write_row

    wb = Workbook()
    ws = wb.active
    ws.title = "认定结果"
    write_cell(ws, 1, 1, f"{batch.district.bureau_name} {batch.name} 初级职称考核认定结果名单")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(RESULT_HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    for cell in write_row(ws, 2, RESULT_HEADERS):
        cell.font = Font(bold=True)
    for number, row in enumerate(batch_result_rows(batch, mask=False), start=3):
        write_row(ws, number, row)[3].number_format = "@"  # keep ID numbers as text
    widths = [6, 10, 6, 22, 36, 12, 16, 10, 16, 24, 28]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    return workbook_bytes(wb)
