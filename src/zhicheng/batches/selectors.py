"""Reads about batches that other apps reuse (scoped querysets, the current batch, deadline status)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.scope import Scope
from zhicheng.orgs.models import District

from .models import Batch, BatchPhase


def format_moment(moment: dt.datetime | None) -> str:
    """2024年9月20日 17:00 in Asia/Shanghai (the project's TIME_ZONE)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def format_remaining(delta: dt.timedelta) -> str:
    """Time left in words: 还剩 3 天 5 小时 / 还剩 2 小时 10 分钟 / 还剩 8 分钟 / 已截止."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "已截止"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(rest // 60, 0)
    if days:
        return f"还剩 {days} 天 {hours} 小时" if hours else f"还剩 {days} 天"
    if hours:
        return f"还剩 {hours} 小时 {minutes} 分钟" if minutes else f"还剩 {hours} 小时"
    return f"还剩 {max(minutes, 1)} 分钟"


@dataclass(frozen=True)
class DeadlineStatus:
    phase: str
    phase_label: str
    deadline_label: str  # e.g. 网络申报截止; "" once the batch has closed
    deadline: dt.datetime | None
    remaining: dt.timedelta | None
    remaining_text: str
    deadline_text: str  # 2024年9月20日 17:00
    is_closed: bool
    is_urgent: bool  # less than 3 days to the next deadline


def batch_deadline_status(batch: Batch, now: dt.datetime | None = None) -> DeadlineStatus:
    """The batch's phase and the next deadline with the time left, as of ``now``."""
    now = now or timezone.now()
    phase = batch.phase(now)
    nxt = batch.next_deadline(now)
    if nxt is None:
        return DeadlineStatus(phase, BatchPhase(phase).label, "", None, None, "本期已结束", "", True, False)
    label, moment = nxt
    remaining = moment - now
    return DeadlineStatus(
        phase=phase, phase_label=BatchPhase(phase).label, deadline_label=str(label), deadline=moment,
        remaining=remaining, remaining_text=format_remaining(remaining), deadline_text=format_moment(moment),
        is_closed=False, is_urgent=remaining < dt.timedelta(days=3),
    )


def current_batch_for_unit(unit, now: dt.datetime | None = None) -> Batch | None:
    """The published batch of the unit's district that is running (or next to run) at ``now``, or None.

    A batch "runs" from its publication until its review deadline; when two are open (one closing, the next
    already published), the one whose application window comes first is returned.
    """
    if unit is None:
        return None
    now = now or timezone.now()
    return (
        Batch.objects.filter(district_id=unit.district_id, is_published=True, review_deadline__gte=now)
        .order_by("window_start")
        .first()
    )


def batches_for_user(user):
    """Batches this user may see: the admin all, bureau staff their district, others their unit's district."""
    return Scope.for_actor(user).batches()


def managed_batches(user):
    """Batches this user may create, edit and publish: bureau staff of the district, or an admin."""
    return Scope.for_actor(user).managed_batches()


def batch_change_rows(batch: Batch) -> list[tuple]:
    """(change, [(label, before text, after text), ...]) for the batch's date changes, newest first."""
    from .services import DATE_LABELS

    def text(value):
        try:
            return format_moment(dt.datetime.fromisoformat(value)) if value else "—"
        except (TypeError, ValueError):
            return str(value)

    rows = []
    for change in batch.changes.select_related("changed_by"):
        items = [(DATE_LABELS.get(k, k), text(change.before.get(k)), text(v)) for k, v in change.after.items()]
        rows.append((change, items))
    return rows


def district_of_user(user):
    """The district a person deals with: staff their own, officers their unit's or department's, applicants the
    district of their latest application (None for the city-wide admin, an applicant yet to apply, visitors)."""
    if not user.is_authenticated:
        return None
    if user.district_id:
        return user.district
    # One query each (not the unit, then its district), on every page's footer.
    if user.unit_id:
        return District.objects.filter(units__pk=user.unit_id).first()
    if user.department_id:
        return District.objects.filter(departments__pk=user.department_id).first()
    latest = user.applications.select_related("batch__district").order_by("-created_at", "-pk").first() \
        if user.role == Role.APPLICANT else None
    return latest.batch.district if latest else None


def notice_for_user(user, now: dt.datetime | None = None) -> tuple:
    """(district, batch) the footer cites: the person's district and its running batch (else its latest published
    one); (None, None) when the person has no district yet."""
    district = district_of_user(user)
    if district is None:
        return None, None
    now = now or timezone.now()
    published = Batch.objects.filter(district=district, is_published=True)
    batch = published.filter(review_deadline__gte=now).order_by("window_start").first() \
        or published.order_by("-window_start").first()
    return district, batch
