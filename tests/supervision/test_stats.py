import datetime as dt
import random
from collections import Counter

import time_machine
from django.urls import reverse

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Decision, ReturnItem, Review, Section, Status
from zhicheng.core.demo import at, make_id_number
from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList, TitleLevel
from zhicheng.supervision.stats import batch_stats

N = 240
SERIES = ["工程", "教育", "农业", "档案"]


def _bulk(world, batch, n=N, seed=7):
    """n applications in random states over four units, with returns; built with bulk_create."""
    rng = random.Random(seed)
    units = [world.units[k] for k in ("school", "soe", "private", "dispatch")]
    lists = {u.pk: RecommendationList.objects.create(unit=u, batch=batch, status=ListStatus.SUBMITTED) for u in units}
    people = User.objects.bulk_create([
        User(username=f"p{i}", role=Role.APPLICANT, real_name=f"人{i}",
             id_number=make_id_number("530102", dt.date(1990, 1, 1) + dt.timedelta(days=i), i % 99, i % 2 == 0))
        for i in range(n)])
    choices = [units[rng.randrange(4)] for _ in range(n)]
    entries = RecommendationEntry.objects.bulk_create([
        RecommendationEntry(recommendation_list=lists[u.pk], real_name=p.real_name, id_number=p.id_number,
                            series="工程", specialty="x", level=TitleLevel.ZHULIJI) for p, u in zip(people, choices, strict=True)])
    statuses = [s for s in Status.values if s != Status.DRAFT] + [Status.DRAFT]
    apps = Application.objects.bulk_create([
        Application(batch=batch, applicant=p, unit=u, recommendation_entry=e, status=rng.choice(statuses),
                    series=rng.choice(SERIES), specialty="x", level=rng.choice(TitleLevel.values),
                    revision_due=at(2024, 9, 27, 17) if rng.random() < 0.5 else at(2024, 10, 30, 17))
        for p, u, e in zip(people, choices, entries, strict=True)])
    reviews = Review.objects.bulk_create([Review(application=a, stage=Status.UNIT_REVIEW, decision=Decision.RETURN)
                                          for a in apps if rng.random() < 0.3])
    ReturnItem.objects.bulk_create([ReturnItem(review=r, section=rng.choice(Section.values), reason="补充")
                                    for r in reviews for _ in range(rng.randrange(1, 4))])
    return apps


@time_machine.travel("2024-10-10 10:00 +0800", tick=False)
def test_dashboard_numbers_equal_independent_counts_with_bounded_queries(world, django_assert_max_num_queries):
    batch = world.batches["2024q3"]
    apps = _bulk(world, batch)
    with django_assert_max_num_queries(8):
        data = batch_stats(batch)

    status = Counter(a.status for a in apps)
    assert {Status(s).label: n for s, n in status.items()} == {
        r.label: r.count for r in data.tables["status"].rows}
    assert dict(Counter(a.series for a in apps)) == {r.label: r.count for r in data.tables["series"].rows}
    assert {TitleLevel(k).label: n for k, n in Counter(a.level for a in apps).items()} == {
        r.label: r.count for r in data.tables["level"].rows}
    kinds = Counter(a.unit.get_kind_display() for a in apps)
    assert dict(kinds) == {r.label: r.count for r in data.tables["unit_kind"].rows}
    sections = Counter(Section(i.section).label for i in ReturnItem.objects.all())
    assert dict(sections) == {r.label: r.count for r in data.tables["returns"].rows}
    per_unit = Counter(a.unit.name for a in apps)
    assert dict(per_unit) == {r.label: r.count for r in data.tables["units"].rows}

    recognised = status[Status.RECOGNISED] + status[Status.REVOKED]
    assert data.total == N and data.recognised == recognised
    assert data.pass_rate == round(100 * recognised / (recognised + status[Status.REJECTED]), 1)
    now = at(2024, 10, 10, 10)
    assert data.overdue_returned == sum(1 for a in apps if a.status == Status.RETURNED and a.revision_due < now)
    in_review = (Status.UNIT_REVIEW, Status.DEPARTMENT_RECHECK, Status.BUREAU_RECOGNITION)
    assert data.overdue_review == sum(1 for a in apps if a.status in in_review)  # review deadline passed


@time_machine.travel("2024-10-10 10:00 +0800", tick=False)
def test_stats_page_charts_exports_and_scoping(world, login, django_assert_max_num_queries):
    batch = world.batches["2024q3"]
    _bulk(world, batch, n=60)
    client = login(world.users["bureau"])
    with django_assert_max_num_queries(25):
        page = client.get(reverse("supervision:stats"), {"batch": batch.pk})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and 'data-stat="total">60<' in html
    assert "<script" not in html.split("<main", 1)[1]
    export = client.get(reverse("supervision:stats_export", args=[batch.pk, "status"]))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert client.get(reverse("supervision:stats_export", args=[batch.pk, "nope"])).status_code == 404
    other = login(world.users["bureau_wuhua"])
    assert other.get(reverse("supervision:stats"), {"batch": batch.pk}).status_code == 404
    admin = login(world.users["admin"])
    assert "各辖区汇总" in admin.get(reverse("supervision:stats")).content.decode()


def test_a_case_the_unit_left_past_its_own_deadline_is_overdue(world):
    """四: the unit's first review closes with the application window, long before the bureau's deadline."""
    from tests.applications.conftest import NOW, put_on_list
    from zhicheng.applications.demo import submitted
    from zhicheng.supervision.stats import overdue_applications

    batch = world.batches["current"]
    put_on_list(world, "li_si")
    app = submitted(world.users["li_si"], batch, now=NOW)
    after_window = at(2026, 12, 21, 9)
    assert batch.window_end < after_window < batch.review_deadline
    assert batch_stats(batch, now=after_window).overdue_review == 1
    assert [a.pk for a in overdue_applications(batch, now=after_window)] == [app.pk]
    assert batch_stats(batch, now=NOW).overdue_review == 0
