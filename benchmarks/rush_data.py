"""Data for benchmarks/deadline_rush.py: the demo, 100,000 existing applications, sessions, the users' plan.

Bulk rows are written with bulk_create (no workflow services: they are history, not behaviour under test);
the simulated people and their applications in the current batch come from the demo and from the same
bulk path, and every action in the measured run goes through the real views.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.batches.models import Batch
from zhicheng.core.demo import SHANGHAI, build_demo, make_id_number
from zhicheng.recommendations.models import (
    AssessmentResult,
    ListStatus,
    RecommendationEntry,
    RecommendationList,
    TitleLevel,
)

CHUNK = 5000
UNIT_KEYS = ["school", "soe", "private", "dispatch", "branch"]
SERIES = {"school": ("中小学教师", "小学数学"), "soe": ("工程", "建筑工程"), "private": ("工程", "电子信息工程"),
          "dispatch": ("工程", "机电工程"), "branch": ("工程", "道路与桥梁工程")}


def _at(y, m, d, h=0):
    return dt.datetime(y, m, d, h, tzinfo=SHANGHAI)


def _past_batches(world, count: int) -> list[Batch]:
    """Past quarterly batches of 盘龙区 (2020–2024), closed, for the history."""
    batches, year, seq = [], 2020, 1
    while len(batches) < count:
        if not Batch.objects.filter(district=world.districts["panlong"], year=year, sequence=seq).exists():
            month = 3 * seq
            batches.append(Batch.objects.create(
                district=world.districts["panlong"], name=f"{year}年第{seq}期", year=year, sequence=seq,
                list_deadline=_at(year, month, 1), window_start=_at(year, month, 2, 9),
                window_end=_at(year, month, 20, 17), revision_deadline=_at(year, month, 25, 17),
                review_deadline=_at(year, month, 28, 17), is_published=True, published_at=_at(year, month - 1, 1)))
        seq += 1
        if seq > 4:
            year, seq = year + 1, 1
    return batches


def _person_id(i: int) -> str:
    birth = dt.date(1975, 1, 1) + dt.timedelta(days=i // 200)
    return make_id_number("530103", birth, (i % 200) // 2, i % 2 == 0)


def _bulk(world, *, batch, unit_key: str, start: int, count: int, status: str, password: str) -> list:
    """count applicants with list entries and applications in one unit's list for one batch."""
    unit = world.units[unit_key]
    series, specialty = SERIES[unit_key]
    rec_list, _ = RecommendationList.objects.get_or_create(
        unit=unit, batch=batch, defaults={"status": ListStatus.SUBMITTED, "submitted_at": batch.list_deadline})
    made = []
    for offset in range(0, count, CHUNK):
        n = min(CHUNK, count - offset)
        ids = [_person_id(start + offset + k) for k in range(n)]
        users = User.objects.bulk_create([
            User(username=f"p{start + offset + k}", role=Role.APPLICANT, real_name=f"申报人{start + offset + k}",
                 id_number=ids[k], password=password) for k in range(n)])
        entries = RecommendationEntry.objects.bulk_create([
            RecommendationEntry(
                recommendation_list=rec_list, real_name=u.real_name, id_number=u.id_number, series=series,
                specialty=specialty, level=TitleLevel.ZHULIJI, post="技术员",
                assessment_result=AssessmentResult.PASSED, assessment_date=dt.date(2020, 1, 1),
                publicity_start=dt.date(2020, 1, 6), publicity_end=dt.date(2020, 1, 10),
                pledge_date=dt.date(2020, 1, 3), opinion_date=dt.date(2020, 1, 13)) for u in users])
        recognised = status == Status.RECOGNISED
        made += Application.objects.bulk_create([
            Application(
                batch=batch, applicant=u, unit=unit, recommendation_entry=e, status=status, series=series,
                specialty=specialty, level=TitleLevel.ZHULIJI, post="技术员", achievements="业绩" * 220,
                submitted_at=batch.window_start, return_count=0,
                recognised_on=batch.review_deadline.date() if recognised else None,
                recognised_level=TitleLevel.ZHULIJI if recognised else "")
            for u, e in zip(users, entries, strict=True)])
    return made


def _session_cookie(user) -> str:
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@transaction.atomic
def build(*, history: int, applicants: int, reviewers: int, workdir: Path) -> dict:
    world = build_demo()
    password = "!unusable"
    past = _past_batches(world, 20)
    current = world.batches["current"]
    backlog = min(5000, history // 20)  # waiting in the current batch's unit queues on deadline day
    per_batch = (history - backlog) // len(past)
    n = 0
    for i, batch in enumerate(past):
        unit_key = UNIT_KEYS[i % len(UNIT_KEYS)]
        n += len(_bulk(world, batch=batch, unit_key=unit_key, start=n, count=per_batch, status=Status.RECOGNISED,
                       password=password))
    for unit_key in UNIT_KEYS:
        share = backlog // len(UNIT_KEYS)
        _bulk(world, batch=current, unit_key=unit_key, start=n, count=share, status=Status.UNIT_REVIEW,
              password=password)
        n += share
    # The people who act during the rush: applicants with a draft in the current batch...
    rush_apps = []
    for k in range(applicants):
        rush_apps += _bulk(world, batch=current, unit_key=UNIT_KEYS[k % len(UNIT_KEYS)], start=n, count=1,
                           status=Status.DRAFT, password=password)
        n += 1
    Application.objects.filter(pk__in=[a.pk for a in rush_apps]).update(achievements="", submitted_at=None)
    # ...and reviewers: each unit's officer, both departments and the bureau, several sessions each.
    reviewer_users = [world.users[f"unit_{k}"] for k in UNIT_KEYS] + [
        world.users["dept_edu"], world.users["dept_build"], world.users["bureau"]]
    plan = {
        "history": Application.objects.count(),
        "bare": "/__bench__/bare",
        "queue": _url("applications:queue"),
        "applicants": [],
        "reviewers": [],
    }
    for app in rush_apps:
        plan["applicants"].append({
            "session": _session_cookie(app.applicant),
            "detail": _url("applications:detail", app.pk),
            "section": _url("applications:section", app.pk, "achievements"),
            "upload": _url("applications:attachments", app.pk),
            "check": _url("applications:check", app.pk),
            "submit": _url("applications:submit", app.pk),
            "mine": _url("applications:mine"),
        })
    for k in range(reviewers):
        user = reviewer_users[k % len(reviewer_users)]
        plan["reviewers"].append({"session": _session_cookie(user), "queue": plan["queue"], "role": user.role})
    plan["session_cookie"] = settings.SESSION_COOKIE_NAME
    return plan
