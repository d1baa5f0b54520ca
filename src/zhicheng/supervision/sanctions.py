"""What stops a person or a unit now: running integrity records (诚信档案) and unit or department suspensions.

Read by the apps below supervision (recommendations, applications) when they decide whether someone may be
listed or apply; it imports only supervision's models and the batches, so those apps depend on it one way.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from zhicheng.batches.models import Batch
from zhicheng.core.identity import normalise_code
from zhicheng.policy.rules import integrity_ban_message

from .models import IntegrityRecord, SuspensionScope, UnitPenalty


def integrity_ban_until(person, on: dt.date | None = None) -> dt.date | None:
    """Last day of the latest integrity record running on ``on`` (default today) for this person, or None.

    Matches the person's account and, so that a new account does not escape a record, their id number.
    Feed it to the eligibility profile as ``person.integrity_ban_until``.
    """
    on = on or timezone.localdate()
    who = Q(person_id=person.pk)
    if getattr(person, "id_number", None):
        who |= Q(id_number=person.id_number)
    latest = (IntegrityRecord.objects.filter(who, decided_on__lte=on, ban_until__gte=on)
              .order_by("-ban_until").values_list("ban_until", flat=True).first())
    return latest


def integrity_ban_until_for_id_number(id_number: str, on: dt.date | None = None) -> dt.date | None:
    """The same, by id number only (for people on a list who have no account yet)."""
    on = on or timezone.localdate()
    id_number = normalise_code(id_number)
    if not id_number:
        return None
    return (IntegrityRecord.objects.filter(id_number=id_number, decided_on__lte=on, ban_until__gte=on)
            .order_by("-ban_until").values_list("ban_until", flat=True).first())


def integrity_ban_reason(person, on: dt.date | None = None) -> str | None:
    """Why this person may not apply now (Chinese), or None."""
    until = integrity_ban_until(person, on)
    if until is None:
        return None
    return f"您{integrity_ban_message(until)[:-1]}（通知六（一））。"  # the eligibility check's own sentence


# --- Unit and department penalties (六（二）1–2) -------------------------------------------------------------
#
# A first lax review suspends "the next quarter's batch": the first batch of the district whose recommendation-list
# deadline falls after the decision date (a batch whose list deadline has already passed has its lists in; the
# suspension is enforced when a list is submitted). When that batch does not exist yet the penalty stores no batch
# and the batch is resolved here, at check time, so the suspension attaches to the next batch created — but only
# a batch whose list deadline falls within one year of the decision: a first offence never weighs more than a
# second one (one year), so if the district holds no batch in that year the suspension is spent.
# Period suspensions cover every batch whose list deadline falls within [suspended_from, suspended_until];
# "until corrected" covers every batch whose list deadline falls on or after suspended_from and before the
# correction date the bureau records.


def _day(moment) -> dt.date:
    return timezone.localdate(moment)


def one_year_from(day: dt.date) -> dt.date:
    """Last day of a one-year term starting on ``day`` (29 February → 28 February next year)."""
    try:
        return day.replace(year=day.year + 1) - dt.timedelta(days=1)
    except ValueError:
        return dt.date(day.year + 1, 2, 28)


def next_batch_after(district_id, decided_on: dt.date):
    """The district's first batch whose list deadline is after ``decided_on`` and within a year (or None)."""
    for batch in Batch.objects.filter(district_id=district_id, list_deadline__gte=dt.datetime.combine(
            decided_on, dt.time.min, tzinfo=dt.UTC)).order_by("list_deadline", "pk"):
        day = _day(batch.list_deadline)
        if day > one_year_from(decided_on):
            return None
        if day > decided_on:
            return batch
    return None


def penalty_target_batch(penalty):
    """For a next-batch suspension: the batch it suspends (stored, or resolved now), else None."""
    if penalty.scope != SuspensionScope.NEXT_BATCH:
        return None
    if penalty.suspended_batch_id:
        return penalty.suspended_batch
    district_id = penalty.district_id or (penalty.unit.district_id if penalty.unit_id
                                          else penalty.department.district_id)
    return next_batch_after(district_id, penalty.decided_on)


def penalty_covers(penalty, batch) -> bool:
    """Whether this penalty suspends the batch."""
    day = _day(batch.list_deadline)
    if penalty.scope == SuspensionScope.NEXT_BATCH:
        target = penalty_target_batch(penalty)
        return target is not None and target.pk == batch.pk
    if day < penalty.suspended_from:
        return False
    if penalty.scope == SuspensionScope.PERIOD:
        return penalty.suspended_until is not None and day <= penalty.suspended_until
    return penalty.corrected_on is None or day < penalty.corrected_on


def penalty_term_text(penalty) -> str:
    """How long the suspension runs, in words (shown to the unit and the bureau)."""
    if penalty.scope == SuspensionScope.NEXT_BATCH:
        target = penalty_target_batch(penalty)
        if target:
            return f"暂停{target.name}的职称考核认定工作"
        if timezone.localdate() > one_year_from(penalty.decided_on):
            return "暂停下一季度职称考核认定工作（决定后一年内本辖区无批次，暂停已结束）"
        return "暂停下一期（尚未发布）的职称考核认定工作"
    if penalty.scope == SuspensionScope.PERIOD:
        return (f"暂停职称考核认定工作，{penalty.suspended_from:%Y年%-m月%-d日}至"
                f"{penalty.suspended_until:%Y年%-m月%-d日}")
    if penalty.corrected_on:
        return f"暂停至整改完成（已于{penalty.corrected_on:%Y年%-m月%-d日}整改完成，恢复办理）"
    return "暂停职称考核认定工作至整改完成"


def penalty_is_running(penalty, today: dt.date | None = None) -> bool:
    """Whether the suspension still affects a batch that has not closed yet."""
    today = today or timezone.localdate()
    if penalty.scope == SuspensionScope.NEXT_BATCH:
        target = penalty_target_batch(penalty)
        if target is None:
            return today <= one_year_from(penalty.decided_on)
        return _day(target.review_deadline) >= today
    if penalty.scope == SuspensionScope.PERIOD:
        return penalty.suspended_until is not None and penalty.suspended_until >= today
    return penalty.corrected_on is None


def _reason(penalty, batch, who: str) -> str:
    if penalty.scope == SuspensionScope.NEXT_BATCH:
        until = f"暂停{batch.name}的职称考核认定工作"
    elif penalty.scope == SuspensionScope.PERIOD:
        until = f"暂停职称考核认定工作至{penalty.suspended_until:%Y年%-m月%-d日}"
    else:
        until = "暂停职称考核认定工作至整改完成"
    return f"因“{penalty.get_kind_display()}”（{penalty.decided_on:%Y年%-m月%-d日}决定），{who}{until}"


def unit_suspension_reason(*, unit, batch) -> str | None:
    """Why this unit may not take part in this batch, or None. Shown to the unit as it stands."""
    penalties = UnitPenalty.objects.filter(unit=unit, suspended_from__lte=_day(batch.list_deadline)).select_related(
        "unit", "suspended_batch")
    for penalty in penalties.order_by("-decided_on", "-id"):
        if penalty_covers(penalty, batch):
            return _reason(penalty, batch, "本单位") + "，不能报送推荐名单。"
    return None


def department_suspension_reason(*, department, batch) -> str | None:
    """Why this competent department's re-check work is suspended for this batch, or None."""
    penalties = UnitPenalty.objects.filter(department=department, unit__isnull=True,
                                           suspended_from__lte=_day(batch.list_deadline))
    for penalty in penalties.select_related("department", "suspended_batch").order_by("-decided_on", "-id"):
        if penalty_covers(penalty, batch):
            return _reason(penalty, batch, "本部门") + "。"
    return None


@dataclass(frozen=True)
class PenaltyRow:
    penalty: object
    term: str
    running: bool


def unit_penalties_for(unit) -> list[PenaltyRow]:
    """The unit's penalty history, newest first, each with its term in words and whether it still runs."""
    qs = UnitPenalty.objects.filter(unit=unit).select_related("unit", "suspended_batch", "recorded_by")
    today = timezone.localdate()
    return [PenaltyRow(p, penalty_term_text(p), penalty_is_running(p, today)) for p in qs]


def department_penalties_for(department) -> list[PenaltyRow]:
    qs = UnitPenalty.objects.filter(department=department, unit__isnull=True).select_related(
        "department", "suspended_batch", "recorded_by")
    today = timezone.localdate()
    return [PenaltyRow(p, penalty_term_text(p), penalty_is_running(p, today)) for p in qs]
