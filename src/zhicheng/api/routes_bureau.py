"""District bureaus: a batch's results and the certificates issued or revoked since a moment (incremental pulls);
and the public certificate check by number + name, under the verification page's own per-IP throttle.
"""

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Status
from zhicheng.applications.selectors import applications_visible_to
from zhicheng.batches.selectors import batches_for_user
from zhicheng.certificates import selectors as certificate_selectors
from zhicheng.certificates import services as certificate_services
from zhicheng.certificates import throttle
from zhicheng.certificates.models import CertificateStatus, VerificationMethod
from zhicheng.core.clientip import client_ip

from .core import (
    AUTH_ERRORS,
    ApiError,
    ErrorOut,
    Strict,
    Text,
    TokenThrottle,
    object_id,
    require_role,
    token_auth,
)
from .routes_review import ApplicationRow

router = Router(tags=["人社局"], auth=token_auth, throttle=[TokenThrottle()])
public = Router(tags=["公开查验（无需令牌）"])
RESULT_STATUSES = (Status.RECOGNISED, Status.REJECTED, Status.RETURNED, Status.CLOSED)
RESULTS_PER_PAGE = 200
CHANGES_LIMIT = 500
MSG_BATCH = "未找到该批次，或它不属于本局辖区。"
MSG_SINCE_FUTURE = "since 不能晚于当前时间。"
# Nothing is older than the platform: an earlier since means "everything", and clamping it keeps far-past
# moments (year 1 with an offset) from overflowing when they are turned into UTC.
EARLIEST_CHANGE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MSG_THROTTLED = "查验过于频繁，请 10 分钟后再试。如需批量核验，请联系发证的区人社局。"  # the page's words


class ResultsQuery(Schema):
    status: Literal[tuple(RESULT_STATUSES)] | None = Field(None, description="只看一种结果；不填为全部四种")
    page: int = Field(1, ge=1, le=100_000)


class ResultRow(ApplicationRow):
    unit_uscc: str
    recognised_on: dt.date | None
    recognised_level: str
    closed_reason: str
    revision_due: dt.datetime | None
    certificate_number: str


class ResultsOut(Schema):
    batch_id: int
    batch: str
    counts: dict[str, int]
    total: int
    page: int
    pages: int
    items: list[ResultRow]


@router.get("bureau/batches/{batch_id}/results", url_name="bureau_batch_results",
            response={200: ResultsOut, 404: ErrorOut, **AUTH_ERRORS, 422: ErrorOut},
            summary="批次的审核结果：已认定、不予认定、退回修改、已终止")
def batch_results(request, query: Query[ResultsQuery], batch_id: int = object_id()):
    require_role(request, Role.BUREAU_REVIEWER)
    batch = batches_for_user(request.user).filter(pk=batch_id).first()
    if batch is None:
        raise ApiError(404, MSG_BATCH)
    qs = applications_visible_to(request.user).filter(batch=batch, status__in=RESULT_STATUSES)
    counts = {s: 0 for s in RESULT_STATUSES}
    for status in qs.values_list("status", flat=True):
        counts[status] += 1
    if query.status:
        qs = qs.filter(status=query.status)
    total = sum(counts.values()) if not query.status else counts[query.status]
    pages = max(1, -(-total // RESULTS_PER_PAGE))
    start = (min(query.page, pages) - 1) * RESULTS_PER_PAGE
    apps = list(qs.select_related("applicant", "unit", "certificate").order_by("unit__name", "pk")
                [start:start + RESULTS_PER_PAGE])
    items = [ResultRow(
        **ResultRow.fields_of(a), unit_uscc=a.unit.uscc, recognised_on=a.recognised_on,
        recognised_level=a.get_recognised_level_display() if a.recognised_level else "", closed_reason=a.closed_reason,
        revision_due=a.revision_due if a.status == Status.RETURNED else None,
        certificate_number=getattr(getattr(a, "certificate", None), "number", "") or "") for a in apps]
    return ResultsOut(batch_id=batch.pk, batch=batch.name, counts=counts, total=total, page=min(query.page, pages),
                      pages=pages, items=items)


class ChangesQuery(Schema):
    since: dt.datetime = Field(description="从此时刻起（含）的变化，ISO 8601，例如 2026-12-01T00:00:00+08:00")


class CertificateFields(Schema):
    """What a certificate says (the ID number masked, as on the public verification page)."""

    number: str
    holder_name: str
    id_number: str = Field(description="身份证号码（隐藏中间位）")
    series: str
    specialty: str
    level: str
    unit_name: str
    recognised_on: dt.date
    revoked_at: dt.datetime | None

    @classmethod
    def fields_of(cls, c) -> dict:
        return {"number": c.number, "holder_name": c.holder_name, "id_number": c.id_number_masked,
                "series": c.series, "specialty": c.specialty, "level": c.level, "unit_name": c.unit_name,
                "recognised_on": c.recognised_on, "revoked_at": c.revoked_at}


class CertificateOut(CertificateFields):
    issued_at: dt.datetime
    status: str
    revoke_reason: str


class ChangeOut(Schema):
    kind: Literal["issued", "revoked"]
    at: dt.datetime
    certificate: CertificateOut


class ChangesOut(Schema):
    since: dt.datetime
    until: dt.datetime = Field(description="下次拉取时作为 since 传入（不含此刻及以后的变化）")
    complete: bool = Field(description="false：变化超过 500 条，请以 until 为 since 继续拉取")
    changes: list[ChangeOut]


def certificate_out(c) -> CertificateOut:
    return CertificateOut(**CertificateOut.fields_of(c), issued_at=c.issued_at, status=c.status,
                          revoke_reason=c.revoke_reason)


@router.get("bureau/certificates/changes", url_name="bureau_certificate_changes",
            response={200: ChangesOut, **AUTH_ERRORS, 422: ErrorOut},
            summary="某时刻以来签发和撤销的电子证书（增量拉取）")
def certificate_changes(request, query: Query[ChangesQuery]):
    require_role(request, Role.BUREAU_REVIEWER)
    now = timezone.now()
    since = query.since if timezone.is_aware(query.since) else timezone.make_aware(query.since)
    # Any ISO 8601 offset is a valid moment, but PostgreSQL refuses offsets beyond ±15:59 (-19:18 was a 500):
    # compare in UTC.
    since = EARLIEST_CHANGE if since < EARLIEST_CHANGE else since.astimezone(dt.UTC)
    if since > now:
        raise ApiError(422, MSG_SINCE_FUTURE, [("since", MSG_SINCE_FUTURE)])
    visible = certificate_selectors.certificates_visible_to(request.user)
    events = [("issued", c.issued_at, c) for c in
              visible.filter(issued_at__gte=since, issued_at__lt=now).order_by("issued_at")[:CHANGES_LIMIT + 1]]
    events += [("revoked", c.revoked_at, c) for c in
               visible.filter(status=CertificateStatus.REVOKED, revoked_at__gte=since, revoked_at__lt=now)
               .order_by("revoked_at")[:CHANGES_LIMIT + 1]]
    events.sort(key=lambda e: (e[1], e[2].pk, e[0]))
    until, complete = now, True
    if len(events) > CHANGES_LIMIT:
        # Cut before the first moment left out, so the next pull (since = until) misses nothing.
        until, complete = events[CHANGES_LIMIT][1], False
        events = [e for e in events if e[1] < until]
    return ChangesOut(since=since, until=until, complete=complete,
                      changes=[ChangeOut(kind=k, at=at, certificate=certificate_out(c)) for k, at, c in events])


class VerifyIn(Strict):
    number: Text(60) = Field(description="证书编号，例如 云职初认〔2026〕盘龙0000001")
    name: Text(50) = Field(description="持证人姓名")


class VerifyOut(CertificateFields):
    valid: bool = Field(description="true：有效；false：已撤销")
    status_label: str
    issuing_bureau: str


@public.post("certificates/verify", url_name="certificate_verify", auth=None,
             response={200: VerifyOut, 404: ErrorOut, 429: ErrorOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut},
             summary="电子职称证书查验（证书编号 + 姓名，与查验页面同一限流）")
def verify(request, payload: VerifyIn):
    ip = client_ip(request)
    if throttle.is_throttled(ip):
        raise ApiError(429, MSG_THROTTLED)
    certificate = certificate_selectors.certificate_by_number_and_name(payload.number, payload.name)
    throttle.charge(ip, found=certificate is not None)
    if certificate is None:
        raise ApiError(404, certificate_selectors.MSG_NOT_FOUND)
    certificate_services.verification_log(certificate=certificate, method=VerificationMethod.NUMBER_NAME,
                                          request=request)
    return VerifyOut(**VerifyOut.fields_of(certificate), valid=certificate.is_valid,
                     status_label=certificate.get_status_display(), issuing_bureau=certificate.issuing_bureau)
