"""Units: the current batch, their 附件3 list (read, add, change, remove entries) and its submission.

Every write goes through the same services as the list page and the Excel import
(``zhicheng.recommendations.services``), so the shared validator (``checks.validate_entries``) judges every
entry, reports every row's problems at once, and nothing is saved unless all rows pass. The batch and the
entries are looked up inside the token account's own scope first (``batches_for_user``, ``lists_for_user``):
another unit's object is 404.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from zhicheng.accounts.models import Role
from zhicheng.batches.selectors import batch_deadline_status, batches_for_user, current_batch_for_unit
from zhicheng.recommendations import services
from zhicheng.recommendations.checks import ENTRY_FIELDS
from zhicheng.recommendations.models import RecommendationEntry
from zhicheng.recommendations.selectors import lists_for_user

from .core import (
    AUTH_ERRORS,
    INPUT_ERRORS,
    OBJECT_ERRORS,
    ApiError,
    ErrorOut,
    Strict,
    Text,
    TokenThrottle,
    object_id,
    refuse,
    require_role,
    token_auth,
)

router = Router(tags=["用人单位"], auth=token_auth, throttle=[TokenThrottle()])
MSG_NO_CURRENT = "本单位所在辖区目前没有进行中的申报批次。"
MSG_BATCH = "未找到该批次，或它不属于本单位所在辖区。"
MSG_NO_ENTRIES = "请在 entries 中至少填写一名人员。"
MAX_ROWS = 500


def _officer(request):
    require_role(request, Role.UNIT_OFFICER)
    return request.user


def _batch(request, batch_id: int):
    user = _officer(request)
    qs = batches_for_user(user).filter(district_id=user.unit.district_id)
    batch = qs.filter(pk=batch_id).first()
    if batch is None:
        raise ApiError(404, MSG_BATCH)
    return batch


def _own_entry(request, entry_id: int) -> RecommendationEntry:
    user = _officer(request)
    qs = RecommendationEntry.objects.select_related("recommendation_list__batch", "recommendation_list__unit")
    return get_object_or_404(qs.filter(recommendation_list__in=lists_for_user(user)), pk=entry_id)


class BatchOut(Schema):
    id: int
    name: str
    district: str
    list_deadline: dt.datetime
    window_start: dt.datetime
    window_end: dt.datetime
    review_deadline: dt.datetime
    phase: str = Field(description="批次当前阶段（中文）")
    next_deadline: str = Field(description="下一个截止时间及剩余时间（中文）")


def batch_out(batch) -> BatchOut:
    status = batch_deadline_status(batch)
    return BatchOut(id=batch.pk, name=batch.name, district=batch.district.name, list_deadline=batch.list_deadline,
                    window_start=batch.window_start, window_end=batch.window_end,
                    review_deadline=batch.review_deadline, phase=str(status.phase_label),
                    next_deadline=f"{status.deadline_label}：{status.deadline_text}" if status.deadline else "")


class EntryIn(Strict):
    """One person of the 附件3 list; the same fields as the screen and the Excel template."""

    real_name: Text(1000) = Field(description="姓名，与身份证一致")
    id_number: Text(40) = Field(description="居民身份证号码（18 位）")
    series: Text(40) = Field(description="申报的职称系列，例如：工程")
    specialty: Text(1000) = Field(description="申报专业")
    level: Text(16) = Field(description="申报级别：yuanji（员级）或 zhuliji（助理级）")
    post: Text(1000) = ""
    assessment_result: Text(16) = Field("passed", description="考核结果：passed 或 failed")
    assessment_date: dt.date | None = None
    last_annual_review: Text(16) = Field("qualified", description="上年度考核：excellent、qualified、basic、failed、none")
    obeys_arrangements: bool = True
    competent_in_post: bool = True
    publicity_start: dt.date | None = None
    publicity_end: dt.date | None = None
    publicity_objection: bool = False
    pledge_date: dt.date | None = Field(None, description="公示表“本人郑重承诺”落款日期")
    opinion_date: dt.date | None = Field(None, description="公示表“单位审核意见”落款日期")
    using_unit_name: Text(1000) = Field("", description="劳务派遣：实际用工单位")
    second_publicity_start: dt.date | None = None
    second_publicity_end: dt.date | None = None
    using_unit_approved: bool = False


class EntriesIn(Strict):
    entries: list[EntryIn] = Field(max_length=MAX_ROWS, description=f"要加入名单的人员（一次最多 {MAX_ROWS} 人）")


class EntryOut(Schema):
    id: int
    real_name: str
    id_number: str
    series: str
    specialty: str
    level: str
    post: str
    assessment_result: str
    assessment_date: dt.date | None
    last_annual_review: str
    obeys_arrangements: bool
    competent_in_post: bool
    publicity_start: dt.date | None
    publicity_end: dt.date | None
    publicity_objection: bool
    pledge_date: dt.date | None
    opinion_date: dt.date | None
    using_unit_name: str
    second_publicity_start: dt.date | None
    second_publicity_end: dt.date | None
    using_unit_approved: bool
    has_dispatch_agreement: bool
    problems: list[str] = Field(description="不能推荐的原因（为空则可以推荐）")


class ListOut(Schema):
    batch: BatchOut
    status: str = Field(description="none（尚未建立）、draft（编辑中）或 submitted（已报送）")
    submitted_at: dt.datetime | None
    can_edit: bool
    not_editable_reason: str
    submit_problems: list[str] = Field(description="报送前须解决的问题（为空则可以报送）")
    entries: list[EntryOut]


def entry_out(entry, problems: list[str]) -> EntryOut:
    data = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    return EntryOut(id=entry.pk, has_dispatch_agreement=bool(entry.dispatch_agreement), problems=problems, **data)


def list_out(request, batch) -> ListOut:
    rec_list = lists_for_user(request.user).filter(batch=batch).first()
    if rec_list is None:
        reason = services.editable_reason_for_batch(batch, unit=request.user.unit) or ""
        return ListOut(batch=batch_out(batch), status="none", submitted_at=None, can_edit=not reason,
                       not_editable_reason=reason, submit_problems=[services.MSG_NO_LIST], entries=[])
    reasons, per_entry = services.submit_reasons(rec_list)
    reason = services.editable_reason(rec_list) or ""
    return ListOut(batch=batch_out(batch), status=rec_list.status, submitted_at=rec_list.submitted_at,
                   can_edit=not reason, not_editable_reason=reason, submit_problems=reasons,
                   entries=[entry_out(e, per_entry.get(e.pk, [])) for e in rec_list.entries.all()])


@router.get("unit/batches/current", url_name="unit_current_batch", response={200: BatchOut, **OBJECT_ERRORS, **AUTH_ERRORS},
            summary="本单位当前的申报批次")
def current_batch(request):
    batch = current_batch_for_unit(_officer(request).unit)
    if batch is None:
        raise ApiError(404, MSG_NO_CURRENT)
    return batch_out(batch)


@router.get("unit/batches/{batch_id}/list", url_name="unit_list",
            response={200: ListOut, **OBJECT_ERRORS, **AUTH_ERRORS}, summary="本单位该批次的推荐人员名单（附件3）")
def read_list(request, batch_id: int = object_id()):
    return list_out(request, _batch(request, batch_id))


@router.post("unit/batches/{batch_id}/list/entries", url_name="unit_list_entries",
             response={201: ListOut, **OBJECT_ERRORS, **AUTH_ERRORS, **INPUT_ERRORS},
             summary="向名单加入人员（全部无误才保存；每条的问题一次列出）")
def add_entries(request, payload: EntriesIn, batch_id: int = object_id()):
    batch = _batch(request, batch_id)
    if not payload.entries:
        raise ApiError(422, MSG_NO_ENTRIES, [("entries", MSG_NO_ENTRIES)])
    rows = [{"label": f"第 {i} 条（entries[{i - 1}]）", "data": e.model_dump()} for i, e in
            enumerate(payload.entries, start=1)]
    try:
        with transaction.atomic():  # a refused call leaves no empty list behind either
            rec_list = lists_for_user(request.user).filter(batch=batch).first() or \
                services.recommendation_list_open(unit=request.user.unit, batch=batch, actor=request.user)
            services.recommendation_entries_import(rec_list=rec_list, actor=request.user, rows=rows, via="api")
    except services.ImportRowsError as exc:
        problems = [(f"entries[{i}].{field}" if field else f"entries[{i}]", m)
                    for i, check in enumerate(exc.checks) for field, msgs in check.errors.items() for m in msgs]
        raise ApiError(422, exc.messages[0] if len(exc.messages) == 1 else
                       f"有 {len(exc.messages)} 条人员信息有误，请逐条修改后重试（本次没有保存任何人员）。", problems) from None
    except ValidationError as exc:
        refuse(exc)
    return Status(201, list_out(request, batch))


@router.put("unit/entries/{entry_id}", url_name="unit_entry",
            response={200: EntryOut, **OBJECT_ERRORS, **AUTH_ERRORS, **INPUT_ERRORS}, summary="修改名单中的一名人员")
def update_entry(request, payload: EntryIn, entry_id: int = object_id()):
    entry = _own_entry(request, entry_id)
    try:
        entry = services.recommendation_entry_update(entry=entry, actor=request.user, data=payload.model_dump())
    except ValidationError as exc:
        refuse(exc)
    _reasons, per_entry = services.submit_reasons(entry.recommendation_list)
    return entry_out(entry, per_entry.get(entry.pk, []))


@router.delete("unit/entries/{entry_id}", url_name="unit_entry_delete",
               response={204: None, **OBJECT_ERRORS, **AUTH_ERRORS, 422: ErrorOut}, summary="将一名人员移出名单")
def delete_entry(request, entry_id: int = object_id()):
    entry = _own_entry(request, entry_id)
    try:
        services.recommendation_entry_remove(entry=entry, actor=request.user)
    except ValidationError as exc:
        refuse(exc)
    return Status(204, None)


FILE_ERRORS = {400: ErrorOut, 413: ErrorOut, 422: ErrorOut}
UPLOAD_HELP = "multipart/form-data 的 file 字段：PDF、JPEG 或 PNG（与页面上传的要求相同）"


@router.post("unit/entries/{entry_id}/dispatch-agreement", url_name="unit_entry_agreement",
             response={200: EntryOut, **OBJECT_ERRORS, **AUTH_ERRORS, **FILE_ERRORS},
             summary="上传劳务派遣人员的派遣协议（劳务派遣公司）", description=UPLOAD_HELP)
def upload_agreement(request, file: File[UploadedFile], entry_id: int = object_id()):
    entry = _own_entry(request, entry_id)
    data = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    try:
        entry = services.recommendation_entry_update(entry=entry, actor=request.user, data=data,
                                                     dispatch_agreement=file)
    except ValidationError as exc:
        refuse(exc)
    _reasons, per_entry = services.submit_reasons(entry.recommendation_list)
    return entry_out(entry, per_entry.get(entry.pk, []))


@router.post("unit/batches/{batch_id}/list/parent-recommendation", url_name="unit_list_parent_report",
             response={200: ListOut, **OBJECT_ERRORS, **AUTH_ERRORS, **FILE_ERRORS},
             summary="上传总公司推荐报告（附件2，外省企业分公司）", description=UPLOAD_HELP)
def upload_parent_report(request, file: File[UploadedFile], batch_id: int = object_id()):
    batch = _batch(request, batch_id)
    try:
        with transaction.atomic():
            rec_list = lists_for_user(request.user).filter(batch=batch).first() or \
                services.recommendation_list_open(unit=request.user.unit, batch=batch, actor=request.user)
            services.parent_recommendation_upload(rec_list=rec_list, actor=request.user, file=file)
    except ValidationError as exc:
        refuse(exc)
    return list_out(request, batch)


@router.post("unit/batches/{batch_id}/list/submit", url_name="unit_list_submit",
             response={200: ListOut, **OBJECT_ERRORS, **AUTH_ERRORS, **INPUT_ERRORS},
             summary="报送名单（与页面上的“报送”相同；不能报送时列出全部原因）")
def submit_list(request, batch_id: int = object_id()):
    batch = _batch(request, batch_id)
    rec_list = lists_for_user(request.user).filter(batch=batch).first()
    if rec_list is None:
        raise ApiError(422, services.MSG_NO_LIST, [("", services.MSG_NO_LIST)])
    try:
        services.recommendation_list_submit(rec_list=rec_list, actor=request.user)
    except services.ListSubmitError as exc:
        problems = [("", r) for r in exc.reasons]
        problems += [(f"entries[id={pk}]", m) for pk, msgs in exc.entry_problems.items() for m in msgs]
        raise ApiError(422, exc.reasons[0] if len(exc.reasons) == 1 else
                       f"名单有 {len(exc.reasons)} 处问题，暂不能报送。", problems) from None
    except ValidationError as exc:
        refuse(exc)
    return list_out(request, batch)
