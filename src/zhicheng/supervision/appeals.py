"""Appeals (申诉, 六（二）3): every way an appeal changes.

filed → under_department_review → decided → (appellant not satisfied) escalated_to_bureau → bureau_decided.
The handling body is the unit's competent department, or the district bureau when the unit has none (then the
bureau's own decision is final: there is no further level inside the district).
A 实名举报 (``about=REPORT``, filed through ``reports.report_file``) follows the same path from ``filed`` on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit.services import audit_record
from zhicheng.documents.uploads import validate_and_name
from zhicheng.notifications.services import notify

from .models import Appeal, AppealAbout, AppealOutcome, AppealStatus
from .selectors import is_bureau
from .services import revocation_request_create

MSG_NOT_ENDED = "{batch}的考核认定尚未结束（人社局审核截止{deadline}），结束后或申报已作出认定结论后方可申诉。"
MSG_NOT_OWN = "只能就本人的申报提出申诉。"
MSG_TEXT_SHORT = "请写明异议的事实和理由（不少于 20 字）。"
MSG_NOT_HANDLER = "该申诉不由您所在的单位复查。"
MSG_WRONG_STATE = "该申诉当前状态为“{status}”，不能进行此操作。"
MSG_NOT_APPELLANT = "只有申诉人本人可以向人社局申诉。"
MSG_BUREAU_FINAL = "该申诉已由人社局直接复查，结论为最终结论。"
MSG_NO_REASONS = "请写明结论的事实和理由。"
MSG_REVOKE_NOT_RECOGNISED = "只有已认定的申报才能报请撤销职称。"
MIN_TEXT = 20

DECIDED_STATES = ("recognised", "rejected", "revoked", "closed")


def file_blocker(*, appellant, application=None, batch=None) -> str | None:
    """Why this person cannot appeal now (Chinese), or None."""
    if appellant.role != Role.APPLICANT:
        return "请使用专业技术人员本人账号提出申诉。"
    if application is not None:
        if application.applicant_id != appellant.pk:
            return MSG_NOT_OWN
        batch = application.batch
        if application.status in DECIDED_STATES:
            return None
    if batch is None:
        return "请选择申诉所涉及的申报。"
    if timezone.now() <= batch.review_deadline:
        deadline = timezone.localtime(batch.review_deadline)
        return MSG_NOT_ENDED.format(batch=batch.name, deadline=f"{deadline:%Y年%-m月%-d日 %H:%M}")
    return None


def handlers_of(appeal: Appeal):
    """The people who act on this appeal (or report) at its current level."""
    if appeal.department_id and appeal.status in (AppealStatus.FILED, AppealStatus.UNDER_DEPARTMENT_REVIEW):
        return User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department_id=appeal.department_id, is_active=True)
    return User.objects.filter(role=Role.BUREAU_REVIEWER, district_id=appeal.district_id, is_active=True)


@transaction.atomic
def appeal_file(*, appellant, about: str, text: str, application=None, unit=None, batch=None,
                material=None) -> Appeal:
    """File an appeal about an assessment, recommendation or recognition, after recognition has ended."""
    blocker = file_blocker(appellant=appellant, application=application, batch=batch)
    if blocker:
        raise ValidationError(blocker, code="blocked")
    if application is not None:
        unit, batch = application.unit, application.batch
    errors = {}
    if about not in AppealAbout.values or about == AppealAbout.REPORT:
        errors["about"] = "请选择申诉事项。"
    if len((text or "").strip()) < MIN_TEXT:
        errors["text"] = MSG_TEXT_SHORT
    if unit is None:
        errors["application"] = "请选择申诉所涉及的申报。"
    if material is not None:
        try:
            validate_and_name(material, prefix="appeal")
        except ValidationError as exc:
            errors["material"] = exc.messages
    if errors:
        raise ValidationError(errors)
    appeal = Appeal.objects.create(
        appellant=appellant, application=application, unit=unit, batch=batch, department_id=unit.department_id,
        district_id=unit.district_id, about=about, text=text.strip(),
        **({"material": material} if material is not None else {}),
    )
    audit_record(actor=appellant, action="appeal.file", obj=appeal, district_id=appeal.district_id,
                 to_state=AppealStatus.FILED, comment=appeal.text)
    notify(users=list(handlers_of(appeal)), title=f"收到申诉：{appellant.display_name}（{appeal.get_about_display()}）",
           body=appeal.text[:200], link=reverse("supervision:appeal_detail", args=[appeal.pk]))
    return appeal


def handler_blocker(appeal: Appeal, actor) -> str | None:
    """Why this user cannot act for the first-level handling body, or None."""
    if appeal.department_id:
        if actor.role == Role.DEPARTMENT_REVIEWER and actor.department_id == appeal.department_id:
            return None
        return MSG_NOT_HANDLER
    if is_bureau(actor) and actor.district_id in (None, appeal.district_id):
        return None
    return MSG_NOT_HANDLER


def _lock(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update(of=("self",)).select_related("application", "unit", "district").get(pk=appeal.pk)


def _require_state(appeal: Appeal, *states) -> None:
    if appeal.status not in states:
        raise ValidationError(MSG_WRONG_STATE.format(status=appeal.get_status_display()), code="state")


@transaction.atomic
def appeal_start_review(*, appeal, actor) -> Appeal:
    """The handling body accepts the appeal and starts its re-examination (复查)."""
    appeal = _lock(appeal)
    blocker = handler_blocker(appeal, actor)
    if blocker:
        raise ValidationError(blocker, code="not_handler")
    _require_state(appeal, AppealStatus.FILED)
    appeal.status = AppealStatus.UNDER_DEPARTMENT_REVIEW
    appeal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="appeal.start_review", obj=appeal, district_id=appeal.district_id,
                 from_state=AppealStatus.FILED, to_state=appeal.status)
    notify(users=[appeal.appellant], title=f"您的{appeal.kind_label}已受理，正在复查", body=f"复查单位：{appeal.handling_body}",
           link=reverse("supervision:appeal_detail", args=[appeal.pk]))
    return appeal


def _check_outcome(appeal: Appeal, outcome: str, reasons: str) -> None:
    errors = {}
    if outcome not in AppealOutcome.values:
        errors["outcome"] = "请选择复查结论。"
    elif outcome == AppealOutcome.REVOCATION and (
            appeal.application is None or appeal.application.status != "recognised"):
        errors["outcome"] = MSG_REVOKE_NOT_RECOGNISED
    if len((reasons or "").strip()) < 10:
        errors["reasons"] = MSG_NO_REASONS
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appeal_decide(*, appeal, actor, outcome: str, reasons: str, false_material: bool = False) -> Appeal:
    """The first-level outcome with reasons. A finding that the person is ineligible reports to the bureau."""
    appeal = _lock(appeal)
    blocker = handler_blocker(appeal, actor)
    if blocker:
        raise ValidationError(blocker, code="not_handler")
    _require_state(appeal, AppealStatus.FILED, AppealStatus.UNDER_DEPARTMENT_REVIEW)
    _check_outcome(appeal, outcome, reasons)
    before = appeal.status
    appeal.status = AppealStatus.DECIDED
    appeal.outcome, appeal.reasons = outcome, reasons.strip()
    appeal.decided_by, appeal.decided_at = actor, timezone.now()
    appeal.save(update_fields=["status", "outcome", "reasons", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=actor, action="appeal.decide", obj=appeal, district_id=appeal.district_id,
                 from_state=before, to_state=appeal.status, comment=appeal.reasons, changes={"outcome": outcome},
                 now=appeal.decided_at)
    if outcome == AppealOutcome.REVOCATION:
        revocation_request_create(application=appeal.application, actor=actor, reasons=appeal.reasons,
                                  false_material=false_material, appeal=appeal)
    further = f"如对复查结论不服，可向区人社局{'反映' if appeal.is_report else '申诉'}。" if appeal.department_id else ""
    notify(users=[appeal.appellant], title=f"{appeal.kind_label}复查结论：{appeal.outcome_label}",
           body=f"{appeal.reasons}{further}", link=reverse("supervision:appeal_detail", args=[appeal.pk]))
    return appeal


def escalate_blocker(appeal: Appeal, actor) -> str | None:
    if actor.pk != appeal.appellant_id:
        return MSG_NOT_APPELLANT
    if appeal.status != AppealStatus.DECIDED:
        return MSG_WRONG_STATE.format(status=appeal.get_status_display())
    if appeal.department_id is None:
        return MSG_BUREAU_FINAL
    return None


@transaction.atomic
def appeal_escalate(*, appeal, actor, text: str) -> Appeal:
    """The appellant, not satisfied with the department's outcome, appeals to the district bureau."""
    appeal = _lock(appeal)
    blocker = escalate_blocker(appeal, actor)
    if blocker:
        raise ValidationError(blocker, code="blocked")
    if len((text or "").strip()) < MIN_TEXT:
        raise ValidationError({"text": MSG_TEXT_SHORT})
    appeal.status = AppealStatus.ESCALATED
    appeal.escalation_text, appeal.escalated_at = text.strip(), timezone.now()
    appeal.save(update_fields=["status", "escalation_text", "escalated_at", "updated_at"])
    audit_record(actor=actor, action="appeal.escalate", obj=appeal, district_id=appeal.district_id,
                 from_state=AppealStatus.DECIDED, to_state=appeal.status, comment=appeal.escalation_text,
                 now=appeal.escalated_at)
    notify(users=list(handlers_of(appeal)), title=f"不服复查结论的{appeal.kind_label}：{actor.display_name}",
           body=appeal.escalation_text[:200], link=reverse("supervision:appeal_detail", args=[appeal.pk]))
    return appeal


@transaction.atomic
def appeal_bureau_decide(*, appeal, actor, outcome: str, reasons: str, false_material: bool = False) -> Appeal:
    """The bureau's outcome on an appeal against a department's re-examination."""
    appeal = _lock(appeal)
    if not (is_bureau(actor) and actor.district_id in (None, appeal.district_id)):
        raise ValidationError(MSG_NOT_HANDLER, code="not_handler")
    _require_state(appeal, AppealStatus.ESCALATED)
    _check_outcome(appeal, outcome, reasons)
    appeal.status = AppealStatus.BUREAU_DECIDED
    appeal.bureau_outcome, appeal.bureau_reasons = outcome, reasons.strip()
    appeal.bureau_decided_by, appeal.bureau_decided_at = actor, timezone.now()
    appeal.save(update_fields=["status", "bureau_outcome", "bureau_reasons", "bureau_decided_by",
                               "bureau_decided_at", "updated_at"])
    audit_record(actor=actor, action="appeal.bureau_decide", obj=appeal, district_id=appeal.district_id,
                 from_state=AppealStatus.ESCALATED, to_state=appeal.status, comment=appeal.bureau_reasons,
                 changes={"outcome": outcome}, now=appeal.bureau_decided_at)
    if outcome == AppealOutcome.REVOCATION:
        revocation_request_create(application=appeal.application, actor=actor, reasons=appeal.bureau_reasons,
                                  false_material=false_material, appeal=appeal)
    notify(users=[appeal.appellant], title=f"人社局{appeal.kind_label}结论：{appeal.bureau_outcome_label}",
           body=appeal.bureau_reasons, link=reverse("supervision:appeal_detail", args=[appeal.pk]))
    if appeal.department_id:
        notify(users=list(User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department_id=appeal.department_id)),
               title="人社局对申诉作出结论", body=appeal.bureau_reasons,
               link=reverse("supervision:appeal_detail", args=[appeal.pk]))
    return appeal
