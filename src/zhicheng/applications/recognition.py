"""The 考核认定表 (recognition form): its document number, verification link and the data it shows."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.timezone import localtime

from zhicheng.documents.formats import cn_date
from zhicheng.recommendations.models import LEVEL_LABELS

from .models import Decision, Status
from .recognition_pdf import content_key, draw_recognition_form, form_content

TOKEN_SALT = "zhicheng.documents.recognition_form"  # unchanged since the form moved here: printed QR codes stay valid
NUMBER_RE = re.compile(r"^(?P<district>\d{6})-(?P<year>\d{4})-(?P<seq>\d{1,2})-(?P<pk>\d{6,})$")

MSG_NOT_RECOGNISED = "该申报尚未通过人社局认定（当前状态：{state}），认定通过后方可导出考核认定表。"


def document_number(application) -> str:
    """District code, batch year, batch sequence, application id: 530103-2024-3-000123."""
    batch = application.batch
    return f"{batch.district.code}-{batch.year}-{batch.sequence}-{application.pk:06d}"


def application_pk_from_number(number: str) -> int | None:
    match = NUMBER_RE.match(number or "")
    return int(match["pk"]) if match else None


def verification_token(number: str) -> str:
    return salted_hmac(TOKEN_SALT, number, algorithm="sha256").hexdigest()[:16]


def token_matches(number: str, token: str) -> bool:
    return constant_time_compare(verification_token(number), token or "")


def verification_url(application) -> str:
    number = document_number(application)
    path = reverse("documents:verify_form", args=[number, verification_token(number)])
    return settings.SITE_URL.rstrip("/") + path


def unavailable_reason(application) -> str:
    if application.status != Status.RECOGNISED:
        return MSG_NOT_RECOGNISED.format(state=Status(application.status).label)
    return ""


# --- sections ----------------------------------------------------------------------------------------------



def _value(item: dict, keys) -> str:
    for key in keys:
        value = item.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, bool):
            return "是" if value else "否"
        if key in ("date", "obtained_on", "graduated_on", "issued_on"):
            return cn_date(value)
        return LEVEL_LABELS.get(value, str(value))
    return ""


def _period(item: dict) -> str:
    start = _value(item, ("from", "start", "start_month"))
    end = _value(item, ("to", "end", "end_month"))
    start, end = cn_date(start) if start else "", cn_date(end) if end else ""
    return f"{start} 至 {end or '今'}" if start else ""


def _full_time(item: dict) -> str:
    value = item.get("full_time")
    if value is None:
        return item.get("study_mode", "")
    return "全日制" if value else "非全日制"


SECTION_COLUMNS = {
    "skills": [("等级/资格", ("level", "grade")), ("名称", ("name", "title", "occupation")),
               ("取得日期", ("date", "obtained_on")), ("证书编号", ("number", "certificate_number", "cert_no"))],
    "education": [("学历/学位", ("level", "degree")), ("毕业学校", ("school", "institution")),
                  ("所学专业", ("major", "specialty")), ("毕业日期", ("date", "graduated_on")),
                  ("学习形式", _full_time), ("证书编号", ("certificate_number", "number"))],
    "work_history": [("起止时间", _period), ("工作单位", ("unit", "employer", "organisation", "company")),
                     ("岗位/职务", ("post", "position", "job"))],
    "insurance": [("起止年月", _period), ("参保城市", ("city",)), ("缴费单位", ("unit", "employer", "unit_name"))],
    "titles": [("职称系列", ("series",)), ("级别", ("level",)), ("取得日期", ("date", "obtained_on")),
               ("证书编号", ("number", "certificate_number"))],
}


def section_table(items, name: str) -> dict:
    columns = SECTION_COLUMNS[name]
    rows = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        rows.append([col(item) if callable(col) else _value(item, col) for _label, col in columns])
    return {"headers": [label for label, _col in columns], "rows": rows}


def _latest(reviews, stage):
    chosen = [r for r in reviews if r.stage == stage and r.decision in (Decision.APPROVE, Decision.SKIP)]
    return chosen[-1] if chosen else None


def recognition_context(application) -> dict:
    applicant = application.applicant
    unit = application.unit
    reviews = list(application.reviews.all().order_by("created_at", "id"))
    unit_review = _latest(reviews, Status.UNIT_REVIEW)
    department_review = _latest(reviews, Status.DEPARTMENT_RECHECK)
    bureau_review = _latest(reviews, Status.BUREAU_RECOGNITION)
    no_department = not unit.department_id or (department_review and department_review.decision == Decision.SKIP)
    number = document_number(application)
    url = verification_url(application)
    return {
        "application": application,
        "applicant": applicant,
        "unit": unit,
        "district": application.batch.district,
        "number": number,
        "verify_url": url,
        "birth_date": cn_date(applicant.birth_date),
        "sex": applicant.sex_display,
        "level_label": LEVEL_LABELS.get(application.recognised_level or application.level, ""),
        "employment_start": cn_date(application.employment_start),
        "skills": section_table(application.skills, "skills"),
        "education": section_table(application.education, "education"),
        "work_history": section_table(application.work_history, "work_history"),
        "insurance": section_table(application.insurance, "insurance"),
        "titles": section_table(application.titles, "titles"),
        "unit_review": unit_review,
        "unit_review_date": cn_date(localtime(unit_review.created_at) if unit_review else None),
        "no_department": no_department,
        "department_name": unit.department.name if unit.department_id else "",
        "department_review": None if no_department else department_review,
        "department_review_date": cn_date(localtime(department_review.created_at))
        if department_review and not no_department else "",
        "bureau_review": bureau_review,
        "recognised_on": cn_date(application.recognised_on),
        "submitted_on": cn_date(localtime(application.submitted_at) if application.submitted_at else None),
    }


def render_recognition_form(application) -> bytes:
    """The form as PDF, drawn with reportlab (see recognition_pdf for why not WeasyPrint).

    A recognised application's form does not change; repeated downloads within 24 h come from the cache. The key
    is the SHA-256 of everything the form prints, so any change of the data gives a new rendering."""
    content = form_content(recognition_context(application))
    key = "documents:recognition_form:" + content_key(content)
    data = cache.get(key)
    if data is None:
        data = draw_recognition_form(content)
        cache.set(key, data, 24 * 3600)
    return data
