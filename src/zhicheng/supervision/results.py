"""The bureau's list of a batch's recognised people (认定结果名单), as PDF (masked ID numbers) and Excel."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from zhicheng.accounts.validators import mask_id_number
from zhicheng.applications.models import Application, Status
from zhicheng.applications.recognition import document_number
from zhicheng.certificates.models import Certificate
from zhicheng.documents.formats import cn_date
from zhicheng.documents.pdf import render_pdf
from zhicheng.documents.spreadsheets import workbook_bytes, write_cell, write_row
from zhicheng.recommendations.documents import person_facts
from zhicheng.recommendations.models import LEVEL_LABELS

RESULT_HEADERS = ["序号", "姓名", "性别", "身份证号码", "工作单位", "职称系列", "专业", "认定级别", "认定批准日期",
                  "考核认定表编号", "电子证书编号"]


def batch_result_rows(batch, *, mask: bool) -> list[list]:
    qs = (Application.objects.filter(batch=batch, status=Status.RECOGNISED)
          .select_related("applicant", "unit", "batch__district").order_by("unit__name", "applicant__name_pinyin", "id"))
    certificate_numbers = _certificate_numbers(qs)
    rows = []
    for i, app in enumerate(qs, start=1):
        id_number = app.applicant.id_number or ""
        sex, _birth = person_facts(id_number)
        rows.append([i, app.applicant.display_name, sex, mask_id_number(id_number) if mask else id_number,
                     app.unit.name, app.series, app.specialty,
                     LEVEL_LABELS.get(app.recognised_level or app.level, ""), cn_date(app.recognised_on),
                     document_number(app), certificate_numbers.get(app.pk, "")])
    return rows


def _certificate_numbers(applications) -> dict[int, str]:
    return dict(Certificate.objects.filter(application__in=applications).values_list("application_id", "number"))


def batch_results_context(batch) -> dict:
    return {"batch": batch, "district": batch.district, "headers": RESULT_HEADERS,
            "rows": batch_result_rows(batch, mask=True), "generated": cn_date(timezone.localdate())}


def render_batch_results_pdf(batch) -> bytes:
    """Drawn by WeasyPrint (about 70 ms of CPU for the demo batch, 0.4 s of wall time on a busy machine); the same
    list downloaded again comes from the cache, keyed by the rendered HTML, so a change in it gives a new PDF."""
    return render_pdf("documents/pdf/batch_results.html", batch_results_context(batch), cache_seconds=24 * 3600)


def render_batch_results_xlsx(batch) -> bytes:
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
