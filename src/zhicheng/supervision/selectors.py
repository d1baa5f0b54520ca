"""Reads about supervision that other apps reuse."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone


def integrity_ban_until(person, on: dt.date | None = None) -> dt.date | None:
    """Last day of the latest integrity record running on ``on`` (default today) for this person, or None.

    Matches the person's account and, so that a new account does not escape a record, their id number.
    Feed it to the eligibility profile as ``person.integrity_ban_until``.
    """
    from .models import IntegrityRecord

    on = on or timezone.localdate()
    who = Q(person_id=person.pk)
    if getattr(person, "id_number", None):
        who |= Q(id_number=person.id_number)
    latest = (IntegrityRecord.objects.filter(who, decided_on__lte=on, ban_until__gte=on)
              .order_by("-ban_until").values_list("ban_until", flat=True).first())
    return latest


def integrity_ban_until_for_id_number(id_number: str, on: dt.date | None = None) -> dt.date | None:
    """The same, by id number only (for people on a list who have no account yet)."""
    from .models import IntegrityRecord

    on = on or timezone.localdate()
    if not id_number:
        return None
    return (IntegrityRecord.objects.filter(id_number=id_number.upper(), decided_on__lte=on, ban_until__gte=on)
            .order_by("-ban_until").values_list("ban_until", flat=True).first())


def integrity_ban_reason(person, on: dt.date | None = None) -> str | None:
    """Why this person may not apply now (Chinese), or None."""
    until = integrity_ban_until(person, on)
    if until is None:
        return None
    return (f"您有在期的职称评审诚信档案记录，记录期至{until:%Y年%-m月%-d日}，"
            f"记录期内不得参加职称考核认定（通知六（一））。")


def unit_suspension_reason(*, unit, batch) -> str | None:
    """Why this unit may not take part in this batch, or None. Shown to the unit as it stands."""
    from .models import UnitPenalty

    day = batch.list_deadline.date()
    penalties = UnitPenalty.objects.filter(unit=unit).filter(
        Q(suspended_batch=batch)
        | (Q(suspended_batch__isnull=True) & Q(suspended_from__lte=day)
           & (Q(suspended_until__gte=day) | Q(suspended_until__isnull=True, corrected_on__isnull=True)))
    ).order_by("-decided_on")
    penalty = penalties.first()
    if penalty is None:
        return None
    if penalty.suspended_batch_id == batch.pk:
        until = f"暂停{batch.name}的职称考核认定工作"
    elif penalty.suspended_until:
        until = f"暂停至{penalty.suspended_until:%Y年%-m月%-d日}"
    else:
        until = "暂停至整改完成"
    return f"因“{penalty.get_kind_display()}”（{penalty.decided_on:%Y年%-m月%-d日}决定），本单位{until}，不能报送推荐名单。"
