"""The one writer for every spreadsheet the platform produces (.xlsx and .csv).

Text that units, applicants or the public typed is always written as text, never as a formula: a value that
starts with a character a spreadsheet reads as the start of a formula (``= + - @``, tab, carriage return, line
feed, and their full-width forms) gets a leading apostrophe (OWASP "CSV injection"), and every string cell
of an .xlsx is stored explicitly as a string (``data_type = "s"``). Characters that cannot be stored in an
.xlsx (control characters) are dropped instead of failing the export. Numbers and dates stay numbers and dates.

CSV is UTF-8 with a BOM so spreadsheet software opens the Chinese correctly.
"""

from __future__ import annotations

import csv
import io

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# The content types of what this module writes, for the responses that send it (documents.responses.file_response).
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_value(value):
    """The value as it may go into a cell: text neutralised, other values unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_TRIGGERS):
            value = "'" + value
    return value


def set_cell(cell, value):
    """Write one value into an openpyxl cell as data, never as a formula; returns the cell."""
    value = safe_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_cell(sheet, row: int, column: int, value):
    return set_cell(sheet.cell(row=row, column=column), value)


def write_row(sheet, row: int, values, *, start_column: int = 1) -> list:
    """Write values across one row; returns the cells."""
    return [write_cell(sheet, row, column, value) for column, value in enumerate(values, start=start_column)]


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_value(v) for v in header])
    writer.writerows([[safe_value(v) for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sheets: list[tuple[str, tuple, list[tuple]]]) -> bytes:
    """sheets: [(title, header, rows)] → an .xlsx file with a bold header row and fitted column widths."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for cell in write_row(sheet, 1, header):
            cell.font = Font(bold=True)
        for number, row in enumerate(rows, start=2):
            write_row(sheet, number, row)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width * 2))
    return workbook_bytes(workbook)
