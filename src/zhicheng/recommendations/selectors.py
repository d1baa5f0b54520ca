"""Reads about recommendation lists that other apps reuse."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from zhicheng.accounts.scope import Scope
from zhicheng.accounts.validators import mask_id_number, normalise_id_number
from zhicheng.batches.models import Batch
from zhicheng.batches.selectors import batch_deadline_status
from zhicheng.orgs.models import Unit
from zhicheng.supervision.sanctions import unit_suspension_reason

from .models import ListStatus, RecommendationEntry, RecommendationList, RecommendationPolicy

MSG_NO_ID_NUMBER = "您的账号没有登记居民身份证号码，无法与单位报送的推荐人员名单核对。请先完善个人信息。"
MSG_NOT_LISTED = ("您不在本期任何用人单位已报送的推荐人员名单（附件3）上。请先由用人单位完成考核推荐、公示，"
                  "并在名单报送截止时间前报送名单。")
MSG_LIST_NOT_SUBMITTED = ("您所在单位（{unit}）尚未报送本期推荐人员名单（附件3）。"
                          "名单报送截止时间为{deadline}，单位报送后您方可开始网络申报。")
MSG_LIST_MISSED_DEADLINE = ("您所在单位（{unit}）未在{deadline}前报送本期推荐人员名单（附件3），"
                            "按通知规定本期不予网络审核。")

MSG_NEXT_WINDOW = ("您已列入{unit}{state}的{batch}推荐人员名单（附件3），该期网络申报时间为{start}至{end}，"
                   "届时请登录本平台申报。")
MSG_NEXT_STATE_SUBMITTED = "已报送"
MSG_NEXT_STATE_DRAFT = "正在编制（名单报送截止{deadline}）"
MSG_SHARED_ID_NUMBER = ("身份证号码 {id_number} 同时列在 {count} 个单位的推荐名单上：{listings}。"
                        "同一人只能由一个单位推荐，请与相关单位核实。")


def _fmt(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def entry_for_applicant(*, user, batch) -> RecommendationEntry | None:
    """The entry on a SUBMITTED list of ``batch`` whose id_number is the user's, or None."""
    id_number = normalise_id_number(getattr(user, "id_number", None))
    if not id_number:
        return None
    return (
        RecommendationEntry.objects.select_related("recommendation_list__unit", "recommendation_list__batch")
        .filter(recommendation_list__batch=batch, recommendation_list__status=ListStatus.SUBMITTED,
                id_number=id_number)
        .order_by("recommendation_list__submitted_at", "id")
        .first()
    )


def listing_problem(*, user, batch, now: dt.datetime | None = None) -> str | None:
    """Why this person cannot start an application in this batch as far as the list goes, or None."""
    id_number = normalise_id_number(getattr(user, "id_number", None))
    if not id_number:
        return MSG_NO_ID_NUMBER
    if entry_for_applicant(user=user, batch=batch) is not None:
        return None
    draft = (
        RecommendationEntry.objects.select_related("recommendation_list__unit")
        .filter(recommendation_list__batch=batch, id_number=id_number)
        .first()
    )
    if draft is None:
        return " ".join([MSG_NOT_LISTED, *upcoming_listings(user=user, now=now)])
    now = now or timezone.now()
    unit = draft.recommendation_list.unit.name
    if now >= batch.list_deadline:
        return MSG_LIST_MISSED_DEADLINE.format(unit=unit, deadline=_fmt(batch.list_deadline))
    return MSG_LIST_NOT_SUBMITTED.format(unit=unit, deadline=_fmt(batch.list_deadline))


def upcoming_listings(*, user, now: dt.datetime | None = None) -> list[str]:
    """The later batches whose list names this person (by id number), each with its application window."""
    id_number = normalise_id_number(getattr(user, "id_number", None))
    if not id_number:
        return []
    now = now or timezone.now()
    entries = (RecommendationEntry.objects.filter(id_number=id_number, recommendation_list__batch__is_published=True,
                                                  recommendation_list__batch__window_start__gt=now)
               .select_related("recommendation_list__unit", "recommendation_list__batch")
               .order_by("recommendation_list__batch__window_start"))
    out = []
    for entry in entries:
        rec_list, batch = entry.recommendation_list, entry.recommendation_list.batch
        state = (MSG_NEXT_STATE_SUBMITTED if rec_list.status == ListStatus.SUBMITTED
                 else MSG_NEXT_STATE_DRAFT.format(deadline=_fmt(batch.list_deadline)))
        out.append(MSG_NEXT_WINDOW.format(unit=rec_list.unit.name, state=state, batch=batch.name,
                                          start=_fmt(batch.window_start), end=_fmt(batch.window_end)))
    return out


def current_policy(unit) -> RecommendationPolicy | None:
    """The unit's recommendation system on file (the latest adopted), or None."""
    if unit is None:
        return None
    return RecommendationPolicy.objects.filter(unit=unit).order_by("-adopted_on", "-uploaded_at").first()


def lists_for_user(user):
    """Recommendation lists this user may see, filtered before any lookup (zhicheng.accounts.scope)."""
    return Scope.for_actor(user).recommendation_lists()


def unit_lists_for_batch(*, batch):
    """Every list of the batch with its entry count (for the bureau's overview)."""
    return (
        RecommendationList.objects.filter(batch=batch)
        .select_related("unit", "submitted_by")
        .annotate(entry_count=Count("entries"),
                  passed_count=Count("entries", filter=Q(entries__assessment_result="passed")))
        .order_by("unit__name")
    )


def unit_batch_rows(unit, now: dt.datetime | None = None) -> list[dict]:
    """For the unit's work page: each published batch of its district, its phase and the unit's list."""
    now = now or timezone.now()
    lists = {rl.batch_id: rl for rl in RecommendationList.objects.filter(unit=unit).annotate(n=Count("entries"))}
    rows = []
    for batch in Batch.objects.filter(district_id=unit.district_id, is_published=True).order_by("-window_start"):
        rec_list = lists.get(batch.pk)
        submitted = rec_list is not None and rec_list.status == ListStatus.SUBMITTED
        suspension = None if submitted or now >= batch.list_deadline else unit_suspension_reason(unit=unit,
                                                                                                batch=batch)
        if submitted:
            state, tag = "已报送", "tag-done"
        elif now >= batch.list_deadline:
            state, tag = "未按时报送，本期不予网络审核", "tag-fail"
        elif suspension:
            state, tag = "暂停推荐，不能报送名单", "tag-fail"
        elif rec_list is not None:
            state, tag = f"编辑中（{rec_list.n} 人）", "tag-progress"
        else:
            state, tag = "未开始", "tag-todo"
        rows.append({"batch": batch, "status": batch_deadline_status(batch, now), "list": rec_list,
                     "state": state, "tag": tag, "open": now < batch.list_deadline and not suspension,
                     "suspension": suspension})
    return rows


def district_list_rows(*, batch) -> list[dict]:
    """For the bureau: every unit of the batch's district with its list (or none) for the batch."""
    lists = {rl.unit_id: rl for rl in unit_lists_for_batch(batch=batch)}
    rows = []
    for unit in Unit.objects.filter(district_id=batch.district_id).order_by("name"):
        rows.append({"unit": unit, "list": lists.get(unit.pk)})
    rows.sort(key=lambda r: (r["list"] is None, r["list"] is not None and r["list"].status != ListStatus.SUBMITTED,
                             r["unit"].name))
    return rows


def shared_id_numbers(*, actor, batch, rec_list=None) -> list[str]:
    """For the district bureau: each ID number on the lists of more than one unit in ``batch`` (only those on
    ``rec_list`` when given), as a sentence naming every unit and the name it gave. Other roles get nothing (a
    unit or department must not learn what other units listed). Stored numbers are normalised on the way in
    (``zhicheng.core.identity``, migration recommendations 0004), so equal people compare equal here."""
    if not Scope.for_actor(actor).is_bureau_of(batch.district_id):
        return []
    in_batch = RecommendationEntry.objects.filter(recommendation_list__batch=batch)
    shared = (in_batch.values("id_number").annotate(units=Count("recommendation_list__unit", distinct=True))
              .filter(units__gt=1).values("id_number"))
    if rec_list is not None:
        shared = shared.filter(id_number__in=rec_list.entries.values("id_number"))
    listings: dict[str, list[str]] = {}
    for id_number, unit, name in (in_batch.filter(id_number__in=shared)
                                  .order_by("id_number", "recommendation_list__unit__name", "pk")
                                  .values_list("id_number", "recommendation_list__unit__name", "real_name")):
        listings.setdefault(id_number, []).append(f"{unit}（{name}）")
    return [MSG_SHARED_ID_NUMBER.format(id_number=mask_id_number(idn), count=len(items), listings="、".join(items))
            for idn, items in listings.items()]
