import datetime as dt
import io
import random
from collections import Counter

import openpyxl
import time_machine
from django.urls import reverse

from tests.documents.helpers import assert_safe_download
from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Decision, ReturnItem, Review, Section, Status
from zhicheng.batches.models import Batch
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.core.demo import at, make_id_number
from zhicheng.documents.spreadsheets import XLSX_CONTENT_TYPE
from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList, TitleLevel
from zhicheng.supervision.stats import batch_stats, year_stats

N = 240
SERIES = ["工程", "教育", "农业", "档案"]


def _bulk(world, batch, n=N, seed=7, prefix="p"):
    """n applications in random states over four units, with returns; built with bulk_create."""
    rng = random.Random(seed)
    units = [world.units[k] for k in ("school", "soe", "private", "dispatch")]
    lists = {u.pk: RecommendationList.objects.create(unit=u, batch=batch, status=ListStatus.SUBMITTED) for u in units}
    people = User.objects.bulk_create([
        User(username=f"{prefix}{i}", role=Role.APPLICANT, real_name=f"人{i}",
             id_number=make_id_number("530102", dt.date(1990, 1, 1) + dt.timedelta(days=i + seed * 1000), i % 99,
                                      i % 2 == 0))
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
    assert_safe_download(export, f"stats-{batch.year}-{batch.sequence}-status.xlsx", XLSX_CONTENT_TYPE)
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


def _certify(apps) -> Counter:
    """Certificates for the recognised and revoked applications (revoked ones revoked); counted per batch."""
    made = Counter()
    certificates = []
    for a in apps:
        if a.status not in (Status.RECOGNISED, Status.REVOKED):
            continue
        revoked = a.status == Status.REVOKED
        certificates.append(Certificate(
            number=f"TEST-{a.pk}", application=a, holder=a.applicant, holder_name=a.applicant.real_name,
            id_number=a.applicant.id_number, id_number_masked="5301**********0000", series=a.series,
            specialty=a.specialty, level="助理级", unit_name=a.unit.name, recognised_on=dt.date(2024, 9, 30),
            district=a.batch.district, issuing_bureau=a.batch.district.bureau_name, payload="{}", signature="x",
            key_id="0" * 16, status=CertificateStatus.REVOKED if revoked else CertificateStatus.VALID))
        made[(a.batch_id, "issued")] += 1
        made[(a.batch_id, "revoked")] += revoked
    Certificate.objects.bulk_create(certificates)
    return made


@time_machine.travel("2024-12-20 10:00 +0800", tick=False)
def test_a_years_figures_are_the_sums_over_its_batches(world, login, django_assert_max_num_queries):
    q3 = world.batches["2024q3"]
    q4 = Batch.objects.create(
        district=q3.district, name="2024年第四期（12月）", year=2024, sequence=4, list_deadline=at(2024, 11, 20, 17),
        window_start=at(2024, 11, 25, 9), window_end=at(2024, 12, 10, 17), revision_deadline=at(2024, 12, 13, 17),
        review_deadline=at(2024, 12, 16, 17), is_published=True, published_at=at(2024, 10, 30, 9))
    apps = _bulk(world, q3, n=90, seed=3) + _bulk(world, q4, n=70, seed=5, prefix="q")
    _bulk(world, world.batches["current"], n=30, seed=9, prefix="r")  # 2026: not in the year
    certified = _certify(apps)
    batches = Batch.objects.filter(district=q3.district)

    with django_assert_max_num_queries(7):
        year = year_stats(batches, 2024)
    per_batch = [batch_stats(b) for b in (q3, q4)]
    assert [b.pk for b in year.batches] == [q3.pk, q4.pk]
    assert year.total == sum(b.total for b in per_batch) == 160
    assert year.recognised == sum(b.recognised for b in per_batch)
    assert year.rejected == sum(b.rejected for b in per_batch)
    assert year.revoked == sum(b.revoked for b in per_batch)
    for key in ("status", "series", "level"):
        summed = Counter()
        for b in per_batch:
            summed.update({r.label: r.count for r in b.tables[key].rows})
        assert {r.label: r.count for r in year.tables[key].rows} == dict(summed), key
    rows = dict(zip([r.label for r in year.tables["batches"].rows], year.tables["batches"].extra, strict=True))
    for b, stats in zip((q3, q4), per_batch, strict=True):
        assert rows[b.name] == (stats.recognised, stats.rejected, stats.revoked,
                                certified[(b.pk, "issued")], certified[(b.pk, "revoked")])
    assert year.certificates_issued == certified[(q3.pk, "issued")] + certified[(q4.pk, "issued")] > 0
    assert year.certificates_revoked == certified[(q3.pk, "revoked")] + certified[(q4.pk, "revoked")] > 0

    client = login(world.users["bureau"])
    page = client.get(reverse("supervision:stats"), {"year": "2024"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-stat="year_total">160<' in html and "2024年全年（2 个批次）" in html
    assert '<option value="2026"' in html and '<option value="2024" selected' in html
    year_export = client.get(reverse("supervision:stats_year_export"), {"year": "2024", "table": "all"})
    assert_safe_download(year_export, "stats-2024-all.xlsx", XLSX_CONTENT_TYPE)
    workbook = openpyxl.load_workbook(io.BytesIO(year_export.content))
    sheet = workbook["2024年各批次"]
    assert [c.value for c in sheet[1]] == ["批次", "申报数", "认定", "不予认定", "已撤销", "签发证书", "撤销证书"]
    assert sum(row[1].value for row in sheet.iter_rows(min_row=2)) == 160
    assert {ws.title for ws in workbook} == {"2024年各批次", "按状态", "按职称系列", "按申报级别"}

    for bad in ("abc", "1999", "2024年"):
        refused = client.get(reverse("supervision:stats"), {"year": bad})
        assert refused.status_code == 400 and "请从列表中选择年度。" in refused.content.decode()
    assert client.get(reverse("supervision:stats_year_export"), {"year": "2024", "table": "x"}).status_code == 404
    other = login(world.users["bureau_wuhua"]).get(reverse("supervision:stats"), {"year": "2024"})
    assert other.status_code == 400  # 五华区 has no 2024 batch: not 盘龙区's figures
