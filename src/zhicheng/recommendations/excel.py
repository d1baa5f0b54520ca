"""Excel for the 推荐人员名单 (附件3): the import template, reading a filled template, the export."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from zhicheng.documents.spreadsheets import workbook_bytes, write_cell, write_row
from zhicheng.policy.procedure import procedure
from zhicheng.policy.vocabulary import SERIES

from .checks import fmt_date
from .models import AnnualReview, AssessmentResult, TitleLevel

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

# (field, header, note, example)
COLUMNS = [
    ("real_name", "姓名", "必填，与身份证一致", "（示例）张三"),
    ("id_number", "身份证号码", "必填，18 位，末位 X 大写；请将单元格设为文本格式", "530103199803120030"),
    ("series", "申报系列", "必填，从下拉列表选择；经济、会计等“以考代评”系列不在考核认定范围", "工程"),
    ("specialty", "申报专业", "必填，例如：建筑工程", "建筑工程"),
    ("level", "申报级别", "必填：员级 或 助理级", "助理级"),
    ("post", "现从事岗位", "选填", "施工技术员"),
    ("assessment_result", "考核结果", "合格 或 不合格（不合格者不得推荐）", "合格"),
    ("assessment_date", "考核日期", "日期，例如 2024-08-01", "2024-08-01"),
    ("publicity_start", "公示开始日期", "公示不少于 {publicity_min_working_days} 个工作日（周末节假日不计）", "2024-08-05"),
    ("publicity_end", "公示结束日期", "公示最后一天", "2024-08-09"),
    ("publicity_objection", "公示有无异议", "无 或 有（有异议者不得推荐）", "无"),
    ("pledge_date", "本人承诺落款日期", "须早于公示开始日期", "2024-08-02"),
    ("opinion_date", "单位审核意见落款日期", "须在公示期满之后", "2024-08-12"),
    ("using_unit_name", "实际用工单位", "仅劳务派遣公司填写", ""),
    ("second_publicity_start", "用工单位公示开始", "仅劳务派遣公司填写（双公示）", ""),
    ("second_publicity_end", "用工单位公示结束", "仅劳务派遣公司填写", ""),
    ("using_unit_approved", "用工单位审核同意", "仅劳务派遣公司填写：是 或 否", ""),
    ("last_annual_review", "上年度考核结果", "优秀、合格、基本合格、不合格 或 未参加（新入职）；留空按合格。"
                                            "基本合格、不合格的不得推荐", "合格"),
    ("obeys_arrangements", "服从工作安排", "是 或 否；留空按是。不服从的不得推荐", "是"),
    ("competent_in_post", "胜任专业技术岗位", "是 或 否；留空按是。不胜任的不得推荐", "是"),
]
HEADERS = [c[1] for c in COLUMNS]
EXAMPLE_MARK = "（示例）"  # rows whose 姓名 starts with this are the template's example and are skipped
DATE_FIELDS = {"assessment_date", "publicity_start", "publicity_end", "pledge_date", "opinion_date",
               "second_publicity_start", "second_publicity_end"}
LEVELS = {label: value for value, label in TitleLevel.choices}
RESULTS = {"合格": AssessmentResult.PASSED, "考核合格": AssessmentResult.PASSED,
           "考核合格，同意推荐": AssessmentResult.PASSED, "不合格": AssessmentResult.FAILED,
           "考核不合格": AssessmentResult.FAILED}
ANNUAL_REVIEWS = {"优秀": AnnualReview.EXCELLENT, "合格": AnnualReview.QUALIFIED, "称职": AnnualReview.QUALIFIED,
                  "基本合格": AnnualReview.BASIC, "基本称职": AnnualReview.BASIC, "不合格": AnnualReview.FAILED,
                  "不称职": AnnualReview.FAILED, "未参加": AnnualReview.NONE, "未参加（新入职）": AnnualReview.NONE,
                  "新入职": AnnualReview.NONE}
YES = {"是", "有", "同意", "y", "yes", "true", "1"}
NO = {"否", "无", "不同意", "n", "no", "false", "0", ""}

MSG_NOT_XLSX = "只能导入 Excel 2007 及以上版本的 .xlsx 文件（请使用下载的导入模板填写）。"
MSG_CORRUPT = "文件无法打开，可能已损坏或不是 Excel 文件。请用下载的模板重新填写后导入。"
MSG_TOO_BIG = "文件超过 5 MB，请检查是否填写了多余内容。"
MSG_HEADERS = "第 2 行的列标题与导入模板不一致（应为：{expected}）。请使用下载的模板，不要增删或移动列。"
MSG_TOO_MANY = "一次最多导入 {max} 行。"


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is Chinese and shown as it stands."""


def _bold(cell):
    cell.font = Font(bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def build_template(*, on=None) -> bytes:
    """The import template; its notes quote the procedure in force on ``on`` (default today: the template is
    not tied to one batch)."""
    minimum = procedure(on or timezone.localdate()).publicity_min_working_days
    wb = Workbook()
    ws = wb.active
    ws.title = "推荐人员名单"
    write_cell(ws, 1, 1, "初级职称考核推荐人员名单导入模板（第 2 行为列标题，请勿修改；从第 3 行起每行填写一人，"
                         "示例行请删除或覆盖）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    for i, (_field, header, note, example) in enumerate(COLUMNS, start=1):
        cell = write_cell(ws, 2, i, header)
        _bold(cell)
        cell.comment = Comment(note.format(publicity_min_working_days=minimum), "职称考核认定平台")
        write_cell(ws, 3, i, example or None).number_format = "@"
        ws.column_dimensions[cell.column_letter].width = max(12, len(header) * 2 + 4)
    series = DataValidation(type="list", formula1='"' + ",".join(SERIES) + '"', allow_blank=True)
    level = DataValidation(type="list", formula1='"员级,助理级"', allow_blank=True)
    ws.add_data_validation(series)
    ws.add_data_validation(level)
    series.add("C3:C2000")
    level.add("E3:E2000")
    for col in ("B",):
        for row in range(3, 203):
            ws[f"{col}{row}"].number_format = "@"
    notes = wb.create_sheet("填写说明")
    write_row(notes, 1, ["列", "说明"])
    for number, (_field, header, note, _example) in enumerate(COLUMNS, start=2):
        write_row(notes, number, [header, note])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 70
    return workbook_bytes(wb)


_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _parse_date(value, header: str, errors: list[str]):
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE_RE.match(str(value))
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    errors.append(f"“{header}”不是有效日期（{value}），请按 2024-08-05 格式填写")
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value, mapping: dict, header: str, errors: list[str], allowed: str):
    text = _text(value)
    if text in mapping:
        return mapping[text]
    errors.append(f"“{header}”应为{allowed}（填写的是“{text}”）")
    return None


def _flag(value, header: str, errors: list[str]) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    errors.append(f"“{header}”应填写“是/有”或“否/无”（填写的是“{_text(value)}”）")
    return False


def read_rows(uploaded_file) -> list[dict]:
    """Rows of a filled template as ``{"row", "data", "errors"}``; raises ImportFileError for an unreadable file."""
    name = (getattr(uploaded_file, "name", "") or "").lower()
    if not name.endswith(".xlsx"):
        raise ImportFileError(MSG_NOT_XLSX)
    if getattr(uploaded_file, "size", 0) > MAX_IMPORT_BYTES:
        raise ImportFileError(MSG_TOO_BIG)
    content = uploaded_file.read()
    if not content.startswith(b"PK"):
        raise ImportFileError(MSG_CORRUPT)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError,
            Exception):  # openpyxl raises many kinds on malformed XML; never a 500
        raise ImportFileError(MSG_CORRUPT) from None
    try:
        ws = wb.worksheets[0]
        all_rows = list(ws.iter_rows(min_row=1, max_col=len(COLUMNS), values_only=True))
    except Exception:
        raise ImportFileError(MSG_CORRUPT) from None
    finally:
        wb.close()
    header = [_text(v) for v in (all_rows[1] if len(all_rows) > 1 else ())]
    header += [""] * (len(COLUMNS) - len(header))
    if header[: len(COLUMNS)] != HEADERS:
        raise ImportFileError(MSG_HEADERS.format(expected="、".join(HEADERS)))
    result = []
    for number, values in enumerate(all_rows[2:], start=3):
        values = list(values) + [None] * (len(COLUMNS) - len(values))
        if all(_text(v) == "" for v in values) or _text(values[0]).startswith(EXAMPLE_MARK):
            continue
        if len(result) >= MAX_ROWS:
            raise ImportFileError(MSG_TOO_MANY.format(max=MAX_ROWS))
        result.append(_parse_row(number, values))
    return result


def _parse_row(number: int, values: list) -> dict:
    errors: list[str] = []
    data: dict = {}
    for (field, header, _note, _example), value in zip(COLUMNS, values, strict=True):
        if field in DATE_FIELDS:
            data[field] = _parse_date(value, header, errors)
        elif field == "level":
            data[field] = _choice(value, LEVELS, header, errors, "“员级”或“助理级”") if _text(value) else ""
        elif field == "assessment_result":
            data[field] = (_choice(value, RESULTS, header, errors, "“合格”或“不合格”") if _text(value)
                           else AssessmentResult.PASSED)
        elif field in ("publicity_objection", "using_unit_approved"):
            data[field] = _flag(value, header, errors)
        elif field == "last_annual_review":
            data[field] = (_choice(value, ANNUAL_REVIEWS, header, errors, "优秀、合格、基本合格、不合格或未参加")
                           if _text(value) else AnnualReview.QUALIFIED)
        elif field in ("obeys_arrangements", "competent_in_post"):
            data[field] = _flag(value, header, errors) if _text(value) else True
        else:
            data[field] = _text(value)
    return {"row": number, "label": f"第 {number} 行", "data": data, "errors": errors}


EXPORT_HEADERS = ["序号", "姓名", "身份证号码", "申报系列", "申报专业", "申报级别", "现从事岗位", "考核结果",
                  "上年度考核结果", "服从工作安排", "胜任专业技术岗位", "公示起止日期", "公示结果"]


def quarter_of(batch) -> int:
    return (timezone.localtime(batch.window_start).month - 1) // 3 + 1


def export_title(rec_list) -> str:
    batch = rec_list.batch
    return f"{rec_list.unit.name}{batch.year}年{quarter_of(batch)}季度初级职称考核推荐人员名单"


def build_export(rec_list) -> bytes:
    """The list in the 附件3 layout."""
    wb = Workbook()
    ws = wb.active
    ws.title = "推荐人员名单"
    title = write_cell(ws, 1, 1, export_title(rec_list))
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(EXPORT_HEADERS))
    for i, header in enumerate(EXPORT_HEADERS, start=1):
        _bold(write_cell(ws, 2, i, header))
    for n, e in enumerate(rec_list.entries.all(), start=1):
        period = (f"{fmt_date(e.publicity_start)}至{fmt_date(e.publicity_end)}"
                  if e.publicity_start and e.publicity_end else "")
        row = [n, e.real_name, e.id_number, e.series, e.specialty, e.get_level_display(), e.post,
               "合格" if e.assessment_result == AssessmentResult.PASSED else "不合格",
               e.get_last_annual_review_display(), "是" if e.obeys_arrangements else "否",
               "是" if e.competent_in_post else "否", period,
               "有异议" if e.publicity_objection else "无异议"]
        write_row(ws, n + 2, row)[2].number_format = "@"
    widths = [6, 10, 22, 12, 16, 10, 16, 10, 14, 10, 12, 30, 10]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = w
    footer = rec_list.entries.count() + 4
    write_cell(ws, footer, 1, f"单位（盖章）：{rec_list.unit.name}")
    when = rec_list.submitted_at
    write_cell(ws, footer + 1, 1,
               f"报送日期：{fmt_date(timezone.localtime(when).date())}" if when else "报送日期：（未报送）")
    return workbook_bytes(wb)
