"""Every way a batch can change: create, edit (before publication), publish, change dates (with a reason)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.scope import Scope
from zhicheng.audit.services import audit_record
from zhicheng.notifications.services import notify
from zhicheng.orgs.models import District

from .models import Batch, BatchChange, Stamping
from .selectors import format_moment

DATE_FIELDS = ("list_deadline", "window_start", "window_end", "revision_deadline", "review_deadline")
DATE_LABELS = {
    "list_deadline": "推荐名单报送截止时间",
    "window_start": "网络申报开始时间",
    "window_end": "网络申报截止时间",
    "revision_deadline": "退回修改截止时间",
    "review_deadline": "人社局审核截止时间",
}
EDITABLE_FIELDS = ("name", "year", "sequence", "stamping", "notice_title", "notice_text", *DATE_FIELDS)

MSG_NOT_MANAGER = "您只能管理本辖区人社局的申报批次。"
MSG_DATE_MISSING = "请填写{label}。"
MSG_ORDER = "{later}须晚于{earlier}。"
MSG_ORDER_OR_EQUAL = "{later}不能早于{earlier}。"
MSG_OVERLAP = "网络申报时间与本辖区已有批次“{other}”（{start}至{end}）重叠，同一辖区的申报时间不能重叠。"
MSG_DUPLICATE_SEQUENCE = "本辖区{year}年第{sequence}期已存在（“{other}”），请核对年度和期次。"
MSG_PUBLISHED_DATES = "批次已发布，日期已冻结。如确需调整，请使用“变更日期”并说明理由。"
MSG_ALREADY_PUBLISHED = "批次已于{when}发布，无需重复发布。"
MSG_NOT_PUBLISHED = "批次尚未发布，可直接编辑日期，无需走变更流程。"
MSG_REASON_REQUIRED = "请填写变更理由（至少 5 个字），说明为何调整已发布批次的日期。"
MSG_NO_CHANGE = "填写的日期与现有日期相同，没有需要变更的内容。"
MSG_UNKNOWN_FIELD = "不能通过此操作修改“{field}”。"


def can_manage_district(actor, district_id) -> bool:
    return Scope.for_actor(actor).is_bureau_of(district_id)


def _require_manager(actor, district_id) -> None:
    if not can_manage_district(actor, district_id):
        raise ValidationError(MSG_NOT_MANAGER, code="not_manager")


def check_date_order(dates: dict) -> dict[str, str]:
    """{field: message} for missing or out-of-order dates (list ≤ start < end ≤ revision ≤ review)."""
    errors: dict[str, str] = {}
    for f in DATE_FIELDS:
        if dates.get(f) is None:
            errors[f] = MSG_DATE_MISSING.format(label=DATE_LABELS[f])
    if errors:
        return errors
    pairs = [
        ("list_deadline", "window_start", False),
        ("window_start", "window_end", True),
        ("window_end", "revision_deadline", False),
        ("revision_deadline", "review_deadline", False),
    ]
    for earlier, later, strict in pairs:
        bad = dates[later] <= dates[earlier] if strict else dates[later] < dates[earlier]
        if bad:
            msg = MSG_ORDER if strict else MSG_ORDER_OR_EQUAL
            errors[later] = msg.format(later=DATE_LABELS[later], earlier=DATE_LABELS[earlier])
    return errors


def overlap_reason(*, district_id, window_start, window_end, exclude_pk=None) -> str | None:
    """A Chinese reason naming the other batch whose application window overlaps, or None."""
    others = Batch.objects.filter(district_id=district_id, window_start__lt=window_end,
                                  window_end__gt=window_start)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.order_by("window_start").first()
    if other is None:
        return None
    return MSG_OVERLAP.format(other=other.name, start=format_moment(other.window_start),
                              end=format_moment(other.window_end))


def _validate(*, district_id, values: dict, exclude_pk=None) -> None:
    errors = check_date_order(values)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    reason = overlap_reason(district_id=district_id, window_start=values["window_start"],
                            window_end=values["window_end"], exclude_pk=exclude_pk)
    if reason:
        raise ValidationError({"window_start": [reason]}, code="overlap")
    if "year" in values and "sequence" in values:
        dup = Batch.objects.filter(district_id=district_id, year=values["year"], sequence=values["sequence"])
        if exclude_pk is not None:
            dup = dup.exclude(pk=exclude_pk)
        other = dup.first()
        if other is not None:
            raise ValidationError({"sequence": [MSG_DUPLICATE_SEQUENCE.format(
                year=values["year"], sequence=values["sequence"], other=other.name)]})


def _dates_of(batch: Batch) -> dict:
    return {f: getattr(batch, f) for f in DATE_FIELDS}


def _serialise(dates: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in dates.items()}


def _lock_district(district_id) -> None:
    # Serialise batch changes within a district so two windows cannot be written to overlap concurrently.
    District.objects.select_for_update().get(pk=district_id)


def _district_unit_officers(district_id):
    return User.objects.filter(role=Role.UNIT_OFFICER, unit__district_id=district_id, is_active=True,
                               is_approved=True)


@transaction.atomic
def batch_create(*, actor, district, name: str, year: int, sequence: int, list_deadline, window_start,
                 window_end, revision_deadline, review_deadline, notice_text: str = "",
                 notice_title: str = "", stamping: str = Stamping.PAPER) -> Batch:
    _require_manager(actor, district.pk)
    _lock_district(district.pk)
    values = {"name": name, "year": year, "sequence": sequence, "list_deadline": list_deadline,
              "window_start": window_start, "window_end": window_end, "revision_deadline": revision_deadline,
              "review_deadline": review_deadline}
    _validate(district_id=district.pk, values=values)
    batch = Batch.objects.create(district=district, created_by=actor if actor.is_authenticated else None,
                                 notice_text=notice_text, notice_title=notice_title,
                                 stamping=stamping or Stamping.PAPER, **values)
    audit_record(actor=actor, action="batch.create", obj=batch, district_id=district.pk, to_state="draft",
                 changes=_serialise(values))
    return batch


@transaction.atomic
def batch_update(*, batch: Batch, actor, **fields) -> Batch:
    """Edit a batch. Dates of a published batch are frozen (use batch_change_dates)."""
    for key in fields:
        if key not in EDITABLE_FIELDS:
            raise ValidationError(MSG_UNKNOWN_FIELD.format(field=key))
    _require_manager(actor, batch.district_id)
    _lock_district(batch.district_id)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    changed = {k: v for k, v in fields.items() if getattr(batch, k) != v}
    if batch.is_published and any(k in DATE_FIELDS for k in changed):
        raise ValidationError(MSG_PUBLISHED_DATES, code="frozen")
    if batch.is_published and ({"year", "sequence"} & set(changed)):
        raise ValidationError(MSG_PUBLISHED_DATES, code="frozen")
    if not changed:
        return batch
    before = {k: getattr(batch, k) for k in changed}
    values = {**_dates_of(batch), "year": batch.year, "sequence": batch.sequence, **changed}
    _validate(district_id=batch.district_id, values=values, exclude_pk=batch.pk)
    for k, v in changed.items():
        setattr(batch, k, v)
    batch.save()
    audit_record(actor=actor, action="batch.update", obj=batch, district_id=batch.district_id,
                 changes={"before": _serialise(before), "after": _serialise(changed)})
    return batch


@transaction.atomic
def batch_publish(*, batch: Batch, actor, now=None) -> Batch:
    _require_manager(actor, batch.district_id)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.is_published:
        raise ValidationError(MSG_ALREADY_PUBLISHED.format(when=format_moment(batch.published_at)))
    _validate(district_id=batch.district_id, values=_dates_of(batch), exclude_pk=batch.pk)
    batch.is_published = True
    batch.published_at = now or timezone.now()
    batch.save(update_fields=["is_published", "published_at"])
    audit_record(actor=actor, action="batch.publish", obj=batch, district_id=batch.district_id,
                 from_state="draft", to_state="published", changes=_serialise(_dates_of(batch)), now=batch.published_at)
    notify(users=_district_unit_officers(batch.district_id), title=f"新的申报批次已发布：{batch.name}",
           body=f"推荐人员名单（附件3）须在{format_moment(batch.list_deadline)}前报送；网络申报时间"
                f"{format_moment(batch.window_start)}至{format_moment(batch.window_end)}。",
           link=reverse("batches:detail", args=[batch.pk]))
    return batch


@transaction.atomic
def batch_change_dates(*, batch: Batch, actor, reason: str, **dates) -> BatchChange:
    """Change dates of a published batch: a reason is required; kept as a BatchChange and in the audit."""
    for key in dates:
        if key not in DATE_FIELDS:
            raise ValidationError(MSG_UNKNOWN_FIELD.format(field=key))
    _require_manager(actor, batch.district_id)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": [MSG_REASON_REQUIRED]}, code="reason")
    _lock_district(batch.district_id)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if not batch.is_published:
        raise ValidationError(MSG_NOT_PUBLISHED, code="not_published")
    changed = {k: v for k, v in dates.items() if v is not None and getattr(batch, k) != v}
    if not changed:
        raise ValidationError(MSG_NO_CHANGE, code="no_change")
    before = {k: getattr(batch, k) for k in changed}
    _validate(district_id=batch.district_id, values={**_dates_of(batch), **changed}, exclude_pk=batch.pk)
    for k, v in changed.items():
        setattr(batch, k, v)
    batch.save(update_fields=list(changed))
    change = BatchChange.objects.create(batch=batch, changed_by=actor if actor.is_authenticated else None,
                                        reason=reason, before=_serialise(before), after=_serialise(changed))
    audit_record(actor=actor, action="batch.change_dates", obj=batch, district_id=batch.district_id,
                 comment=reason, changes={"before": _serialise(before), "after": _serialise(changed)})
    lines = "；".join(f"{DATE_LABELS[k]}由{format_moment(before[k])}改为{format_moment(v)}"
                     for k, v in changed.items())
    notify(users=_district_unit_officers(batch.district_id), title=f"申报批次日期变更：{batch.name}",
           body=f"{lines}。变更理由：{reason}", link=reverse("batches:detail", args=[batch.pk]))
    return change
