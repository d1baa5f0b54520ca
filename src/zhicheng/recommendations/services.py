"""Every way a unit's recommendation system and list can change."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit.services import audit_record
from zhicheng.documents.uploads import validate_and_name
from zhicheng.notifications.services import notify
from zhicheng.supervision.sanctions import unit_suspension_reason

from .checks import (
    ENTRY_FIELDS,
    MSG_DEADLINE_PASSED,
    MSG_LIST_SUBMITTED,
    RowCheck,
    fmt_moment,
    list_problems,
    validate_entries,
)
from .models import ListStatus, RecommendationEntry, RecommendationList, RecommendationPolicy

MSG_NOT_OWN_UNIT = "您只能办理本单位的考核推荐。"
MSG_ADOPTED_FUTURE = "制度通过日期不能晚于今天。"
MSG_TITLE = "请填写制度名称。"
MSG_NOT_DISPATCH = "本单位不是劳务派遣公司，无需上传派遣协议。"
MSG_NOT_BRANCH = "本单位不是外省企业分公司，无需上传总公司推荐报告。"
MSG_WRONG_DISTRICT = "该批次不属于本单位所在辖区。"
MSG_EMPTY_IMPORT = "文件中没有人员数据（从第 3 行起逐行填写，每行一人；示例行不会导入）。"
MSG_NO_LIST = "名单中还没有人员，请先添加人员或导入名单。"


class ListSubmitError(ValidationError):
    """Submission refused; ``reasons`` lists the list-level reasons, ``entry_problems`` the per-entry ones."""

    def __init__(self, reasons: list[str], entry_problems: dict):
        super().__init__(reasons)
        self.reasons = reasons
        self.entry_problems = entry_problems


class ImportRowsError(ValidationError):
    """An import refused as a whole; ``messages`` are the problems, each starting with its row's label;
    ``checks`` the shared validator's verdict on every row (``RowCheck``), for callers that show them by field."""

    def __init__(self, messages: list[str], checks: list[RowCheck]):
        super().__init__(messages)
        self.checks = checks


def _require_officer(actor, unit) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.can_act and actor.role == Role.UNIT_OFFICER
            and actor.unit_id == unit.pk):
        raise ValidationError(MSG_NOT_OWN_UNIT, code="not_own_unit")


def _lock_list(rec_list: RecommendationList) -> RecommendationList:
    return RecommendationList.objects.select_related("unit", "batch").select_for_update(of=("self",)).get(
        pk=rec_list.pk)


def editable_reason(rec_list: RecommendationList, now: dt.datetime | None = None) -> str | None:
    """Why the list can no longer be edited, or None."""
    now = now or timezone.now()
    if rec_list.status == ListStatus.SUBMITTED:
        return MSG_LIST_SUBMITTED.format(when=fmt_moment(rec_list.submitted_at))
    return editable_reason_for_batch(rec_list.batch, now, unit=rec_list.unit)


def editable_reason_for_batch(batch, now: dt.datetime | None = None, *, unit=None) -> str | None:
    """Why the unit can no longer start or change its list for this batch (deadline passed, unit suspended)."""
    now = now or timezone.now()
    if now >= batch.list_deadline:
        return MSG_DEADLINE_PASSED.format(deadline=fmt_moment(batch.list_deadline))
    if unit is not None:
        return unit_suspension_reason(unit=unit, batch=batch)
    return None


def _require_editable(rec_list, now) -> None:
    reason = editable_reason(rec_list, now)
    if reason:
        raise ValidationError(reason, code="not_editable")


@transaction.atomic
def recommendation_policy_upload(*, unit, actor, title: str, file, adopted_on: dt.date) -> RecommendationPolicy:
    _require_officer(actor, unit)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [MSG_TITLE]
    if adopted_on and adopted_on > timezone.localdate():
        errors["adopted_on"] = [MSG_ADOPTED_FUTURE]
    try:
        validate_and_name(file, prefix="policy", category="recommendation_policy")
    except ValidationError as exc:
        errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    policy = RecommendationPolicy.objects.create(unit=unit, title=title, file=file, adopted_on=adopted_on,
                                                 uploaded_by=actor)
    audit_record(actor=actor, action="recommendation_policy.upload", obj=policy, district_id=unit.district_id,
                 changes={"title": title, "adopted_on": adopted_on})
    return policy


@transaction.atomic
def recommendation_list_open(*, unit, batch, actor, now=None) -> RecommendationList:
    """The unit's list for the batch, created (as a draft) on first use."""
    _require_officer(actor, unit)
    if batch.district_id != unit.district_id or not batch.is_published:
        raise ValidationError(MSG_WRONG_DISTRICT, code="wrong_district")
    existing = RecommendationList.objects.filter(unit=unit, batch=batch).first()
    if existing is not None:
        return existing
    reason = editable_reason_for_batch(batch, now, unit=unit)
    if reason:
        raise ValidationError(reason, code="not_editable")
    rec_list, created = RecommendationList.objects.get_or_create(unit=unit, batch=batch)
    if created:
        audit_record(actor=actor, action="recommendation_list.create", obj=rec_list, district_id=batch.district_id,
                     to_state=ListStatus.DRAFT, now=now)
    return rec_list


def _clean_one(rec_list, data: dict, exclude_pk=None) -> dict:
    """One entry from the screen through the shared validator; raises ValidationError({field: [...]})."""
    (check,) = validate_entries([{"label": "", "data": data}], rec_list=rec_list, exclude_pk=exclude_pk)
    if check.errors:
        raise ValidationError(check.errors)
    return check.data


def _apply_agreement(entry, rec_list, dispatch_agreement) -> None:
    if dispatch_agreement is None:
        return
    if not rec_list.unit.is_labour_dispatch:
        raise ValidationError({"dispatch_agreement": [MSG_NOT_DISPATCH]})
    try:
        validate_and_name(dispatch_agreement, prefix="dispatch", category="dispatch_agreement")
    except ValidationError as exc:
        raise ValidationError({"dispatch_agreement": exc.messages}) from None
    entry.dispatch_agreement = dispatch_agreement


@transaction.atomic
def recommendation_entry_add(*, rec_list, actor, data: dict, dispatch_agreement=None, now=None
                             ) -> RecommendationEntry:
    rec_list = _lock_list(rec_list)
    _require_officer(actor, rec_list.unit)
    _require_editable(rec_list, now)
    clean = _clean_one(rec_list, data)
    entry = RecommendationEntry(recommendation_list=rec_list, **clean)
    _apply_agreement(entry, rec_list, dispatch_agreement)
    entry.save()
    audit_record(actor=actor, action="recommendation_entry.add", obj=entry, district_id=rec_list.batch.district_id,
                 changes={"real_name": entry.real_name, "series": entry.series, "level": entry.level}, now=now)
    return entry


@transaction.atomic
def recommendation_entry_update(*, entry, actor, data: dict, dispatch_agreement=None, now=None
                                ) -> RecommendationEntry:
    rec_list = _lock_list(entry.recommendation_list)
    _require_officer(actor, rec_list.unit)
    _require_editable(rec_list, now)
    entry = RecommendationEntry.objects.get(pk=entry.pk, recommendation_list=rec_list)
    clean = _clean_one(rec_list, data, exclude_pk=entry.pk)
    changes = {k: [getattr(entry, k), v] for k, v in clean.items() if getattr(entry, k) != v}
    for k, v in clean.items():
        setattr(entry, k, v)
    _apply_agreement(entry, rec_list, dispatch_agreement)
    if dispatch_agreement is not None:
        changes["dispatch_agreement"] = ["", "新上传"]
    entry.save()
    audit_record(actor=actor, action="recommendation_entry.update", obj=entry,
                 district_id=rec_list.batch.district_id, changes=changes, now=now)
    return entry


@transaction.atomic
def recommendation_entry_remove(*, entry, actor, now=None) -> None:
    rec_list = _lock_list(entry.recommendation_list)
    _require_officer(actor, rec_list.unit)
    _require_editable(rec_list, now)
    audit_record(actor=actor, action="recommendation_entry.remove", obj=entry,
                 district_id=rec_list.batch.district_id, changes={"real_name": entry.real_name}, now=now)
    entry.delete()


@transaction.atomic
def recommendation_entries_import(*, rec_list, actor, rows: list[dict], now=None, via: str = "excel"
                                  ) -> list[RecommendationEntry]:
    """Add every row (an imported template, or the entries of an API call), or none: raises ImportRowsError
    listing each bad row (the shared validator, ``checks.validate_entries``).

    ``rows`` are ``{"label": "第 3 行", "data": {...}, "errors": [problems found while reading the row]}``.
    """
    rec_list = _lock_list(rec_list)
    _require_officer(actor, rec_list.unit)
    _require_editable(rec_list, now)
    if not rows:
        raise ValidationError(MSG_EMPTY_IMPORT, code="empty_import")
    checks = validate_entries(rows, rec_list=rec_list)
    problems = [f"{c.label}：" + "；".join(c.messages) for c in checks if c.errors]
    if problems:
        raise ImportRowsError(problems, checks)
    try:
        entries = [RecommendationEntry.objects.create(recommendation_list=rec_list, **c.data) for c in checks]
    except IntegrityError:
        raise ValidationError("导入时名单被同时修改，请刷新后重试。") from None
    audit_record(actor=actor, action="recommendation_list.import", obj=rec_list,
                 district_id=rec_list.batch.district_id, changes={"added": len(entries), "via": via,
                                                                  "names": [e.real_name for e in entries]}, now=now)
    return entries


@transaction.atomic
def parent_recommendation_upload(*, rec_list, actor, file, now=None) -> RecommendationList:
    rec_list = _lock_list(rec_list)
    _require_officer(actor, rec_list.unit)
    _require_editable(rec_list, now)
    if not rec_list.unit.is_out_of_province_branch:
        raise ValidationError(MSG_NOT_BRANCH)
    validate_and_name(file, prefix="parent", category="parent_recommendation")
    rec_list.parent_recommendation = file
    rec_list.save(update_fields=["parent_recommendation"])
    audit_record(actor=actor, action="recommendation_list.parent_report", obj=rec_list,
                 district_id=rec_list.batch.district_id, now=now)
    return rec_list


def submit_reasons(rec_list, now=None):
    """(list-level reasons, {entry id: reasons}) — what the submit button shows."""
    return list_problems(rec_list, now=now)


@transaction.atomic
def recommendation_list_submit(*, rec_list, actor, now: dt.datetime | None = None) -> RecommendationList:
    """Submit the 附件3 list to the district bureau. Refused with every reason at once."""
    now = now or timezone.now()
    rec_list = _lock_list(rec_list)
    _require_officer(actor, rec_list.unit)
    reasons, per_entry = list_problems(rec_list, now=now)
    if reasons:
        raise ListSubmitError(reasons, per_entry)
    rec_list.status = ListStatus.SUBMITTED
    rec_list.submitted_at = now
    rec_list.submitted_by = actor
    rec_list.save(update_fields=["status", "submitted_at", "submitted_by"])
    count = rec_list.entries.count()
    unit, batch = rec_list.unit, rec_list.batch
    audit_record(actor=actor, action="recommendation_list.submit", obj=rec_list, district_id=batch.district_id,
                 from_state=ListStatus.DRAFT, to_state=ListStatus.SUBMITTED, changes={"entries": count}, now=now)
    # The list is the batch's district's (its scope and audit chain), like the audit row above: the unit's
    # district is the same when the list is opened, but the admin may move the unit later.
    reviewers = User.objects.filter(role=Role.BUREAU_REVIEWER, district_id=batch.district_id, is_active=True)
    notify(users=reviewers, title=f"{unit.name}报送了{batch.name}推荐人员名单",
           body=f"共 {count} 人，报送时间{fmt_moment(now)}。",
           link=reverse("recommendations:list_detail", args=[rec_list.pk]))
    return rec_list


__all__ = [
    "ENTRY_FIELDS", "ImportRowsError", "ListSubmitError", "editable_reason", "editable_reason_for_batch", "parent_recommendation_upload",
    "recommendation_entries_import", "recommendation_entry_add", "recommendation_entry_remove",
    "recommendation_entry_update", "recommendation_list_open", "recommendation_list_submit",
    "recommendation_policy_upload", "submit_reasons",
]
