"""The upward report: a batch's recognised people in the columns a provincial or national platform expects.

The platforms name their columns by codes (XM 姓名, SFZHM 身份证号码 ...) and want values in their own forms
(dates as YYYYMMDD, levels as codes). A bureau keeps that as data, a mapping file (YAML or JSON) that it edits
without a code change; ``upward_mapping.default.yaml`` beside this module is the shipped default and
``docs/upward-report.md`` documents every key with an example. One mapping, three formats: JSON (records keyed
by the platform's codes), CSV and .xlsx, both through the one spreadsheet writer (``spreadsheets``), so typed text
never arrives as a formula.

The report carries full ID numbers, so each one produced is written to the audit trail as a security event.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from zhicheng.accounts.validators import parse_id_number
from zhicheng.applications.models import Application, Status
from zhicheng.applications.recognition import document_number
from zhicheng.audit.services import audit_record
from zhicheng.certificates.models import Certificate
from zhicheng.documents.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, to_csv, to_xlsx
from zhicheng.recommendations.models import LEVEL_LABELS

DEFAULT_MAPPING = Path(__file__).with_name("upward_mapping.default.yaml")
FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {"json": "application/json", "csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
HEADERS = ("code", "label", "both")
MAX_MAPPING_BYTES = 64 * 1024

# Our fields a mapping may name, and what each holds.
FIELDS = {
    "real_name": "姓名（与身份证一致）",
    "sex": "性别（男/女，由身份证号码得出）",
    "birth_date": "出生日期（日期，由身份证号码得出）",
    "id_number": "居民身份证号码（完整）",
    "unit_name": "工作单位名称",
    "unit_uscc": "工作单位统一社会信用代码",
    "series": "职称系列",
    "specialty": "专业",
    "level": "认定级别代码（yuanji 员级 / zhuliji 助理级）",
    "level_label": "认定级别（员级/助理级）",
    "recognised_on": "认定批准日期（日期）",
    "post": "现从事岗位",
    "recognition_form_number": "考核认定表编号",
    "certificate_number": "电子职称证书编号（尚未签发为空）",
    "batch_name": "申报批次",
    "district_name": "辖区",
    "issuing_bureau": "认定机关（区人社局）",
}
DATE_FIELDS = {"birth_date", "recognised_on"}
DATE_TOKENS = {"YYYY": "%Y", "MM": "%m", "DD": "%d"}
MAPPING_KEYS = {"title", "header", "columns"}
COLUMN_KEYS = {"field", "code", "label", "date", "values", "default", "constant"}

MSG_READ = "映射文件无法读取：{detail}"
MSG_SHAPE = "映射文件应为一个对象，含 columns（列的数组）。"
MSG_TOP_KEY = "映射文件中不认识的键“{key}”，可用的键：title、header、columns。"
MSG_HEADER = "header 应为 code、label 或 both。"
MSG_NO_COLUMNS = "columns 应为非空数组，每项说明一列。"
MSG_COLUMN = "第 {n} 列应为对象（field、code、label……）。"
MSG_COLUMN_KEY = "第 {n} 列中不认识的键“{key}”，可用的键：field、code、label、date、values、default、constant。"
MSG_FIELD = "第 {n} 列的 field“{field}”不是平台的字段，可用的字段：{known}。"
MSG_FIELD_OR_CONSTANT = "第 {n} 列须有 field（平台字段）或 constant（固定值），二者只能有一个。"
MSG_CODE = "第 {n} 列须有 code（对方系统的字段代码，文本）。"
MSG_CODE_TWICE = "字段代码“{code}”出现了两次（第 {first} 列和第 {n} 列）。"
MSG_DATE = "第 {n} 列的 date“{pattern}”无效：只能用 YYYY、MM、DD 和分隔符，例如 YYYYMMDD 或 YYYY-MM-DD。"
MSG_DATE_FIELD = "第 {n} 列的 date 只能用于日期字段（{fields}）。"
MSG_VALUES = "第 {n} 列的 values 应为对象（本平台的值 → 对方的代码）。"
MSG_TEXT = "第 {n} 列的 {key} 应为文本。"
MSG_FORMAT = "格式应为 json、csv 或 xlsx。"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    field: str = ""
    constant: str | None = None
    date: str = ""
    values: dict = dataclass_field(default_factory=dict)
    default: str | None = None

    def value(self, record: dict):
        if self.constant is not None:
            return self.constant
        raw = record.get(self.field)
        if self.date and isinstance(raw, dt.date):
            return raw.strftime(self.date)
        if self.values:
            text = "" if raw is None else str(raw)
            if text in self.values:
                return self.values[text]
            return self.default if self.default is not None else text
        if raw in (None, ""):
            return self.default or ""
        return raw.isoformat() if isinstance(raw, dt.date) else raw


@dataclass(frozen=True)
class Mapping:
    title: str
    header: str
    columns: tuple[Column, ...]


def _date_format(pattern: str) -> str | None:
    """YYYYMMDD → %Y%m%d; None if the pattern has anything but the three tokens and separators."""
    rest = re.sub("YYYY|MM|DD", "", pattern)
    if not pattern or re.search(r"[A-Za-z%]", rest) or "YYYY" not in pattern:
        return None
    return re.sub("YYYY|MM|DD", lambda m: DATE_TOKENS[m.group(0)], pattern)


def _text(value) -> bool:
    return isinstance(value, str) and not any(ord(ch) < 32 for ch in value)


def parse_mapping(text: str) -> Mapping:
    """A mapping from its YAML/JSON text; raises ValidationError naming every problem (one Chinese message each)."""
    if len(text.encode("utf-8")) > MAX_MAPPING_BYTES:
        raise ValidationError(MSG_READ.format(detail=f"文件过大（不超过 {MAX_MAPPING_BYTES // 1024} KB）"))
    try:
        data = yaml.safe_load(text)  # JSON is YAML too
    except yaml.YAMLError as exc:
        raise ValidationError(MSG_READ.format(detail=str(getattr(exc, "problem", "") or "格式错误"))) from None
    if not isinstance(data, dict):
        raise ValidationError(MSG_SHAPE)
    problems = [MSG_TOP_KEY.format(key=k) for k in data if k not in MAPPING_KEYS]
    header = data.get("header", "both")
    if header not in HEADERS:
        problems.append(MSG_HEADER)
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise ValidationError([*problems, MSG_NO_COLUMNS])
    columns, codes = [], {}
    for n, raw in enumerate(raw_columns, start=1):
        if not isinstance(raw, dict):
            problems.append(MSG_COLUMN.format(n=n))
            continue
        problems += [MSG_COLUMN_KEY.format(n=n, key=k) for k in raw if k not in COLUMN_KEYS]
        name, constant = raw.get("field"), raw.get("constant")
        if (name is None) == (constant is None):
            problems.append(MSG_FIELD_OR_CONSTANT.format(n=n))
        elif name is not None and name not in FIELDS:
            problems.append(MSG_FIELD.format(n=n, field=name, known="、".join(FIELDS)))
        code = raw.get("code")
        if not _text(code) or not code.strip():
            problems.append(MSG_CODE.format(n=n))
        elif code in codes:
            problems.append(MSG_CODE_TWICE.format(code=code, first=codes[code], n=n))
        else:
            codes[code] = n
        for key in ("label", "default", "constant"):
            if raw.get(key) is not None and not _text(str(raw[key]) if isinstance(raw[key], (int, float)) else raw[key]):
                problems.append(MSG_TEXT.format(n=n, key=key))
        date = ""
        if raw.get("date") is not None:
            date = _date_format(raw["date"]) if isinstance(raw["date"], str) else None
            if date is None:
                problems.append(MSG_DATE.format(n=n, pattern=raw["date"]))
            elif name not in DATE_FIELDS:
                problems.append(MSG_DATE_FIELD.format(n=n, fields="、".join(sorted(DATE_FIELDS))))
        values = raw.get("values") or {}
        if not isinstance(values, dict):
            problems.append(MSG_VALUES.format(n=n))
            values = {}
        columns.append(Column(
            code=str(code or ""), label=str(raw.get("label") or code or ""), field=name or "",
            constant=None if constant is None else str(constant), date=date or "",
            values={str(k): str(v) for k, v in values.items()},
            default=None if raw.get("default") is None else str(raw["default"])))
    if problems:
        raise ValidationError(problems)
    return Mapping(title=str(data.get("title") or "职称认定信息上报"), header=header, columns=tuple(columns))


def default_mapping_text() -> str:
    return DEFAULT_MAPPING.read_text(encoding="utf-8")


def recognised_records(batch) -> list[dict]:
    """One dict of our fields (``FIELDS``) per recognised person of the batch, in the results list's order."""
    apps = list(Application.objects.filter(batch=batch, status=Status.RECOGNISED)
                .select_related("applicant", "unit", "batch__district")
                .order_by("unit__name", "applicant__name_pinyin", "id"))
    numbers = dict(Certificate.objects.filter(application__in=apps).values_list("application_id", "number"))
    records = []
    for app in apps:
        id_number = app.applicant.id_number or ""
        try:
            facts = parse_id_number(id_number)
            sex, birth = ("男" if facts.sex == "M" else "女"), facts.birth_date
        except (ValidationError, ValueError):
            sex, birth = "", None
        level = app.recognised_level or app.level
        records.append({
            "real_name": app.applicant.display_name, "sex": sex, "birth_date": birth, "id_number": id_number,
            "unit_name": app.unit.name, "unit_uscc": app.unit.uscc, "series": app.series, "specialty": app.specialty,
            "level": level, "level_label": LEVEL_LABELS.get(level, ""), "recognised_on": app.recognised_on,
            "post": app.post, "recognition_form_number": document_number(app),
            "certificate_number": numbers.get(app.pk, ""), "batch_name": batch.name,
            "district_name": batch.district.name, "issuing_bureau": batch.district.bureau_name,
        })
    return records


def build_report(batch, mapping: Mapping, fmt: str) -> tuple[bytes, int]:
    """(the report in ``fmt`` — json, csv or xlsx —, the number of people in it)."""
    if fmt not in FORMATS:
        raise ValidationError(MSG_FORMAT)
    rows = [[column.value(record) for column in mapping.columns] for record in recognised_records(batch)]
    count = len(rows)
    codes = [c.code for c in mapping.columns]
    labels = [c.label for c in mapping.columns]
    if fmt == "json":
        document = {"title": mapping.title, "batch": batch.name, "district": batch.district.name,
                    "columns": [{"code": c, "label": label} for c, label in zip(codes, labels, strict=True)],
                    "count": len(rows), "records": [dict(zip(codes, row, strict=True)) for row in rows]}
        return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8"), count
    header = labels if mapping.header == "label" else codes
    if mapping.header == "both":
        rows = [labels, *rows]
    if fmt == "csv":
        return to_csv(header, rows), count
    return to_xlsx([(mapping.title[:31], header, rows)]), count


def report_filename(batch, fmt: str) -> str:
    return f"职称认定上报-{batch.district.name}-{batch.name}.{fmt}"


def record_report(*, batch, actor, mapping: Mapping, fmt: str, count: int, via: str) -> None:
    """The report holds full ID numbers: each one made is a security event in the audit trail."""
    audit_record(actor=actor, action="batch.upward_report", obj=batch, district_id=batch.district_id,
                 changes={"format": fmt, "mapping": mapping.title, "people": count, "via": via},
                 is_security_event=True)
