"""Reads about supervision that other apps reuse."""

from django.db.models import Q


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
