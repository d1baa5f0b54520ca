"""Guards that need the database: may this person start, is this application ready, what must be re-uploaded.

Each returns a list of Chinese reasons (empty = allowed) so pages can say why a button is unavailable.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.batches.selectors import format_moment
from zhicheng.documents.models import Attachment
from zhicheng.recommendations.selectors import entry_for_applicant, listing_problem
from zhicheng.supervision.sanctions import integrity_ban_reason, unit_suspension_reason

from . import eligibility
from .models import Application, ReturnItem, Section, Status
from .requirements import required_attachments
from .sections import FORM_SECTIONS, SectionState, incomplete_reasons, stored_state

MSG_NOT_APPLICANT = "只有专业技术人员账号可以开始申报。"
MSG_NOT_OPEN = "本期网络申报时间为{start}至{end}，当前不在申报期内。"
MSG_ALREADY = "您已在本批次开始申报，请在“我的申报”中继续填写。"
MSG_YEAR_CLOSED = ("您在{year}年的申报已因审核中 {n} 次提出意见仍存在问题而终止，本年度不再受理您的申报材料"
                   "（通知四）。")
MSG_SECTION_INCOMPLETE = "“{label}”尚未完成。"
MSG_SECTION_FIX = "“{label}”需按退回意见修改后重新保存。"
MSG_ATTACHMENT_MISSING = "缺少附件“{label}”：{reason}"
MSG_ATTACHMENT_REUPLOAD = "退回要求重新上传“{label}”，请上传新的文件。"
MSG_NOT_ELIGIBLE = "条件核验未通过：{message}"


def _listing(user, batch, now):
    entry = entry_for_applicant(user=user, batch=batch)
    if entry is not None:
        return entry, None
    return None, listing_problem(user=user, batch=batch, now=now)


def start_problems(*, user, batch, now: dt.datetime | None = None) -> list[str]:
    """Why this person may not start an application in this batch now (every reason at once)."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False) or user.role != Role.APPLICANT:
        return [MSG_NOT_APPLICANT]
    problems: list[str] = []
    if Application.objects.filter(batch=batch, applicant=user).exists():
        return [MSG_ALREADY]
    if not (batch.is_published and batch.window_start <= now <= batch.window_end):
        problems.append(MSG_NOT_OPEN.format(start=format_moment(batch.window_start), end=format_moment(batch.window_end)))
    closed = year_closed(user, batch.year)
    if closed:
        problems.append(MSG_YEAR_CLOSED.format(year=batch.year, n=closed.return_count))
    reason = integrity_ban_reason(user, timezone.localdate(now))
    if reason:
        problems.append(reason)
    entry, problem = _listing(user, batch, now)
    if problem:
        problems.append(problem)
    elif entry is not None:
        reason = unit_suspension_reason(unit=entry.recommendation_list.unit, batch=batch)
        if reason:
            problems.append(reason)
    return problems


def standing_problems(application, now: dt.datetime | None = None) -> list[str]:
    """What stops this draft (or returned) application whatever the applicant fills in: an integrity record
    running now, the unit's suspension for the batch. Shown where the applicant starts, not only at 核对并提交."""
    if application.status not in (Status.DRAFT, Status.RETURNED):
        return []
    now = now or timezone.now()
    problems = []
    reason = integrity_ban_reason(application.applicant, timezone.localdate(now))
    if reason:
        problems.append(reason)
    reason = unit_suspension_reason(unit=application.unit, batch=application.batch)
    if reason:
        problems.append(reason.replace("本单位", f"您所在单位（{application.unit.name}）"))
    return problems


def year_closed(user, year: int):
    """The application of this year that its batch's last allowed return closed (四: no more applications this
    year), or None."""
    for app in Application.objects.filter(applicant=user, batch__year=year, status=Status.CLOSED,
                                          return_count__gt=0).select_related("batch"):
        if app.return_count >= app.batch.procedure.max_returns:
            return app
    return None


def open_return_items(application):
    return ReturnItem.objects.filter(review__application=application, resolved=False).select_related("review")


def reupload_needed(application, items=None) -> dict[str, str]:
    """Attachment categories a return asked to re-upload and that have no newer file yet: {category: reason}."""
    if application.status != Status.RETURNED:
        return {}
    items = list(items if items is not None else open_return_items(application))
    wanted = {i.attachment_category: (i.reason, i.attachment_version or 0) for i in items if i.attachment_category}
    if not wanted:
        return {}
    current = dict(Attachment.objects.filter(application=application, is_current=True,
                                             category__in=list(wanted)).values_list("category", "version"))
    return {c: reason for c, (reason, version_at_return) in wanted.items() if current.get(c, 0) <= version_at_return}


ATTACHMENT_ORDER = ("category", "-version")


def with_attachments(application):
    """Load the application's files once for a page that lists them several times (task list, check, case):
    attachment_rows then reads them from the instance. Services lock and read a fresh instance."""
    prefetch_related_objects([application], Prefetch("attachments", queryset=Attachment.objects.order_by(
        *ATTACHMENT_ORDER)))
    return application


def attachment_rows(application, attachments=None) -> list[dict]:
    """Each requirement with its current and earlier files and whether it must be (re-)uploaded."""
    if attachments is None:
        prefetched = getattr(application, "_prefetched_objects_cache", {}).get("attachments")
        attachments = (prefetched if prefetched is not None
                       else Attachment.objects.filter(application=application).order_by(*ATTACHMENT_ORDER))
    attachments = list(attachments)
    by_category: dict[str, list] = {}
    for a in attachments:
        by_category.setdefault(a.category, []).append(a)
    redo = reupload_needed(application)
    rows = []
    for req in required_attachments(application):
        files = by_category.get(req.category, [])
        current = next((a for a in files if a.is_current), None)
        rows.append({"requirement": req, "current": current, "earlier": [a for a in files if not a.is_current],
                     "redo": redo.get(req.category), "missing": req.required and current is None})
    return rows


def attachments_state(application, rows=None) -> str:
    rows = rows if rows is not None else attachment_rows(application)
    if any(r["redo"] for r in rows):
        return SectionState.NEEDS_FIX
    if rows and not any(r["missing"] for r in rows):
        return SectionState.COMPLETE
    if any(r["current"] for r in rows):
        return SectionState.IN_PROGRESS
    return SectionState.NOT_STARTED


def submission_problems(application, now: dt.datetime | None = None, result: dict | None = None) -> list[str]:
    """Everything that stops this application from being submitted, all at once (deadlines aside)."""
    problems: list[str] = []
    for section in FORM_SECTIONS:
        state = stored_state(application, section)
        label = Section(section).label
        if state == SectionState.NEEDS_FIX:
            problems.append(MSG_SECTION_FIX.format(label=label))
        elif state != SectionState.COMPLETE:
            problems.append(MSG_SECTION_INCOMPLETE.format(label=label))
        else:
            problems.extend(incomplete_reasons(application, section))
    for row in attachment_rows(application):
        req = row["requirement"]
        if row["missing"]:
            problems.append(MSG_ATTACHMENT_MISSING.format(label=req.label, reason=req.reason))
        elif row["redo"]:
            problems.append(MSG_ATTACHMENT_REUPLOAD.format(label=req.label))
    result = result if result is not None else eligibility.evaluate(application, now)
    problems.extend(MSG_NOT_ELIGIBLE.format(message=m) for m in eligibility.failing_messages(result))
    return problems
