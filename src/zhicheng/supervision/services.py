"""Every way supervision data changes: integrity records, unit/department penalties, revocation.

Appeals are in ``appeals.py``. Each function is one transaction: guards that give a Chinese reason
(raised as ValidationError), a locked row where one changes, an audit row, notifications on commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.scope import Scope
from zhicheng.accounts.validators import normalise_id_number, validate_id_number
from zhicheng.applications import workflow
from zhicheng.applications.models import Application, Status
from zhicheng.audit.services import audit_record
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.services import certificate_revoke
from zhicheng.core.identity import MSG_NAME_INVISIBLE, has_visible_letter, normalise_name
from zhicheng.documents.uploads import validate_and_name
from zhicheng.notifications.services import notify
from zhicheng.policy.parameters import PARAMETER_VERSION, snapshot
from zhicheng.policy.rules import integrity_ban_until as policy_ban_until

from .models import (
    IntegrityRecord,
    PenaltyKind,
    Revocation,
    RevocationRequest,
    RevocationStatus,
    SuspensionScope,
    UnitPenalty,
)
from .sanctions import next_batch_after, one_year_from, penalty_term_text
from .selectors import is_bureau

MSG_NOT_BUREAU = "只有辖区人社局工作人员可以办理。"
MSG_OTHER_DISTRICT = "该对象不属于您所在的辖区。"
MSG_FUTURE_DATE = "决定日期不能晚于今天。"
MSG_NO_FINDING = "请填写查实的失信行为（弄虚作假、提供虚假材料的事实）。"
MSG_NO_FACTS = "请填写认定的事实及依据。"
MSG_NO_TARGET = "请选择被处理的用人单位或主管部门（只选一个）。"
MSG_NOT_NO_SYSTEM = "只有“无考核推荐制度或制度执行不规范”的暂停需要登记整改完成；其他情形按期限自动恢复。"
MSG_ALREADY_CORRECTED = "已于{day}登记整改完成。"
MSG_CORRECTED_BEFORE = "整改完成日期不能早于处理决定日期（{day}）。"
MSG_NOT_RECOGNISED = "只有已认定的申报可以撤销职称（当前状态：{status}）。"
MSG_NO_REASON = "请填写撤销理由。"
MSG_REQUEST_DONE = "该报请已处理（{status}）。"
MSG_NOT_DEPARTMENT = "只有该单位的行业主管部门复核人可以报请撤销。"


def fmt_day(day: dt.date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def _require_bureau(actor, district_id) -> None:
    scope = Scope.for_actor(actor)
    if not scope.is_bureau:
        raise ValidationError(MSG_NOT_BUREAU, code="not_bureau")
    if not scope.is_bureau_of(district_id):
        raise ValidationError(MSG_OTHER_DISTRICT, code="other_district")


def _bureau_staff(district_id):
    return User.objects.filter(role=Role.BUREAU_REVIEWER, district_id=district_id, is_active=True)


# --- Integrity records (六（一）) ---------------------------------------------------------------------------


def ban_until_for(decided_on: dt.date) -> dt.date:
    """Last day of an integrity record decided on ``decided_on`` (policy parameter integrity_ban_years)."""
    return policy_ban_until(decided_on, snapshot(decided_on))


@transaction.atomic
def integrity_record_create(*, actor, finding: str, decided_on: dt.date, person=None, name: str = "",
                            id_number: str = "", application=None, unit=None, evidence=None,
                            district=None) -> IntegrityRecord:
    """Record a finding of false material against a person (the account, or name and id number)."""
    if application is not None:
        person = person or application.applicant
        unit = unit or application.unit
    if person is not None:
        name, id_number = person.real_name or person.username, person.id_number or id_number
    name, id_number = normalise_name(name), normalise_id_number(id_number)
    district_id = (district.pk if district else None) or actor.district_id or (
        unit.district_id if unit else None)
    _require_bureau(actor, district_id)
    if unit is not None and unit.district_id != district_id:
        raise ValidationError(MSG_OTHER_DISTRICT, code="other_district")
    errors = {}
    if not (finding or "").strip():
        errors["finding"] = MSG_NO_FINDING
    if decided_on > timezone.localdate():
        errors["decided_on"] = MSG_FUTURE_DATE
    if not name:
        errors["name"] = "请填写当事人姓名。"
    elif not has_visible_letter(name):
        errors["name"] = str(MSG_NAME_INVISIBLE)
    try:
        validate_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
    if evidence is not None:
        try:
            validate_and_name(evidence, prefix="integrity")
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if errors:
        raise ValidationError(errors)
    record = IntegrityRecord.objects.create(
        person=person, name=name, id_number=id_number, application=application, unit=unit,
        finding=finding.strip(), decided_on=decided_on, ban_until=ban_until_for(decided_on),
        parameter_version=PARAMETER_VERSION, district_id=district_id, recorded_by=actor,
        **({"evidence": evidence} if evidence is not None else {}),
    )
    audit_record(actor=actor, action="integrity_record.create", obj=record, district_id=district_id,
                 comment=record.finding,
                 changes={"id_number": record.id_number, "decided_on": decided_on, "ban_until": record.ban_until})
    if person is not None:
        notify(users=[person], title="您被记入职称评审诚信档案",
               body=f"认定日期{fmt_day(decided_on)}，记录期至{fmt_day(record.ban_until)}。记录期内不得参加职称考核认定。"
                    f"如有异议，可提出申诉。", link=reverse("supervision:my_records"))
    return record


# --- Unit and department penalties (六（二）1–2) --------------------------------------------------------------


def _suspension_terms(kind: str, decided_on: dt.date, *, is_repeat: bool, district_id) -> dict:
    if kind == PenaltyKind.LAX_REVIEW and not is_repeat:
        return {"scope": SuspensionScope.NEXT_BATCH, "suspended_from": decided_on, "suspended_until": None,
                "suspended_batch": next_batch_after(district_id, decided_on)}
    if kind in (PenaltyKind.LAX_REVIEW, PenaltyKind.FALSE_MATERIAL):
        return {"scope": SuspensionScope.PERIOD, "suspended_from": decided_on,
                "suspended_until": one_year_from(decided_on), "suspended_batch": None}
    return {"scope": SuspensionScope.UNTIL_CORRECTED, "suspended_from": decided_on, "suspended_until": None,
            "suspended_batch": None}


@transaction.atomic
def penalty_record(*, actor, kind: str, facts: str, decided_on: dt.date, unit=None,
                   department=None) -> UnitPenalty:
    """Record a failure of a unit's review duty (or a department's re-check) and the suspension it brings.

    Lax review: first time 通报 + the next batch; again (any earlier lax review) one year. False material:
    通报 + one year. No system / irregular execution: until the bureau records the correction.
    """
    if (unit is None) == (department is None):
        raise ValidationError(MSG_NO_TARGET, code="target")
    district_id = unit.district_id if unit is not None else department.district_id
    _require_bureau(actor, district_id)
    errors = {}
    if kind not in PenaltyKind.values:
        errors["kind"] = "请选择情形。"
    if not (facts or "").strip():
        errors["facts"] = MSG_NO_FACTS
    if decided_on > timezone.localdate():
        errors["decided_on"] = MSG_FUTURE_DATE
    if errors:
        raise ValidationError(errors)
    target = {"unit": unit} if unit is not None else {"department": department, "unit__isnull": True}
    # Lock the target's earlier records so two simultaneous records cannot both count as "first time".
    earlier = list(UnitPenalty.objects.select_for_update().filter(**target).values_list("kind", "decided_on"))
    is_repeat = kind == PenaltyKind.LAX_REVIEW and any(
        k == PenaltyKind.LAX_REVIEW and d <= decided_on for k, d in earlier)
    terms = _suspension_terms(kind, decided_on, is_repeat=is_repeat, district_id=district_id)
    penalty = UnitPenalty.objects.create(
        unit=unit, department=department, kind=kind, facts=facts.strip(), decided_on=decided_on,
        circulated=kind != PenaltyKind.NO_SYSTEM, is_repeat=is_repeat, district_id=district_id,
        recorded_by=actor, **terms,
    )
    term = penalty_term_text(penalty)
    audit_record(actor=actor, action="unit_penalty.record", obj=penalty, district_id=district_id,
                 comment=penalty.facts, to_state=penalty.scope,
                 changes={"kind": kind, "repeat": is_repeat, "term": term,
                          "target": str(unit or department)})
    _announce(penalty, term)
    return penalty


def _announce(penalty: UnitPenalty, term: str) -> None:
    """通报: all unit officers of the district, the department's reviewers; the target always hears."""
    target = penalty.unit or penalty.department
    link = reverse("core:landing")
    if penalty.unit_id:
        own = User.objects.filter(role=Role.UNIT_OFFICER, unit_id=penalty.unit_id, is_active=True)
        dept_id = penalty.unit.department_id
    else:
        own = User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department_id=penalty.department_id,
                                  is_active=True)
        dept_id = penalty.department_id
    body = f"{penalty.get_kind_display()}。{term}。事实：{penalty.facts}"
    notify(users=list(own), title=f"职称考核认定处理决定：{target}", body=body, link=link)
    if not penalty.circulated:
        return
    others = User.objects.filter(role=Role.UNIT_OFFICER, unit__district_id=penalty.district_id,
                                 is_active=True).exclude(pk__in=own.values("pk"))
    if dept_id:
        others = others | User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department_id=dept_id,
                                              is_active=True).exclude(pk__in=own.values("pk"))
    notify(users=list(others.distinct()), title=f"全区通报：{target}{penalty.get_kind_display()}", body=body,
           link=link)


@transaction.atomic
def penalty_mark_corrected(*, penalty, actor, corrected_on: dt.date) -> UnitPenalty:
    """The bureau records that a unit without (or not following) a recommendation system has corrected it."""
    penalty = UnitPenalty.objects.select_for_update(of=("self",)).select_related("unit", "department").get(pk=penalty.pk)
    _require_bureau(actor, penalty.district_id)
    if penalty.scope != SuspensionScope.UNTIL_CORRECTED:
        raise ValidationError(MSG_NOT_NO_SYSTEM, code="not_no_system")
    if penalty.corrected_on:
        raise ValidationError(MSG_ALREADY_CORRECTED.format(day=fmt_day(penalty.corrected_on)), code="done")
    if corrected_on < penalty.decided_on:
        raise ValidationError({"corrected_on": MSG_CORRECTED_BEFORE.format(day=fmt_day(penalty.decided_on))})
    if corrected_on > timezone.localdate():
        raise ValidationError({"corrected_on": "整改完成日期不能晚于今天。"})
    penalty.corrected_on = corrected_on
    penalty.save(update_fields=["corrected_on"])
    audit_record(actor=actor, action="unit_penalty.corrected", obj=penalty, district_id=penalty.district_id,
                 from_state="suspended", to_state="corrected", changes={"corrected_on": corrected_on})
    if penalty.unit_id:
        users = User.objects.filter(role=Role.UNIT_OFFICER, unit_id=penalty.unit_id, is_active=True)
    else:
        users = User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department_id=penalty.department_id)
    notify(users=list(users), title="整改完成，已恢复职称考核认定工作",
           body=f"人社局已登记{fmt_day(corrected_on)}整改完成。", link=reverse("core:landing"))
    return penalty


# --- Revocation (六（二）3) ---------------------------------------------------------------------------------


def _certificate_revoke(application, actor, reason: str) -> bool:
    """Revoke the application's certificate (if it has one) in the same transaction."""
    revoked = False
    for certificate in Certificate.objects.filter(application=application).exclude(status=CertificateStatus.REVOKED):
        certificate_revoke(certificate=certificate, actor=actor, reason=reason)
        revoked = True
    return revoked


def revoke_blocker(application, actor) -> str | None:
    """Why this user cannot revoke this application's title now, or None."""
    scope = Scope.for_actor(actor)
    if not scope.is_bureau:
        return MSG_NOT_BUREAU
    if not scope.is_bureau_of(application.batch.district_id):
        return MSG_OTHER_DISTRICT
    if application.status != Status.RECOGNISED:
        return MSG_NOT_RECOGNISED.format(status=application.get_status_display())
    return None


@transaction.atomic
def application_revoke(*, application, actor, reason: str, open_integrity_record: bool, request=None,
                       finding: str = "", evidence=None) -> Revocation:
    """Revoke a recognised title (bureau only): status → revoked, certificate revoked, person and unit told,
    and optionally an integrity record opened in the same transaction."""
    application = Application.objects.select_for_update(of=("self",)).select_related(
        "batch", "unit", "applicant").get(pk=application.pk)
    blocker = revoke_blocker(application, actor)
    if blocker:
        raise ValidationError(blocker, code="blocked")
    if not (reason or "").strip():
        raise ValidationError({"reason": MSG_NO_REASON})
    if request is not None:
        request = RevocationRequest.objects.select_for_update().get(pk=request.pk, application=application)
        if request.status != RevocationStatus.PENDING:
            raise ValidationError(MSG_REQUEST_DONE.format(status=request.get_status_display()))
    district_id = application.batch.district_id
    record = None
    if open_integrity_record:
        record = integrity_record_create(actor=actor, finding=(finding or reason).strip(),
                                         decided_on=timezone.localdate(), application=application,
                                         evidence=evidence, district=application.batch.district)
    workflow.check("revoke", application, actor)
    revocation = Revocation.objects.create(application=application, district_id=district_id, reason=reason.strip(),
                                           request=request, integrity_record=record, revoked_by=actor)
    if request is not None:
        request.status = RevocationStatus.REVOKED
        request.decision_reason = reason.strip()
        request.decided_by, request.decided_at = actor, timezone.now()
        request.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    certificate_revoked = _certificate_revoke(application, actor, reason.strip())
    workflow.move("revoke", application, actor, timezone.now(), comment=reason.strip(), fields=[],
                  changes={"certificate_revoked": certificate_revoked,
                           "integrity_record": record.pk if record else None})
    title = f"职称已撤销：{application.applicant.display_name}（{application.series}·{application.get_level_display()}）"
    body = f"{application.batch.district.bureau_name}撤销了该职称认定，电子证书同时作废。理由：{reason.strip()}"
    notify(users=[application.applicant], title="您的职称认定已被撤销", body=body,
           link=reverse("supervision:my_records"))
    officers = User.objects.filter(role=Role.UNIT_OFFICER, unit_id=application.unit_id, is_active=True)
    notify(users=list(officers), title=title, body=body)
    return revocation


@transaction.atomic
def revocation_request_create(*, application, actor, reasons: str, false_material: bool = False,
                              appeal=None) -> RevocationRequest:
    """A department's re-examination found a recognised person ineligible: report to the bureau for revocation."""
    unit = application.unit
    allowed = (actor.role == Role.DEPARTMENT_REVIEWER and unit.department_id
               and actor.department_id == unit.department_id) or (
        is_bureau(actor) and actor.district_id in (None, unit.district_id))
    if not allowed:
        raise ValidationError(MSG_NOT_DEPARTMENT, code="not_department")
    if application.status != Status.RECOGNISED:
        raise ValidationError(MSG_NOT_RECOGNISED.format(status=application.get_status_display()))
    if not (reasons or "").strip():
        raise ValidationError({"reasons": "请填写复查发现的问题。"})
    if RevocationRequest.objects.filter(application=application, status=RevocationStatus.PENDING).exists():
        raise ValidationError("该申报已报请撤销，等待人社局处理。", code="duplicate")
    request = RevocationRequest.objects.create(
        application=application, appeal=appeal, district_id=application.batch.district_id, reasons=reasons.strip(),
        false_material=false_material, requested_by=actor)
    audit_record(actor=actor, action="revocation_request.create", obj=request,
                 district_id=request.district_id, to_state=RevocationStatus.PENDING, comment=request.reasons)
    notify(users=list(_bureau_staff(request.district_id)), title=f"报请撤销职称：{application.applicant.display_name}",
           body=request.reasons, link=reverse("supervision:revocations"))
    return request


@transaction.atomic
def revocation_request_decline(*, request, actor, reason: str) -> RevocationRequest:
    request = RevocationRequest.objects.select_for_update().get(pk=request.pk)
    _require_bureau(actor, request.district_id)
    if request.status != RevocationStatus.PENDING:
        raise ValidationError(MSG_REQUEST_DONE.format(status=request.get_status_display()))
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写不予撤销的理由。"})
    request.status = RevocationStatus.DECLINED
    request.decision_reason = reason.strip()
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_record(actor=actor, action="revocation_request.decline", obj=request, district_id=request.district_id,
                 from_state=RevocationStatus.PENDING, to_state=RevocationStatus.DECLINED, comment=request.decision_reason,
                 now=request.decided_at)
    notify(users=[request.requested_by], title="报请撤销职称的处理结果：不予撤销", body=request.decision_reason)
    return request
