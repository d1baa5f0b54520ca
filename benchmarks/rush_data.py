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
from django.utils import timezone
from django.utils.module_loading import import_string

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.batches.models import Batch
from zhicheng.core.demo import SHANGHAI, build_demo, make_id_number
from zhicheng.documents.models import Attachment
from zhicheng.recommendations.models import (
    AssessmentResult,
    ListStatus,
    RecommendationEntry,
    RecommendationList,
    TitleLevel,
)

CHUNK = 5000
UNIT_KEYS = ["school", "soe", "private", "dispatch", "branch", "wuhua_firm"]
PANLONG_UNITS = UNIT_KEYS[:5]
SERIES = {"school": ("中小学教师", "小学数学"), "soe": ("工程", "建筑工程"), "private": ("工程", "电子信息工程"),
          "dispatch": ("工程", "机电工程"), "branch": ("工程", "道路与桥梁工程"), "wuhua_firm": ("工程", "软件工程")}
# What a cloned application does not take from its template: who, where, and the workflow's own facts.
NOT_CLONED = {"id", "batch_id", "applicant_id", "unit_id", "recommendation_entry_id", "status", "returned_from",
              "return_count", "revision_due", "submitted_at", "recognised_on", "recognised_level",
              "paper_received_on", "paper_received_by_id", "closed_reason", "closed_at", "created_at", "updated_at"}


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


def _bulk(world, *, batch, unit_key: str, start: int, count: int, status: str, password: str,
          template: Application | None = None) -> list:
    """count applicants with list entries and applications in one unit's list for one batch.

    With a ``template`` (an application completed through the services) every section and attachment is copied
    from it, so the copies can be submitted and decided through the real pages."""
    unit = world.units[unit_key]
    series, specialty = SERIES[unit_key]
    rec_list, _ = RecommendationList.objects.get_or_create(
        unit=unit, batch=batch, defaults={"status": ListStatus.SUBMITTED, "submitted_at": batch.list_deadline})
    made = []
    publicity_end = (batch.list_deadline - dt.timedelta(days=10)).date()  # the unit's 公示 before the list went in
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
                assessment_result=AssessmentResult.PASSED, assessment_date=publicity_end - dt.timedelta(days=10),
                publicity_start=publicity_end - dt.timedelta(days=6), publicity_end=publicity_end,
                pledge_date=publicity_end - dt.timedelta(days=8), opinion_date=publicity_end + dt.timedelta(days=1))
            for u in users])
        recognised = status == Status.RECOGNISED
        sections = ({f.attname: getattr(template, f.attname) for f in Application._meta.concrete_fields
                     if f.attname not in NOT_CLONED} if template else
                    {"series": series, "specialty": specialty, "level": TitleLevel.ZHULIJI, "post": "技术员",
                     "achievements": "业绩" * 220})
        apps = Application.objects.bulk_create([
            Application(
                batch=batch, applicant=u, unit=unit, recommendation_entry=e, status=status, return_count=0,
                submitted_at=None if status == Status.DRAFT else batch.window_start,
                recognised_on=batch.review_deadline.date() if recognised else None,
                recognised_level=TitleLevel.ZHULIJI if recognised else "", **sections)
            for u, e in zip(users, entries, strict=True)])
        if template:
            files = [{f.attname: getattr(a, f.attname) for f in Attachment._meta.concrete_fields
                      if f.attname not in ("id", "application_id", "uploaded_by_id")}
                     for a in template.attachments.all()]
            Attachment.objects.bulk_create([Attachment(application=app, uploaded_by=app.applicant, **f)
                                            for app in apps for f in files])
        made += apps
    return made


def _template(world, *, batch, unit_key: str, start: int, password: str) -> Application:
    """One application of this unit filled in and with every required attachment, through the services."""
    from zhicheng.applications.demo import fill, upload_all

    app = _bulk(world, batch=batch, unit_key=unit_key, start=start, count=1, status=Status.DRAFT,
                password=password)[0]
    now = timezone.now()
    app = fill(app, now=now)
    upload_all(app)
    app.refresh_from_db()
    return app


def _wuhua_batch(world, like: Batch) -> Batch:
    """五华区's batch open at the same time as 盘龙区's, with an approved unit officer: a second district at work."""
    wuhua = world.districts["wuhua"]
    batch = Batch.objects.create(
        district=wuhua, name=like.name, year=like.year, sequence=like.sequence, list_deadline=like.list_deadline,
        window_start=like.window_start, window_end=like.window_end, revision_deadline=like.revision_deadline,
        review_deadline=like.review_deadline, is_published=True, published_at=like.published_at)
    world.user("unit_wuhua_firm", role=Role.UNIT_OFFICER, real_name="五华经办人", unit=world.units["wuhua_firm"],
               note="五华区的单位")
    return batch


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
    """The demo, ``history`` applications and the people of the rush; returns the plan for the Locust users.

    Two districts are at work (盘龙区 and 五华区's batches open together). The backlog and the rush applicants'
    drafts are copies of applications completed through the services, so submissions, approvals and returns
    in the rush go through every guard, row lock and audit write of the real pages."""
    world = build_demo()
    password = "!unusable"
    past = _past_batches(world, 20)
    current = {"panlong": world.batches["current"]}
    current["wuhua"] = _wuhua_batch(world, current["panlong"])

    def batch_of(unit_key):
        return current["wuhua" if unit_key == "wuhua_firm" else "panlong"]

    backlog = min(6000, history // 20)  # waiting in the current batches' review queues on deadline day
    per_batch = (history - backlog) // len(past)
    n = 0
    for i, batch in enumerate(past):
        unit_key = PANLONG_UNITS[i % len(PANLONG_UNITS)]
        n += len(_bulk(world, batch=batch, unit_key=unit_key, start=n, count=per_batch, status=Status.RECOGNISED,
                       password=password))
    templates = {}
    for unit_key in UNIT_KEYS:
        templates[unit_key] = _template(world, batch=batch_of(unit_key), unit_key=unit_key, start=n,
                                        password=password)
        n += 1
    for unit_key in UNIT_KEYS:  # each unit's backlog: 3/5 at the unit, then the department (if any) and bureau
        share = backlog // len(UNIT_KEYS)
        has_department = world.units[unit_key].department_id is not None
        for status, part in ((Status.UNIT_REVIEW, 3), (Status.DEPARTMENT_RECHECK, 1), (Status.BUREAU_RECOGNITION, 1)):
            if status == Status.DEPARTMENT_RECHECK and not has_department:
                status = Status.BUREAU_RECOGNITION
            count = share * part // 5
            _bulk(world, batch=batch_of(unit_key), unit_key=unit_key, start=n, count=count, status=status,
                  password=password, template=templates[unit_key])
            n += count
    # The people who act during the rush: applicants with a complete draft, spread over the units...
    per_unit = -(-applicants // len(UNIT_KEYS))
    drafts = {}
    for unit_key in UNIT_KEYS:
        drafts[unit_key] = _bulk(world, batch=batch_of(unit_key), unit_key=unit_key, start=n, count=per_unit,
                                 status=Status.DRAFT, password=password, template=templates[unit_key])
        n += per_unit
    rush_apps = [drafts[k][i] for i in range(per_unit) for k in UNIT_KEYS][:applicants]
    # ...and reviewers: each unit's officer, both departments and both bureaus, several sessions each.
    reviewer_users = [world.users[f"unit_{k}"] for k in UNIT_KEYS] + [
        world.users["dept_edu"], world.users["dept_build"], world.users["bureau"], world.users["bureau_wuhua"]]
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
