"""Every way an application changes. Keyword-only, one transaction each, the row locked, guards with reasons.

Refusals raise ``django.core.exceptions.ValidationError`` whose messages are the Chinese reasons (all of them).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit.services import audit_record
from zhicheng.batches.selectors import format_moment
from zhicheng.documents.models import Attachment, Category
from zhicheng.notifications.services import notify
from zhicheng.recommendations.selectors import entry_for_applicant

from . import eligibility, sections, workflow
from .checks import MSG_ALREADY, open_return_items, start_problems, submission_problems
from .forms import UnitApproveForm
from .models import Application, Decision, ReturnItem, Review, Section, Status
from .sections import FORM_SECTIONS, SectionState

SHANGHAI = ZoneInfo("Asia/Shanghai")

MSG_NOT_OWN = "只有申报人本人可以修改申报内容。"
MSG_EDIT_STATE = "申报当前状态为“{state}”，不能修改。只有填写中或被退回修改的申报可以修改。"
MSG_EDIT_CLOSED = workflow.guards.MSG_EDIT_CLOSED
MSG_EDIT_LOCKED = "本次退回未要求修改“{label}”，该部分已锁定；请只修改退回意见中列出的部分。"
MSG_UNKNOWN_SECTION = "没有这个部分。"
MSG_OPINION_SHORT = "“{label}”请具体填写（不少于 {n} 个字）。"
MSG_RETURN_EMPTY = "退回时请至少列出一项需修改的内容，并写明原因（一次性告知全部问题）。"
# A return item's problem, "第 {i} 项：" and the bare text; the review page shows the bare text beside the
# item's field (the error's code, "section" or "reason", says which; its params the item's number).
MSG_RETURN_ITEM_SECTION = "请选择需修改的部分或材料。"
MSG_RETURN_ITEM_REASON = "请写明原因及修改要求。"
MSG_RETURN_ITEM = "第 {i} 项：{problem}"
MSG_REJECT_REASON = "请写明不予认定的原因。"
MSG_PAPER_DATE = "收到日期不能早于认定日期（{on}），也不能晚于今天。"
MSG_PAPER_CLERK = "请选择报送纸质表的单位经办人（须为{unit}的经办人账号）：通知要求由单位经办人统一报送，不接受个人自行报送。"
MSG_CLOSED_THIRD = "申报系统中 {n} 次提出审核意见仍存在问题，本年度不再受理个人的申报材料（通知四）。"
MSG_CLOSED_OVERDUE = "逾期未补正：退回修改截止时间（{when}）前未修改提交，视为不具备相应申报资格（通知三（二）3、四）。"


def _now(now):
    return now or timezone.now()


def _lock(application) -> Application:
    return (Application.objects.select_for_update(of=("self",))
            .select_related("batch", "batch__district", "unit", "unit__department", "applicant",
                            "recommendation_entry")
            .get(pk=application.pk))


def _refuse(reasons: list | dict):
    """Refuse with every reason at once: a list, or a dict naming the input each reason is about (the page
    shows those beside their field)."""
    if reasons:
        raise ValidationError(reasons)


def _audit(app, actor, action, *, from_state="", comment="", changes=None, now=None):
    audit_record(actor=actor, action=action, obj=app, district_id=app.batch.district_id, from_state=from_state,
                 to_state=app.status, comment=comment, changes=changes, now=now)


def _link(name, app) -> str:
    return reverse(f"applications:{name}", args=[app.pk])


def _reviewers(app, status):
    stage = workflow.stage_of(status)
    return stage.reviewers(app) if stage else User.objects.none()


def _notify_next(app):
    who = app.applicant.display_name
    notify(users=_reviewers(app, app.status), title=f"{who}的职称申报待{Status(app.status).label[1:]}",
           body=f"{app.batch.name}：{who}（{app.series}·{app.get_level_display()}）", link=_link("review", app))


# --- starting and filling in ---------------------------------------------------------------------------------

@transaction.atomic
def application_start(*, user=None, batch, now=None, actor=None) -> Application:
    """Start a listed person's application in the batch, prefilled from the account and the list entry.

    ``actor`` is accepted as another name for ``user`` (the person starting is always the actor).
    """
    user = user or actor
    now = _now(now)
    _refuse(start_problems(user=user, batch=batch, now=now))
    entry = entry_for_applicant(user=user, batch=batch)
    unit = entry.recommendation_list.unit
    try:
        with transaction.atomic():
            app = Application.objects.create(
                batch=batch, applicant=user, unit=unit, recommendation_entry=entry, status=Status.DRAFT,
                series=entry.series, specialty=entry.specialty, level=entry.level, post=entry.post,
                section_state={Section.BASIC: SectionState.IN_PROGRESS}, created_at=now,
            )
    except IntegrityError:
        raise ValidationError([MSG_ALREADY]) from None
    _audit(app, user, "application.start", changes={"entry": entry.pk, "unit": unit.pk}, now=now)
    return app


def section_edit_problems(application, user, section: str, now=None) -> list[str]:
    """Why this user may not change this section now."""
    now = _now(now)
    if section not in FORM_SECTIONS:
        return [MSG_UNKNOWN_SECTION]
    if application.applicant_id != getattr(user, "pk", None):
        return [MSG_NOT_OWN]
    if application.status not in workflow.APPLICANT_STATES:
        return [MSG_EDIT_STATE.format(state=Status(application.status).label)]
    reason = workflow.edit_deadline(application, user, now)
    if reason:
        return [reason]
    if application.status == Status.RETURNED:
        open_sections = {i.section for i in open_return_items(application)}
        if section not in open_sections:
            return [MSG_EDIT_LOCKED.format(label=Section(section).label)]
    return []


@transaction.atomic
def application_section_save(*, application, actor, section: str, value, complete: bool = True,
                             now=None) -> Application:
    """Save one section (a dict for 基本情况, rows for lists, text for 业绩) and set its state.

    ``complete`` asks to mark the section 已完成: refused (nothing saved) while it is not; otherwise 填写中.
    """
    now = _now(now)
    app = _lock(application)
    _refuse(section_edit_problems(app, actor, section, now))
    changes = {}
    if section == Section.BASIC:
        data = sections.clean_basic(value)
        cleaned = {k: data.get(k) for k in ("series", "specialty", "level", "post", "employment_start",
                                             "is_legal_representative", "access_qualification",
                                             "months_in_current_post", "is_civil_servant", "is_retired")}
        cleaned["access_qualification"] = (cleaned["access_qualification"] or "").strip()
        check_value = cleaned
    elif section == Section.ACHIEVEMENTS:
        cleaned = (value or "").strip()
        check_value = cleaned
    else:
        cleaned = sections.clean_rows(section, [r for r in value or [] if not sections.row_is_blank(r)])
        check_value = cleaned
    if complete:
        _refuse(sections.incomplete_reasons(app, section, check_value))
    if section == Section.BASIC:
        for key, val in cleaned.items():
            setattr(app, key, val)
        changes = {k: v for k, v in cleaned.items()}
    elif section == Section.ACHIEVEMENTS:
        app.achievements = cleaned
        changes = {"chars": sections.count_chars(cleaned)}
    else:
        setattr(app, sections.ROW_SPECS[section].field, cleaned)
        changes = {"rows": len(cleaned)}
    state = dict(app.section_state or {})
    state[section] = SectionState.COMPLETE if complete else SectionState.IN_PROGRESS
    app.section_state = state
    app.save()
    _audit(app, actor, "application.section_save", from_state=app.status, comment=str(Section(section).label),
           changes={"section": section, "state": state[section], **changes}, now=now)
    return app


@transaction.atomic
def application_check_eligibility(*, application, now=None) -> dict:
    """Run the eligibility check at the application's date and store the result and parameter version."""
    now = _now(now)
    app = _lock(application)
    result = eligibility.evaluate(app, now)
    app.eligibility = result
    app.eligibility_checked_at = now
    app.parameter_version = eligibility.parameter_version()
    app.save(update_fields=["eligibility", "eligibility_checked_at", "parameter_version", "updated_at"])
    return result


# --- submitting ---------------------------------------------------------------------------------------------

@transaction.atomic
def application_submit(*, application, actor, now=None) -> Application:
    """Submit (or resubmit after a return) to the unit's review; every guard reason is reported at once."""
    now = _now(now)
    app = _lock(application)
    if app.eligibility_as_of is None:
        app.eligibility_as_of = timezone.localdate(now)
    result = eligibility.evaluate(app, now)
    app.eligibility, app.eligibility_checked_at = result, now
    app.parameter_version = eligibility.parameter_version()
    reasons = workflow.problems("submit", app, actor, now, skip=(workflow.submission_ready_guard,))
    if not workflow.stops_here(reasons):
        reasons += submission_problems(app, now, result)
    _refuse(reasons)
    from_state = app.status
    resolved = 0
    if from_state == Status.RETURNED:
        resolved = ReturnItem.objects.filter(review__application=app, resolved=False).update(resolved=True)
        app.section_state = {**app.section_state,
                             **{s: SectionState.COMPLETE for s, v in app.section_state.items()
                                if v == SectionState.NEEDS_FIX}}
    app.submitted_at = now
    app.revision_due = None
    workflow.move("submit", app, actor, now,
                  changes={"eligible": result.get("eligible"), "as_of": result.get("as_of"),
                           "parameter_version": app.parameter_version, "resolved_items": resolved})
    _notify_next(app)
    notify(users=[app.applicant], title="申报已提交", link=_link("detail", app),
           body=f"您的{app.batch.name}申报已提交{app.unit.name}审核，请留意审核记录。")
    return app


# --- reviewing ---------------------------------------------------------------------------------------------

def _opinion_problems(opinion: dict, minimum: int) -> dict[str, str]:
    """五（二）: each of the three parts written out (``minimum`` characters, the batch's procedure), by part."""

    reasons = {}
    for key, field in UnitApproveForm.base_fields.items():
        if sections.count_chars((opinion or {}).get(key, "")) < minimum:
            reasons[key] = MSG_OPINION_SHORT.format(label=str(field.label)[3:], n=minimum)
    return reasons


@transaction.atomic
def application_approve(*, application, actor, opinion: dict | None = None, comment: str = "",
                        now=None) -> Application:
    """Approve at the current stage: unit (with the three-part opinion) → department, or bureau when the unit
    has no department (recorded as skipped); department → bureau; bureau → recognised on today's date."""
    now = _now(now)
    app = _lock(application)
    approve = workflow.transition_for("approve", actor, app)
    workflow.check(approve.name, app, actor, now)
    stage = approve.stage
    review = Review(application=app, stage=stage.status, decision=Decision.APPROVE, reviewer=actor,
                    comment=(comment or "").strip(), created_at=now)
    if stage.opinion:
        _refuse(_opinion_problems(opinion, app.batch.procedure.min_opinion_chars))
        review.opinion_truthful = opinion["opinion_truthful"].strip()
        review.opinion_evaluation = opinion["opinion_evaluation"].strip()
        review.opinion_publicity = opinion["opinion_publicity"].strip()
    review.save()
    skipped = workflow.skipped_between(stage, workflow.next_stage(stage, app))
    if approve.target_for(app) == Status.RECOGNISED:
        app.recognised_on = now.astimezone(SHANGHAI).date()
        app.recognised_level = app.level
    workflow.move(approve.name, app, actor, now, comment=review.comment,
                  changes={"review": review.pk, "skipped_department": bool(skipped),
                           "recognised_on": app.recognised_on})
    if app.status == Status.RECOGNISED:
        notify(users=[app.applicant], title="职称考核认定已通过", link=_link("detail", app),
               body=f"您的{app.get_level_display()}职称已于{app.recognised_on:%Y年%-m月%-d日}认定通过。请导出考核认定表，"
                    "经单位及主管部门签字盖章后由单位经办人报送人社局。")
        notify(users=_reviewers(app, workflow.STAGES[0].status), title=f"{app.applicant.display_name}已通过认定",
               link=reverse("applications:recognised"), body="请组织打印考核认定表并签字盖章后报送人社局。")
    else:
        _notify_next(app)
    return app


def _item_problem(i: int, part: str, problem: str) -> ValidationError:
    return ValidationError(MSG_RETURN_ITEM.format(i=i, problem=problem), code=part, params={"item": i})


def parse_return_items(items) -> tuple[list[dict], list[ValidationError]]:
    """Normalise return items ({section?, attachment_category?, reason}); every problem at once, each saying
    which item (numbered from 1 as given; an item with nothing in it is skipped, not counted) and which part."""
    cleaned, problems = [], []
    for i, item in enumerate(items or [], start=1):
        section = (item.get("section") or "").strip()
        category = (item.get("attachment_category") or "").strip()
        reason = (item.get("reason") or "").strip()
        if not (section or category or reason):
            continue
        if category:
            section = Section.ATTACHMENTS
        bad = []
        if section not in Section.values or (category and category not in Category.values):
            bad.append(_item_problem(i, "section", MSG_RETURN_ITEM_SECTION))
        if not reason:
            bad.append(_item_problem(i, "reason", MSG_RETURN_ITEM_REASON))
        if bad:
            problems += bad
            continue
        cleaned.append({"section": section, "attachment_category": category, "reason": reason})
    if not cleaned and not problems:
        problems.append(ValidationError(MSG_RETURN_EMPTY, code="empty"))
    return cleaned, problems


@transaction.atomic
def application_return(*, application, actor, items, comment: str = "", now=None) -> Application:
    """Return for revision with every problem listed (一次性告知). The third return closes the application."""
    now = _now(now)
    app = _lock(application)
    ret = workflow.transition_for("return", actor, app)
    workflow.check(ret.name, app, actor, now)
    cleaned, problems = parse_return_items(items)
    _refuse(problems)
    review = Review.objects.create(application=app, stage=ret.stage.status, decision=Decision.RETURN,
                                   reviewer=actor, comment=(comment or "").strip(), created_at=now)
    versions = dict(Attachment.objects.filter(application=app, is_current=True).values_list("category", "version"))
    ReturnItem.objects.bulk_create([
        ReturnItem(review=review, attachment_version=versions.get(item["attachment_category"], 0)
                   if item["attachment_category"] else None, **item) for item in cleaned])
    app.return_count += 1
    app.returned_from = ret.stage.status
    if ret.target_for(app) == Status.CLOSED:
        app.closed_reason = MSG_CLOSED_THIRD.format(n=app.batch.procedure.max_returns)
        app.closed_at = now
        app.revision_due = None
    else:
        app.revision_due = app.batch.deadline("resubmit")
        state = dict(app.section_state or {})
        for item in cleaned:
            state[item["section"]] = SectionState.NEEDS_FIX
        app.section_state = state
    workflow.move(ret.name, app, actor, now, comment=review.comment,
                  changes={"review": review.pk, "items": cleaned, "return_count": app.return_count})
    if app.status == Status.CLOSED:
        notify(users=[app.applicant], title="申报已终止", body=app.closed_reason, link=_link("detail", app))
    else:
        lines = "；".join(f"{Section(i['section']).label}：{i['reason']}" for i in cleaned)
        notify(users=[app.applicant], title="申报被退回修改", link=_link("detail", app),
               body=f"请在{format_moment(app.revision_due)}前按以下意见修改后重新提交（第 {app.return_count} 次退回，"
                    f"{app.batch.procedure.max_returns} 次退回后本年度不再受理）：{lines}")
    return app


@transaction.atomic
def application_reject(*, application, actor, reason: str, now=None) -> Application:
    """The bureau does not recognise the application (with the reason shown to the applicant)."""
    now = _now(now)
    app = _lock(application)
    reject = workflow.transition_for("reject", actor, app)
    workflow.check(reject.name, app, actor, now)
    reason = (reason or "").strip()
    _refuse({} if reason else {"reason": MSG_REJECT_REASON})
    review = Review.objects.create(application=app, stage=reject.stage.status, decision=Decision.REJECT,
                                   reviewer=actor, comment=reason, created_at=now)
    workflow.move(reject.name, app, actor, now, comment=reason, changes={"review": review.pk})
    notify(users=[app.applicant], title="职称考核认定未通过", body=reason, link=_link("detail", app))
    return app


@transaction.atomic
def unit_clerks(unit_ids):
    """The active unit officers of these units (who may deliver paper forms), by unit id."""
    clerks: dict[int, list] = {}
    for user in User.objects.filter(role=Role.UNIT_OFFICER, unit_id__in=list(unit_ids), is_active=True).order_by("id"):
        clerks.setdefault(user.unit_id, []).append(user)
    return clerks


@transaction.atomic
def application_record_paper(*, application, actor, received_on: dt.date, delivered_by, now=None) -> Application:
    """The bureau records the stamped paper 考核认定表 as received: the date, who received it and which of the
    unit's officers delivered it (notice 三（四）: delivered by the unit's clerk, not by the applicant)."""
    now = _now(now)
    app = _lock(application)
    workflow.check("record_paper", app, actor, now)
    today = now.astimezone(SHANGHAI).date()
    reasons = []
    if received_on is None or received_on > today or (app.recognised_on and received_on < app.recognised_on):
        reasons.append(MSG_PAPER_DATE.format(on=f"{app.recognised_on:%Y年%-m月%-d日}"))
    if delivered_by is None or delivered_by.pk not in {u.pk for u in unit_clerks([app.unit_id]).get(app.unit_id, [])}:
        reasons.append(MSG_PAPER_CLERK.format(unit=app.unit.name))
    if reasons:
        _refuse(reasons)
    app.paper_received_on = received_on
    app.paper_received_by = actor
    app.paper_delivered_by = delivered_by
    workflow.move("record_paper", app, actor, now,
                  changes={"received_on": received_on, "delivered_by": delivered_by.pk,
                           "delivered_by_name": delivered_by.display_name},
                  fields=["paper_received_on", "paper_received_by", "paper_delivered_by"])
    return app


def applications_close_overdue(*, now=None) -> int:
    """Close returned applications not resubmitted by their revision deadline (audited). Returns how many."""
    now = _now(now)
    closed = 0
    for pk in Application.objects.filter(status=Status.RETURNED, revision_due__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            app = _lock(Application(pk=pk))
            if workflow.problems("close_overdue", app, None, now):
                continue
            app.closed_reason = MSG_CLOSED_OVERDUE.format(when=format_moment(app.revision_due))
            app.closed_at = now
            workflow.move("close_overdue", app, None, now, comment=app.closed_reason)
            notify(users=[app.applicant], title="申报已终止", body=app.closed_reason, link=_link("detail", app))
            closed += 1
    return closed
