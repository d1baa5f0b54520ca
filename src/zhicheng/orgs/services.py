"""Every way a unit's details change after registration: its officer proposes (单位信息变更申请), the district
bureau approves (possibly correcting the values first) or rejects.

Each function is one transaction: the unit row is locked first, then the request (always in that order, so a
proposal and a decision cannot deadlock), guards give a Chinese reason (raised as ValidationError, field errors
by field name), an audit row is written and the people concerned are told (e-mail copies after commit).

Whether a change may wait on the cases in review is not this app's to know: orgs sits below every domain app
(tests/test_layering.py, ``accounts/scope.py``). The apps whose cases were checked against a unit's kind,
affiliation, department or flags register a guard with :func:`register_review_guard` from their
``AppConfig.ready`` (applications: "this unit has applications in review"), as they register audit labels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.scope import Scope
from zhicheng.audit.services import audit_record
from zhicheng.core.identity import has_visible_letter, normalise_name
from zhicheng.notifications.services import notify

from .models import (
    UNIT_CHANGE_FIELDS,
    UNIT_REVIEW_SENSITIVE_FIELDS,
    Affiliation,
    Department,
    Unit,
    UnitChangeRequest,
    UnitChangeStatus,
    UnitKind,
    unit_values,
)
from .selectors import describe
from .validators import normalise_uscc, validate_uscc

MSG_NOT_OFFICER = _("只有本单位的经办人可以申请变更单位信息。")
MSG_PENDING_EXISTS = _("本单位已有一份待审核的变更申请（{day}提出），请等待辖区人社局审核后再提出新的申请。")
MSG_NOTHING_CHANGED = _("填写的信息与单位现有信息相同：请修改需要变更的项目后再提交。")
MSG_APPROVE_NOTHING = _("审核后的信息与单位现有信息相同，无需变更；如不同意变更，请选择“不予变更”并填写理由。")
MSG_NO_REASON = _("请填写变更理由，例如：单位更名，已换发营业执照。")
MSG_NAME_EMPTY = _("请填写单位名称。")
MSG_NAME_INVISIBLE = _("单位名称须包含至少一个汉字或字母，不能只有空格、符号或不可见字符，请按营业执照或登记证书填写。")
MSG_PERSON_INVISIBLE = _("法定代表人姓名须包含至少一个汉字或字母，不能只有空格、符号或不可见字符。")
MSG_USCC_TAKEN_JUST_NOW = _("该统一社会信用代码刚刚登记给了另一家单位，请核对营业执照或登记证书后重新审核。")
MSG_USCC_TAKEN = _("该统一社会信用代码已登记为另一家单位（{name}），请核对营业执照或登记证书。")
MSG_KIND = _("请选择单位性质。")
MSG_AFFILIATION = _("请选择隶属关系。")
MSG_DEPARTMENT_DISTRICT = _("所选主管部门不属于本单位所在辖区，请重新选择。")
MSG_PARENT_NEEDED = _("外省企业分公司请填写总公司名称。")
MSG_NOT_BUREAU = _("只有本单位所在辖区的人社局可以审核单位信息变更。")
MSG_DONE = _("该申请已处理（{status}），不能再次审核。")
MSG_NO_REJECT_REASON = _("请填写不予变更的理由，单位经办人会看到这段说明。")

ReviewGuard = Callable[[Unit], str | None]
_REVIEW_GUARDS: list[ReviewGuard] = []


def register_review_guard(guard: ReviewGuard) -> None:
    """Add a check run before a unit's kind, affiliation, department or flags change: it returns why the change
    must wait (in Chinese), or None."""
    if guard not in _REVIEW_GUARDS:
        _REVIEW_GUARDS.append(guard)


def review_blocker(unit: Unit, fields=UNIT_REVIEW_SENSITIVE_FIELDS) -> str | None:
    """Why changing ``fields`` of ``unit`` must wait now (cases in review were checked against them), or None."""
    if not set(fields) & set(UNIT_REVIEW_SENSITIVE_FIELDS):
        return None
    return next((reason for guard in _REVIEW_GUARDS if (reason := guard(unit))), None)


# --- Values -------------------------------------------------------------------------------------------------


def _department_id(value):
    return value.pk if isinstance(value, Department) else (value or None)


def clean_values(unit: Unit, values: Mapping[str, object]) -> dict:
    """The proposed details, normalised and checked with the rules registration uses; every problem at once,
    raised as ValidationError by field. Missing keys keep the unit's current value."""
    current = unit_values(unit)
    data = {f: (_department_id(values[f]) if f == "department" else values[f]) if f in values else current[f]
            for f in UNIT_CHANGE_FIELDS}
    errors: dict[str, list] = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    typed = "" if data["name"] is None else str(data["name"])
    data["name"] = normalise_name(typed)
    if not typed.strip():
        error("name", MSG_NAME_EMPTY)
    elif not has_visible_letter(data["name"]):
        error("name", MSG_NAME_INVISIBLE)
    data["uscc"] = normalise_uscc(data["uscc"])
    try:
        validate_uscc(data["uscc"])
    except ValidationError as exc:
        errors.setdefault("uscc", []).extend(exc.messages)
    else:
        other = Unit.objects.filter(uscc=data["uscc"]).exclude(pk=unit.pk).first()
        if other is not None:
            error("uscc", str(MSG_USCC_TAKEN).format(name=other.name))
    if data["kind"] not in UnitKind.values:
        error("kind", MSG_KIND)
    if data["affiliation"] not in Affiliation.values:
        error("affiliation", MSG_AFFILIATION)
    if data["department"] is not None and not Department.objects.filter(
            pk=data["department"], district_id=unit.district_id).exists():
        error("department", MSG_DEPARTMENT_DISTRICT)
    for flag in ("is_labour_dispatch", "is_out_of_province_branch"):
        data[flag] = bool(data[flag])
    for field in ("parent_company_name", "address", "contact_phone"):
        data[field] = normalise_name(data[field] or "")
    data["legal_representative"] = normalise_name(data["legal_representative"] or "")
    if data["legal_representative"] and not has_visible_letter(data["legal_representative"]):
        error("legal_representative", MSG_PERSON_INVISIBLE)
    if data["is_out_of_province_branch"] and not data["parent_company_name"]:
        error("parent_company_name", MSG_PARENT_NEEDED)
    lengths = {f: UnitChangeRequest._meta.get_field(f).max_length for f in UNIT_CHANGE_FIELDS
               if f not in ("department", "is_labour_dispatch", "is_out_of_province_branch")}
    for field, limit in lengths.items():
        if field not in errors and len(data[field]) > limit:
            error(field, _("最多 {n} 个字符，请精简。").format(n=limit))
    if errors:
        raise ValidationError(errors)
    return data


def _diff(before: dict, after: dict) -> dict:
    return {f: {"from": before[f], "to": after[f]} for f in UNIT_CHANGE_FIELDS if before[f] != after[f]}


def _readable(changes: dict) -> dict:
    """The changes with readable values, for the audit trail."""
    return {f: {"from": describe(f, c["from"]), "to": describe(f, c["to"])} for f, c in changes.items()}


def _summary(changes: dict) -> str:
    return "；".join(f"{UnitChangeRequest._meta.get_field(f).verbose_name}：{c['from']} → {c['to']}"
                     for f, c in _readable(changes).items())


def _officers(unit_id):
    return User.objects.filter(role=Role.UNIT_OFFICER, unit_id=unit_id, is_active=True, is_approved=True)


def _bureau_staff(district_id):
    return User.objects.filter(role=Role.BUREAU_REVIEWER, district_id=district_id, is_active=True)


def pending_blocker(unit: Unit) -> str | None:
    """Why the unit cannot propose a change now (one request is already waiting for the bureau), or None."""
    pending = UnitChangeRequest.objects.filter(unit=unit, status=UnitChangeStatus.PENDING).first()
    if pending is None:
        return None
    return str(MSG_PENDING_EXISTS).format(day=f"{timezone.localtime(pending.proposed_at):%Y年%-m月%-d日}")


def _guard_review(unit: Unit, changes: dict) -> None:
    reason = review_blocker(unit, changes)
    if reason:
        raise ValidationError(reason, code="in_review")


# --- Services -----------------------------------------------------------------------------------------------


@transaction.atomic
def unit_change_propose(*, unit: Unit, actor, values: Mapping[str, object], reason: str,
                        now=None) -> UnitChangeRequest:
    """The unit's officer asks to change its details; the district bureau is told."""
    now = now or timezone.now()
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not (getattr(actor, "role", None) == Role.UNIT_OFFICER and actor.can_act and actor.unit_id == unit.pk):
        raise ValidationError(MSG_NOT_OFFICER, code="not_officer")
    blocker = pending_blocker(unit)
    if blocker:
        raise ValidationError(blocker, code="pending")
    try:
        data = clean_values(unit, values)
    except ValidationError as exc:
        errors = exc.error_dict
    else:
        errors = {}
    if not (reason or "").strip():
        errors["reason"] = [ValidationError(MSG_NO_REASON)]
    if errors:
        raise ValidationError(errors)
    before = unit_values(unit)
    changes = _diff(before, data)
    if not changes:
        raise ValidationError(MSG_NOTHING_CHANGED, code="unchanged")
    _guard_review(unit, changes)
    department = data.pop("department")
    request = UnitChangeRequest.objects.create(
        unit=unit, department_id=department, **data, reason=reason.strip(), previous=before,
        proposed_by=actor, proposed_at=now)
    audit_record(actor=actor, action="unit_change.propose", obj=request, district_id=unit.district_id,
                 to_state=UnitChangeStatus.PENDING, comment=request.reason, changes=_readable(changes), now=now)
    notify(users=list(_bureau_staff(unit.district_id)), title=f"单位信息变更待审核：{unit.name}",
           body=f"{_summary(changes)}。理由：{request.reason}",
           link=reverse("orgs:change_detail", args=[request.pk]))
    return request


def _lock(request: UnitChangeRequest) -> tuple[Unit, UnitChangeRequest]:
    unit = Unit.objects.select_for_update().get(pk=request.unit_id)
    request = UnitChangeRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    return unit, request


def _require_deciding_bureau(actor, unit: Unit, request: UnitChangeRequest) -> None:
    if not Scope.for_actor(actor).is_bureau_of(unit.district_id):
        raise ValidationError(MSG_NOT_BUREAU, code="not_bureau")
    if request.status != UnitChangeStatus.PENDING:
        raise ValidationError(str(MSG_DONE).format(status=request.get_status_display()), code="done")


@transaction.atomic
def unit_change_approve(*, request: UnitChangeRequest, actor, values: Mapping[str, object] | None = None,
                        note: str = "", now=None) -> UnitChangeRequest:
    """The district bureau approves, with the proposed values or its corrections of them (``values``), and the
    unit changes; its officers are told what changed."""
    now = now or timezone.now()
    unit, request = _lock(request)
    _require_deciding_bureau(actor, unit, request)
    proposed = request.proposed_values()
    data = clean_values(unit, {**proposed, **(values or {})})
    before = unit_values(unit)
    changes = _diff(before, data)
    if not changes:
        raise ValidationError(MSG_APPROVE_NOTHING, code="unchanged")
    _guard_review(unit, changes)
    for field, change in changes.items():
        setattr(unit, "department_id" if field == "department" else field, change["to"])
    try:
        with transaction.atomic():
            unit.save(update_fields=list(changes))
    except IntegrityError:
        # Another unit's change to the same USCC was approved between the check above and this save (the unique
        # index sees it; the check could not): refuse as the check would have, nothing changes.
        raise ValidationError({"uscc": [str(MSG_USCC_TAKEN_JUST_NOW)]}, code="uscc_taken") from None
    corrected = sorted(f for f in UNIT_CHANGE_FIELDS if data[f] != proposed[f])
    request.status, request.decided_by, request.decided_at = UnitChangeStatus.APPROVED, actor, now
    request.decision_note, request.previous, request.applied = (note or "").strip(), before, changes
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "previous", "applied"])
    audit_record(actor=actor, action="unit_change.approve", obj=request, district_id=unit.district_id,
                 from_state=UnitChangeStatus.PENDING, to_state=UnitChangeStatus.APPROVED, comment=request.decision_note,
                 changes={**_readable(changes), "unit": unit.pk, "corrected_by_bureau": corrected}, now=now)
    body = _summary(changes) + ("。人社局对申请的内容作了更正。" if corrected else "。")
    notify(users=list(_officers(unit.pk)), title="单位信息变更已审核通过", body=body + request.decision_note,
           link=reverse("orgs:my_unit"))
    return request


@transaction.atomic
def unit_change_reject(*, request: UnitChangeRequest, actor, reason: str, now=None) -> UnitChangeRequest:
    """The district bureau refuses the change (with its reason); the unit stays as it is."""
    now = now or timezone.now()
    unit, request = _lock(request)
    _require_deciding_bureau(actor, unit, request)
    if not (reason or "").strip():
        raise ValidationError({"reason": MSG_NO_REJECT_REASON})
    request.status, request.decided_by, request.decided_at = UnitChangeStatus.REJECTED, actor, now
    request.decision_note, request.previous = reason.strip(), unit_values(unit)
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "previous"])
    audit_record(actor=actor, action="unit_change.reject", obj=request, district_id=unit.district_id,
                 from_state=UnitChangeStatus.PENDING, to_state=UnitChangeStatus.REJECTED, comment=request.decision_note,
                 now=now)
    notify(users=list(_officers(unit.pk)), title="单位信息变更未通过审核", body=f"理由：{request.decision_note}",
           link=reverse("orgs:my_unit"))
    return request
