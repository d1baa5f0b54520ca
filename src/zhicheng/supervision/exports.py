"""Exports: integrity records for the national credit platform (layout in docs/integrity-export.md) and the
statistics tables. CSV is UTF-8 with a BOM so spreadsheet software opens the Chinese correctly."""

from __future__ import annotations

import csv
import io

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font

INTEGRITY_COLUMNS = ("姓名", "身份证号码", "失信行为", "认定日期", "记录期限至", "认定机关", "涉及单位", "统一社会信用代码")


def integrity_rows(records) -> list[tuple]:
    rows = []
    for r in records.select_related("district", "unit"):
        rows.append((r.name, r.id_number, r.finding, r.decided_on.isoformat(), r.ban_until.isoformat(),
                     r.district.bureau_name, r.unit.name if r.unit else "", r.unit.uscc if r.unit else ""))
    return rows


def _safe(value):
    if isinstance(value, Promise):
        value = str(value)
    # Cells starting with = + - @ would run as formulas in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sheets: list[tuple[str, tuple, list[tuple]]]) -> bytes:
    """sheets: [(title, header, rows)] → an .xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_safe(v) for v in row])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width * 2))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
