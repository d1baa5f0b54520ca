"""Reviewers (unit officers, departments, the bureau): their queue, one application, its eligibility check and its
attachments — the same selectors as the queue and the review page, so each sees exactly what the page shows.

Applications are looked up inside ``applications_visible_to(token account)`` (another unit's is 404); ID numbers
are masked, as on the pages (the full number needs ``reveal_id_number`` and a purpose, which an API call has not).
"""

import datetime as dt
from typing import Literal

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from zhicheng.accounts.models import Role
from zhicheng.accounts.validators import mask_id_number
from zhicheng.applications import eligibility
from zhicheng.applications.models import Status
from zhicheng.applications.selectors import (
    PER_PAGE,
    SORTS,
    QueueFilters,
    application_for_page,
    attachments_visible_to,
    review_history,
    review_queue,
)
from zhicheng.documents.models import Attachment
from zhicheng.documents.uploads import download_name

from .core import (
    AUTH_ERRORS,
    OBJECT_ERRORS,
    ApiError,
    ErrorOut,
    TokenThrottle,
    object_id,
    require_role,
    token_auth,
)

router = Router(tags=["审核"], auth=token_auth, throttle=[TokenThrottle()])
REVIEWERS = (Role.UNIT_OFFICER, Role.DEPARTMENT_REVIEWER, Role.BUREAU_REVIEWER)
MSG_FILE_GONE = "文件已不存在，请联系申报人重新上传。"
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")


def _application(request, application_id: int):
    require_role(request, *REVIEWERS)
    return get_object_or_404(application_for_page(request.user, application_id), pk=application_id)


class QueueQuery(Schema):
    """The queue page's filters (same names and defaults; status defaults to the stage this account acts on)."""

    batch: int | None = Field(None, ge=1, le=2**31 - 1, description="批次 id")
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="单位 id")
    series: str = Field("", max_length=32, description="职称系列")
    status: Literal[tuple([*Status.values, "all"])] | None = Field(  # noqa: UP006
        None, description="状态；不填为本账号审核的环节，all 为全部")
    overdue: bool = Field(False, description="只看已逾期的")
    sort: Literal[tuple(SORTS)] = Field("deadline", description="排序")
    page: int = Field(1, ge=1, le=100_000)


class ApplicationRow(Schema):
    """An application as a row of a list (the queue, a batch's results); ID numbers masked."""

    id: int
    applicant_name: str
    id_number: str = Field(description="身份证号码（隐藏中间位）")
    unit: str
    series: str
    specialty: str
    level: str
    status: str
    status_label: str

    @classmethod
    def fields_of(cls, app) -> dict:
        return {"id": app.pk, "applicant_name": app.applicant.display_name,
                "id_number": mask_id_number(app.applicant.id_number or ""), "unit": app.unit.name,
                "series": app.series, "specialty": app.specialty, "level": app.get_level_display(),
                "status": app.status, "status_label": app.get_status_display()}


class QueueRow(ApplicationRow):
    batch: str
    submitted_at: dt.datetime | None
    deadline: str = Field(description="当前环节截止时间及剩余时间（中文）")
    overdue: bool
    url: str = Field(description="本申报的 API 地址")


class QueueOut(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    counts: dict[str, int] = Field(description="各状态的申报数（按批次、单位、系列筛选后）")
    items: list[QueueRow]


@router.get("review/queue", url_name="review_queue", response={200: QueueOut, **AUTH_ERRORS, 422: ErrorOut},
            summary="待审核队列（筛选、排序和分页与页面相同）")
def queue(request, filters: Query[QueueQuery]):
    require_role(request, *REVIEWERS)
    query = {k: str(v).lower() if isinstance(v, bool) else str(v)
             for k, v in filters.model_dump().items() if v is not None}
    result = review_queue(request.user, QueueFilters.from_query(query, request.user))
    rows = []
    for row in result.rows:
        app = row["app"]
        rows.append(QueueRow(**QueueRow.fields_of(app), batch=app.batch.name, submitted_at=app.submitted_at,
                             deadline=row["deadline"], overdue=bool(row["overdue"]),
                             url=reverse("api:review_application", args=[app.pk])))
    return QueueOut(total=result.total, page=result.page.number, pages=result.page.paginator.num_pages,
                    per_page=PER_PAGE, counts=result.counts, items=rows)


class ReviewOut(Schema):
    stage: str
    decision: str
    reviewer: str
    comment: str
    created_at: dt.datetime
    items: list[dict] = Field(description="退回修改的各项（部分、附件、原因）")


class ApplicationOut(Schema):
    id: int
    batch: str
    batch_id: int
    unit: str
    unit_id: int
    applicant_name: str
    id_number: str = Field(description="身份证号码（隐藏中间位）")
    status: str
    status_label: str
    series: str
    specialty: str
    level: str
    post: str
    employment_start: dt.date | None
    is_civil_servant: bool
    is_retired: bool
    is_legal_representative: bool
    months_in_current_post: int | None
    access_qualification: str
    skills: list
    education: list
    work_history: list
    insurance: list
    titles: list
    achievements: str
    return_count: int
    revision_due: dt.datetime | None
    submitted_at: dt.datetime | None
    recognised_on: dt.date | None
    recognised_level: str
    closed_reason: str
    history: list[ReviewOut]
    eligibility_url: str
    attachments_url: str


@router.get("review/applications/{application_id}", url_name="review_application",
            response={200: ApplicationOut, **OBJECT_ERRORS, **AUTH_ERRORS}, summary="一份申报的内容和审核记录")
def application(request, application_id: int = object_id()):
    app = _application(request, application_id)
    history = [ReviewOut(stage=r.get_stage_display(), decision=r.get_decision_display(),
                         reviewer=r.reviewer.display_name if r.reviewer else "", comment=r.comment,
                         created_at=r.created_at,
                         items=[{"section": i.get_section_display(), "attachment_category": i.attachment_category,
                                 "attachment_version": i.attachment_version, "reason": i.reason,
                                 "resolved": i.resolved} for i in r.items.all()])
               for r in review_history(app)]
    fields = ("series", "specialty", "post", "employment_start", "is_civil_servant", "is_retired",
              "is_legal_representative", "months_in_current_post", "access_qualification", "skills", "education",
              "work_history", "insurance", "titles", "achievements", "return_count", "revision_due",
              "submitted_at", "recognised_on", "recognised_level", "closed_reason", "status")
    return ApplicationOut(
        id=app.pk, batch=app.batch.name, batch_id=app.batch_id, unit=app.unit.name, unit_id=app.unit_id,
        applicant_name=app.applicant.display_name, id_number=mask_id_number(app.applicant.id_number or ""),
        status_label=app.get_status_display(), level=app.get_level_display(), history=history,
        eligibility_url=reverse("api:review_eligibility", args=[app.pk]),
        attachments_url=reverse("api:review_attachments", args=[app.pk]),
        **{f: getattr(app, f) for f in fields})


class EligibilityOut(Schema):
    application_id: int
    stored: bool = Field(description="true：提交时保存的核验结果；false：尚未提交，按当前填写内容计算")
    checked_at: dt.datetime | None
    parameter_version: str
    failing: list[str] = Field(description="不符合的条件（中文，附条款）")
    result: dict = Field(description="核验引擎的结果（与 /api/v1/eligibility 的 Result 相同）")


@router.get("review/applications/{application_id}/eligibility", url_name="review_eligibility",
            response={200: EligibilityOut, **OBJECT_ERRORS, **AUTH_ERRORS}, summary="申报条件自动核验结果")
def eligibility_result(request, application_id: int = object_id()):
    app = _application(request, application_id)
    result = app.eligibility or eligibility.evaluate(app)  # the review page's rule
    return EligibilityOut(application_id=app.pk, stored=bool(app.eligibility), checked_at=app.eligibility_checked_at,
                          parameter_version=app.parameter_version or eligibility.parameter_version(),
                          failing=eligibility.failing_messages(result), result=result)


class AttachmentOut(Schema):
    id: int
    category: str
    category_label: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    version: int
    is_current: bool
    uploaded_at: dt.datetime
    download_url: str = Field(description="用同一令牌下载文件的 API 地址")


@router.get("review/applications/{application_id}/attachments", url_name="review_attachments",
            response={200: list[AttachmentOut], **OBJECT_ERRORS, **AUTH_ERRORS},
            summary="附件的元数据和下载地址（含已被替换的旧版本）")
def attachments(request, application_id: int = object_id()):
    app = _application(request, application_id)
    return [AttachmentOut(id=a.pk, category=a.category, category_label=a.get_category_display(),
                          original_name=a.original_name, content_type=a.content_type, size=a.size, sha256=a.sha256,
                          version=a.version, is_current=a.is_current, uploaded_at=a.uploaded_at,
                          download_url=reverse("api:review_attachment_file", args=[a.pk]))
            for a in Attachment.objects.filter(application=app).order_by("category", "-version")]


@router.get("review/attachments/{attachment_id}/file", url_name="review_attachment_file",
            response={**OBJECT_ERRORS, **AUTH_ERRORS},
            openapi_extra={"responses": {200: {"description": "文件内容",
                                               "content": {t: {"schema": {"type": "string", "format": "binary"}}
                                                           for t in FILE_TYPES}}}},
            summary="下载一个附件")
def attachment_file(request, attachment_id: int = object_id()):
    require_role(request, *REVIEWERS)
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise ApiError(404, MSG_FILE_GONE) from None
    # The shown name may be "scan.pdf.exe"; the offered one ends in the extension of what the bytes are.
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True,
                            filename=download_name(attachment.original_name, attachment.content_type))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
