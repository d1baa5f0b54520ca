"""Test data for supervision. Applications are built directly until the workflow services can reach every state
quickly; supervision only reads their status, batch, unit and applicant."""

import datetime as dt
import itertools

from zhicheng.applications.models import Application, Status
from zhicheng.batches.models import Batch
from zhicheng.core.demo import at, make_id_number
from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList, TitleLevel

_seq = itertools.count(1)


def make_batch(district, year, sequence, list_deadline: dt.date, days_open: int = 20) -> Batch:
    start = list_deadline + dt.timedelta(days=3)
    end = start + dt.timedelta(days=days_open)
    return Batch.objects.create(
        district=district, name=f"{year}年第{sequence}期", year=year, sequence=sequence,
        list_deadline=at(list_deadline.year, list_deadline.month, list_deadline.day, 17),
        window_start=at(start.year, start.month, start.day, 9), window_end=at(end.year, end.month, end.day, 17),
        revision_deadline=at(end.year, end.month, end.day, 17) + dt.timedelta(days=7),
        review_deadline=at(end.year, end.month, end.day, 17) + dt.timedelta(days=10), is_published=True,
    )


def make_application(*, person, unit, batch, status=Status.RECOGNISED, series="工程", level=TitleLevel.ZHULIJI,
                     **extra) -> Application:
    rec_list, _ = RecommendationList.objects.get_or_create(unit=unit, batch=batch,
                                                           defaults={"status": ListStatus.SUBMITTED})
    entry = RecommendationEntry.objects.create(
        recommendation_list=rec_list, real_name=person.real_name,
        id_number=person.id_number or make_id_number("530103", dt.date(1990, 1, 1), next(_seq), True),
        series=series, specialty="建筑工程", level=level)
    if status == Status.RECOGNISED:
        extra.setdefault("recognised_on", batch.review_deadline.date())
        extra.setdefault("recognised_level", level)
    return Application.objects.create(batch=batch, applicant=person, unit=unit, recommendation_entry=entry,
                                      status=status, series=series, specialty="建筑工程", level=level, **extra)
