"""Batch and year statistics for the bureau dashboard. Every figure is one aggregate query (values().annotate(Count));
the number of queries does not grow with the number of applications."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from zhicheng.applications import workflow
from zhicheng.applications.models import Application, ReturnItem, Section, Status
from zhicheng.applications.selectors import with_deadline
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.orgs.models import UnitKind
from zhicheng.recommendations.models import TitleLevel

IN_REVIEW = workflow.REVIEW_STATUSES


@dataclass
class Row:
    label: str
    count: int
    percent: float = 0.0  # of the table's largest count, for the bar chart


@dataclass
class Table:
    key: str
    title: str
    header: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    extra: list[tuple] = field(default_factory=list)  # extra columns per row (per-unit table)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)


def _table(key, title, header, counts: dict, labels: dict) -> Table:
    rows = [Row(str(labels.get(k, k or "（未填）")), n) for k, n in counts.items() if n]
    rows.sort(key=lambda r: -r.count)
    top = max((r.count for r in rows), default=0)
    for r in rows:
        r.percent = round(100 * r.count / top, 1) if top else 0.0
    return Table(key, title, header, rows)


def _grouped(qs, field_name: str) -> dict:
    return {row[field_name]: row["n"] for row in qs.values(field_name).annotate(n=Count("id")).order_by()}


@dataclass
class BatchStats:
    batch: object
    tables: dict[str, Table]
    total: int
    recognised: int
    rejected: int
    revoked: int
    pass_rate: float | None  # recognised ÷ (recognised + rejected), revoked counted as recognised
    overdue_returned: int
    overdue_review: int


def batch_stats(batch, now=None) -> BatchStats:
    """All tables for one batch (7 queries)."""
    now = now or timezone.now()
    apps = Application.objects.filter(batch=batch)
    by_status = _grouped(apps, "status")
    tables = {
        "status": _table("status", "按状态", ("状态", "申报数"), by_status, dict(Status.choices)),
        "series": _table("series", "按职称系列", ("职称系列", "申报数"), _grouped(apps, "series"), {}),
        "level": _table("level", "按申报级别", ("申报级别", "申报数"), _grouped(apps, "level"), dict(TitleLevel.choices)),
        "unit_kind": _table("unit_kind", "按单位性质", ("单位性质", "申报数"), _grouped(apps, "unit__kind"),
                            dict(UnitKind.choices)),
        "returns": _table("returns", "退回原因（按申报部分）", ("申报部分", "退回事项数"),
                          _grouped(ReturnItem.objects.filter(review__application__batch=batch), "section"),
                          dict(Section.choices)),
    }
    per_unit = (apps.values("unit__name", "unit__uscc").annotate(
        n=Count("id"), ok=Count("id", filter=Q(status__in=workflow.RECOGNISED_STATES)),
        no=Count("id", filter=Q(status=Status.REJECTED))).order_by("-n", "unit__name"))
    unit_table = Table("units", "各单位申报情况", ("单位", "统一社会信用代码", "申报数", "认定", "不予认定"))
    top = 0
    for row in per_unit:
        unit_table.rows.append(Row(row["unit__name"], row["n"]))
        unit_table.extra.append((row["unit__uscc"], row["ok"], row["no"]))
        top = max(top, row["n"])
    for r in unit_table.rows:
        r.percent = round(100 * r.count / top, 1) if top else 0.0
    tables["units"] = unit_table
    overdue = with_deadline(apps, now).aggregate(  # each case against its own step's deadline (四)
        returned=Count("id", filter=Q(status=Status.RETURNED, revision_due__lt=now)),
        review=Count("id", filter=Q(status__in=IN_REVIEW, deadline_at__lt=now)),
    )
    recognised = sum(by_status.get(s, 0) for s in workflow.RECOGNISED_STATES)
    rejected = by_status.get(Status.REJECTED, 0)
    decided = recognised + rejected
    return BatchStats(
        batch=batch, tables=tables, total=sum(by_status.values()), recognised=recognised, rejected=rejected,
        revoked=by_status.get(Status.REVOKED, 0), pass_rate=round(100 * recognised / decided, 1) if decided else None,
        overdue_returned=overdue["returned"], overdue_review=overdue["review"],
    )


@dataclass
class YearStats:
    year: int
    batches: list
    tables: dict[str, Table]
    total: int
    recognised: int
    rejected: int
    revoked: int
    pass_rate: float | None
    certificates_issued: int
    certificates_revoked: int


def stat_years(batches_qs) -> list[int]:
    """The years the given batches run in, newest first (the statistics page's year selector)."""
    return list(batches_qs.order_by("-year").values_list("year", flat=True).distinct())


def year_stats(batches_qs, year: int) -> YearStats:
    """The year's batches together (of the districts in ``batches_qs``, the actor's): applications by status, series
    and level, and per batch its applications, outcomes and certificates issued and revoked (6 queries). Every
    figure is the sum of the same figure over the year's batches."""
    batches = list(batches_qs.filter(year=year).select_related("district").order_by("window_start", "pk"))
    apps = Application.objects.filter(batch__in=[b.pk for b in batches])
    by_status = _grouped(apps, "status")
    tables = {
        "status": _table("status", "按状态", ("状态", "申报数"), by_status, dict(Status.choices)),
        "series": _table("series", "按职称系列", ("职称系列", "申报数"), _grouped(apps, "series"), {}),
        "level": _table("level", "按申报级别", ("申报级别", "申报数"), _grouped(apps, "level"), dict(TitleLevel.choices)),
    }
    per_batch = {row["batch_id"]: row for row in apps.values("batch_id").annotate(
        n=Count("id"), ok=Count("id", filter=Q(status__in=workflow.RECOGNISED_STATES)),
        no=Count("id", filter=Q(status=Status.REJECTED)), revoked=Count("id", filter=Q(status=Status.REVOKED)),
    ).order_by()}
    certificates = {row["application__batch_id"]: row for row in Certificate.objects.filter(
        application__batch__in=[b.pk for b in batches]).values("application__batch_id").annotate(
        issued=Count("id"), revoked=Count("id", filter=Q(status=CertificateStatus.REVOKED))).order_by()}
    table = Table("batches", f"{year}年各批次", ("批次", "申报数", "认定", "不予认定", "已撤销", "签发证书", "撤销证书"))
    for b in batches:
        row, certs = per_batch.get(b.pk, {}), certificates.get(b.pk, {})
        label = f"{b.district.name} {b.name}" if len({x.district_id for x in batches}) > 1 else b.name
        table.rows.append(Row(label, row.get("n", 0)))
        table.extra.append((row.get("ok", 0), row.get("no", 0), row.get("revoked", 0), certs.get("issued", 0),
                            certs.get("revoked", 0)))
    top = max((r.count for r in table.rows), default=0)
    for r in table.rows:
        r.percent = round(100 * r.count / top, 1) if top else 0.0
    tables["batches"] = table
    recognised = sum(by_status.get(s, 0) for s in workflow.RECOGNISED_STATES)
    rejected = by_status.get(Status.REJECTED, 0)
    decided = recognised + rejected
    return YearStats(
        year=year, batches=batches, tables=tables, total=sum(by_status.values()), recognised=recognised,
        rejected=rejected, revoked=by_status.get(Status.REVOKED, 0),
        pass_rate=round(100 * recognised / decided, 1) if decided else None,
        certificates_issued=sum(c["issued"] for c in certificates.values()),
        certificates_revoked=sum(c["revoked"] for c in certificates.values()))


def overdue_applications(batch, now=None, limit: int = 50):
    """The overdue items themselves (returned past their revision deadline, or still in review past the
    deadline of their own step: the unit's, the department's or the bureau's), for the bureau to chase."""
    now = now or timezone.now()
    return (with_deadline(Application.objects.filter(batch=batch), now)
            .filter(Q(status=Status.RETURNED, revision_due__lt=now) | Q(status__in=IN_REVIEW, deadline_at__lt=now))
            .select_related("applicant", "unit").order_by("revision_due", "pk")[:limit])


def district_overview(batches_qs) -> list[dict]:
    """Per district (city admin): applications, recognised and rejected over the given batches (one query)."""
    return list(Application.objects.filter(batch__in=batches_qs).values("batch__district__name").annotate(
        n=Count("id"), ok=Count("id", filter=Q(status__in=workflow.RECOGNISED_STATES)),
        no=Count("id", filter=Q(status=Status.REJECTED)),
    ).order_by("batch__district__name"))


def table_to_sheet_rows(table: Table) -> list[tuple]:
    """(header, *rows) for an Excel export of one table."""
    rows = [table.header]
    if table.key == "batches":
        rows += [(r.label, r.count, *extra) for r, extra in zip(table.rows, table.extra, strict=True)]
    elif table.extra:
        rows += [(r.label, *extra[:1], r.count, *extra[1:]) for r, extra in zip(table.rows, table.extra, strict=True)]
    else:
        rows += [(r.label, r.count) for r in table.rows]
    return rows
