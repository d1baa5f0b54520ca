"""Exports: integrity records for the national credit platform (layout in docs/integrity-export.md) and the
statistics tables, written by the shared writer (zhicheng.documents.spreadsheets: text never becomes a formula)."""

from __future__ import annotations

from zhicheng.documents.spreadsheets import to_csv, to_xlsx

__all__ = ["INTEGRITY_COLUMNS", "integrity_rows", "to_csv", "to_xlsx"]

INTEGRITY_COLUMNS = ("姓名", "身份证号码", "失信行为", "认定日期", "记录期限至", "认定机关", "涉及单位", "统一社会信用代码")


def integrity_rows(records) -> list[tuple]:
    rows = []
    for r in records.select_related("district", "unit"):
        rows.append((r.name, r.id_number, r.finding, r.decided_on.isoformat(), r.ban_until.isoformat(),
                     r.district.bureau_name, r.unit.name if r.unit else "", r.unit.uscc if r.unit else ""))
    return rows
