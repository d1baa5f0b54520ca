"""实名举报: a signed-in person reports that a recognised (certified) person is ineligible or used false material.

The notice has the competent department re-check "根据申诉、举报问题" (六（二）3) and the district bureau accept
complaints and reports about recognition (六（三）). A report is stored as an ``Appeal`` with
``about=AppealAbout.REPORT``, filed by the reporter about someone else's recognised application, and from then on
is handled exactly like an appeal (``appeals.appeal_start_review`` / ``appeal_decide``, a finding of ineligibility
reported to the bureau for revocation; the reporter may take the department's outcome to the bureau).

The reporter names the person by certificate number and holder name, the same lookup as public verification
(``certificates.selectors.certificate_by_number_and_name``), and a mismatch gets the same answer. Only people with
an e-certificate can be reported here. The reported person never sees the report: appeals are visible to their
appellant and to the handling bodies only, and the lookup is not written to the certificate's verification log.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Status
from zhicheng.audit.services import audit_record
from zhicheng.certificates.selectors import MSG_NOT_FOUND, certificate_by_number_and_name
from zhicheng.documents.uploads import validate_and_name
from zhicheng.notifications.services import notify

from .appeals import MIN_TEXT, handlers_of
from .models import Appeal, AppealAbout, AppealStatus
from .selectors import is_bureau

MSG_REPORT_TEXT_SHORT = "请写明举报的事实（不少于 20 字），例如哪项申报材料不实、不符合哪项申报条件。"
MSG_REPORT_SELF = "不能举报本人。对本人的考核认定有异议的，请在“诚信与申诉”中提出申诉。"
MSG_REPORT_REVOKED = "该证书已被撤销，无需举报。"
MSG_REPORT_OWN_DEPARTMENT = "该人员由您所在的主管部门复查，无需举报：可在申诉复查或撤销职称报请中直接处理。"
MSG_REPORT_OWN_BUREAU = "该人员由您所在的区人社局直接复查，无需举报：可在监督管理中直接处理。"
MSG_REPORT_OPEN = "您对该人员的举报正在复查中（{status}），请在“我的举报”中查看进展，不必重复举报。"
MSG_NOT_ACTIVE = "您的账号当前不能办理业务，无法举报。"
MSG_NO_CERTIFICATE_SUPPORT = ("只能举报已取得电子职称证书的人员（凭证书编号和姓名核对）。尚未发证的申报暂不支持在线举报，"
                              "请向其用人单位、行业主管部门或区人社局反映。")

OPEN_STATES = (AppealStatus.FILED, AppealStatus.UNDER_DEPARTMENT_REVIEW, AppealStatus.ESCALATED)


def is_not_found(exc: ValidationError) -> bool:
    """Whether a refusal from ``report_file`` was the failed certificate lookup (for the caller's rate limit)."""
    errors = exc.error_dict.get(NON_FIELD_ERRORS, []) if hasattr(exc, "error_dict") else exc.error_list
    return any(error.code == "not_found" for error in errors)


def _who_blocker(reporter, application) -> str | None:
    """Why this person may not report this recognised application (beyond the lookup), or None."""
    if application.applicant_id == reporter.pk:
        return MSG_REPORT_SELF
    unit = application.unit
    if unit.department_id:
        if reporter.role == Role.DEPARTMENT_REVIEWER and reporter.department_id == unit.department_id:
            return MSG_REPORT_OWN_DEPARTMENT
    elif is_bureau(reporter) and reporter.district_id in (None, unit.district_id):
        return MSG_REPORT_OWN_BUREAU
    open_report = Appeal.objects.filter(appellant=reporter, application=application, about=AppealAbout.REPORT,
                                        status__in=OPEN_STATES).first()
    if open_report is not None:
        return MSG_REPORT_OPEN.format(status=open_report.get_status_display())
    return None


@transaction.atomic
def report_file(*, reporter, number: str, name: str, text: str, material=None) -> Appeal:
    """File a report about the holder of certificate ``number`` named ``name``; routed like an appeal, to the
    competent department of the person's unit for re-check, or to the district bureau when the unit has none.

    Every problem is reported at once; a lookup that matches nothing says only ``MSG_NOT_FOUND`` about the person
    (code ``not_found``), and nothing is stored."""
    if not (getattr(reporter, "is_authenticated", False) and reporter.can_act):
        raise ValidationError(MSG_NOT_ACTIVE, code="blocked")
    errors: dict[str, list] = {}
    certificate = certificate_by_number_and_name(number, name)
    application = None
    if certificate is None:
        errors[NON_FIELD_ERRORS] = [ValidationError(MSG_NOT_FOUND, code="not_found")]
    elif not certificate.is_valid or certificate.application.status != Status.RECOGNISED:
        errors[NON_FIELD_ERRORS] = [ValidationError(MSG_REPORT_REVOKED, code="revoked")]
    else:
        application = certificate.application
        blocker = _who_blocker(reporter, application)
        if blocker:
            errors[NON_FIELD_ERRORS] = [ValidationError(blocker, code="blocked")]
    if len((text or "").strip()) < MIN_TEXT:
        errors["text"] = [ValidationError(MSG_REPORT_TEXT_SHORT, code="short")]
    if material is not None:
        try:
            validate_and_name(material, prefix="report")
        except ValidationError as exc:
            errors["material"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    unit = application.unit
    report = Appeal.objects.create(
        appellant=reporter, application=application, unit=unit, batch=application.batch,
        department_id=unit.department_id, district_id=unit.district_id, about=AppealAbout.REPORT, text=text.strip(),
        **({"material": material} if material is not None else {}),
    )
    audit_record(actor=reporter, action="appeal.report", obj=report, district_id=report.district_id,
                 to_state=AppealStatus.FILED, comment=report.text,
                 changes={"certificate": certificate.number, "application": application.pk})
    notify(users=list(handlers_of(report)),
           title=f"收到实名举报：被举报人{certificate.holder_name}（{unit.name}）",
           body=report.text[:200], link=reverse("supervision:appeal_detail", args=[report.pk]))
    return report
