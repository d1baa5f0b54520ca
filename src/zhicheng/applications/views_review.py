"""Reviewers' pages: the queue, one case with everything on one screen, recognised applications and paper copies."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.core import pagecache
from zhicheng.core.formtools import refused_form
from zhicheng.policy.vocabulary import SERIES
from zhicheng.recommendations.checks import publicity_record

from . import checks, eligibility, services, workflow
from .forms import CommentForm, PaperForm, RejectForm, ReturnItemForm, UnitApproveForm
from .models import Section, Status
from .selectors import (
    SORT_LABELS,
    QueueFilters,
    application_for_page,
    audit_trail,
    next_in_queue,
    queue_filter_choices,
    queue_generations,
    recognised_for,
    review_history,
    review_queue,
)
from .views import task_rows

MSG_RETURNED = "已退回申报人修改，全部意见已一次性告知。"
MSG_RETURN_CLOSED = ("这是本年度第 {n} 次退回：申报已终止，本年度不再受理该申报人的申报材料（通知四），"
                     "全部意见已告知申报人。")

REVIEWERS = (Role.UNIT_OFFICER, Role.DEPARTMENT_REVIEWER, Role.BUREAU_REVIEWER, Role.ADMIN)
RECOGNISED_READERS = (Role.UNIT_OFFICER, Role.BUREAU_REVIEWER, Role.ADMIN)
RETURN_ROWS = 6


def _url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _queue_query(request) -> str:
    keep = {k: v for k, v in request.GET.items() if k in ("batch", "unit", "series", "status", "overdue", "sort")}
    return urlencode(keep)


@role_required(*REVIEWERS)
def queue(request):
    # The busiest page on deadline day: served from the page cache while its data is unchanged.
    return pagecache.serve(request, generations=queue_generations(request.user), render=lambda: _queue(request))


def _queue(request):
    filters = QueueFilters.from_query(request.GET, request.user)
    result = review_queue(request.user, filters)
    batches, units = queue_filter_choices(request.user)
    query = _queue_query(request)
    page_query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(request, "applications/queue.html", {
        "queue": result, "filters": filters, "batches": batches, "units": units, "series_choices": SERIES,
        "statuses": Status.choices, "sorts": SORT_LABELS, "query": query, "page_query": page_query,
        "count_rows": [(value, label, result.counts.get(value, 0)) for value, label in Status.choices],
    })


def _return_forms(data=None):
    forms = [ReturnItemForm(data, prefix=f"item-{i}") for i in range(RETURN_ROWS)]
    for i, form in enumerate(forms, start=1):
        form.error_prefix = f"第 {i} 项"  # as the row's legend says
    return forms


def _return_items(forms) -> list[dict]:
    """One item per row, blank rows included (the service skips them), so the service's item numbers are the
    rows' numbers."""
    items = []
    for form in forms:
        form.is_valid()  # a target that is not one of the choices stays empty, and the service says so
        target, reason = form.cleaned_data.get("target") or "", form.cleaned_data.get("reason") or ""
        kind, _sep, value = target.partition(":")
        items.append({"reason": reason, "section": value if kind == "section" else "",
                      "attachment_category": value if kind == "attachment" else ""})
    return items


# Which field of its row a return item's problem is shown beside, with the bare message (the summary adds the
# row's number): the service's error code → (field, message).
RETURN_ITEM_FIELDS = {"section": ("target", services.MSG_RETURN_ITEM_SECTION),
                      "reason": ("reason", services.MSG_RETURN_ITEM_REASON)}


def _show_return_refusal(forms, exc: ValidationError) -> list[str]:
    """Each item's problem beside its row's field; the rest (no item at all, a guard's refusal) for the page."""
    rest = []
    for error in getattr(exc, "error_list", None) or [ValidationError(m) for m in exc.messages]:
        item = (error.params or {}).get("item", 0)
        if error.code in RETURN_ITEM_FIELDS and 0 < item <= len(forms):
            field, message = RETURN_ITEM_FIELDS[error.code]
            forms[item - 1].add_error(field, message)
        else:
            rest += error.messages
    return rest


@role_required(*REVIEWERS)
def review(request, pk: int):
    # The publicity record reads the entry's list and its batch: joined here rather than two more queries.
    app = get_object_or_404(application_for_page(request.user, pk).select_related(
        "recommendation_entry__recommendation_list__batch"), pk=pk)
    filters = QueueFilters.from_query(request.GET, request.user)
    query = _queue_query(request)
    flow = workflow.view(app)
    approve_class = UnitApproveForm if flow.stage and flow.stage.opinion else CommentForm
    # The forms a decision did not post, and the publicity record, are built only when the page is shown
    # (a decision that goes through redirects without them).
    approve_form = return_forms = reject_form = None
    errors, failed = [], ""
    if request.method == "POST":
        action = request.POST.get("action")
        # The services decide what is wrong and say what to write (refused_form shows their messages).
        opinion = {k: request.POST.get(k, "") for k in approve_class.base_fields}
        reason = request.POST.get("reason", "")
        try:
            if action == "approve":
                services.application_approve(application=app, actor=request.user, opinion=opinion,
                                             comment=opinion.get("comment", ""))
                done = "已审核通过。"
            elif action == "return":
                return_forms = _return_forms(request.POST)
                returned = services.application_return(application=app, actor=request.user,
                                                       items=_return_items(return_forms),
                                                       comment=request.POST.get("comment", ""))
                done = (MSG_RETURN_CLOSED.format(n=returned.return_count) if workflow.view(returned).closed
                        else MSG_RETURNED)
            elif action == "reject":
                services.application_reject(application=app, actor=request.user, reason=reason)
                done = "已作出不予认定的决定。"
            else:
                raise ValidationError("请选择审核操作。")
        except ValidationError as exc:
            failed = action
            if action == "approve":
                approve_form = refused_form(approve_class, opinion, exc)
            elif action == "return":
                errors = _show_return_refusal(return_forms, exc)
            elif action == "reject":
                reject_form = refused_form(RejectForm, {"reason": reason}, exc)
            else:
                errors = list(exc.messages)
        else:
            messages.success(request, done)
            following = next_in_queue(request.user, app, filters)
            if following:
                return redirect(reverse("applications:review", args=[following]) + (f"?{query}" if query else ""))
            return redirect(reverse("applications:queue") + (f"?{query}" if query else ""))
    entry = app.recommendation_entry
    publicity = publicity_record(entry) if entry is not None else None
    if approve_form is None:
        approve_form = (UnitApproveForm(initial={"opinion_publicity": publicity["opinion"] if publicity else ""})
                        if approve_class is UnitApproveForm else CommentForm())
    return_forms = _return_forms() if return_forms is None else return_forms
    reject_form = RejectForm() if reject_form is None else reject_form
    actions = {name: (allowed, reason) for name, allowed, reason in workflow.available_actions(app, request.user)}
    approve, ret, rej = workflow.STAGE_ACTIONS.get(app.status, (None, None, None))
    following = next_in_queue(request.user, app, filters)
    attachments = list(checks.with_attachments(app).attachments.all())
    return render(request, "applications/review.html", {
        "app": app, "flow": flow, "result": app.eligibility or eligibility.evaluate(app),
        "history": review_history(app),
        "trail": audit_trail(app), "attachment_rows": checks.attachment_rows(app, attachments),
        "approve": actions.get(approve), "return": actions.get(ret), "reject": actions.get(rej),
        "approve_form": approve_form, "publicity": publicity, "return_forms": return_forms,
        "reject_form": reject_form, "errors": errors, "failed": failed,
        "next_url": (reverse("applications:review", args=[following]) + (f"?{query}" if query else ""))
        if following else None,
        "queue_url": reverse("applications:queue") + (f"?{query}" if query else ""),
        "tasks": task_rows(app), "sections": Section, "query": query,
        "download": _url_or_none("documents:download", 0) is not None,
        "recognition_form_url": _url_or_none("documents:recognition_form", app.pk),
    })


@role_required(*RECOGNISED_READERS)
def recognised(request):
    from django.core.paginator import Paginator

    page = Paginator(recognised_for(request.user), 30).get_page(request.GET.get("page"))
    can_record = request.user.role == Role.BUREAU_REVIEWER
    clerks = services.unit_clerks({app.unit_id for app in page.object_list}) if can_record else {}
    for app in page.object_list:
        app.unit_clerks = clerks.get(app.unit_id, [])
    has_form = _url_or_none("documents:recognition_form", 1) is not None
    return render(request, "applications/recognised.html", {
        "page": page, "can_record": can_record, "paper_form": PaperForm(initial={"received_on": timezone.localdate()}),
        "has_form": has_form,
    })


@role_required(Role.BUREAU_REVIEWER)
@require_POST
def record_paper(request, pk: int):
    app = get_object_or_404(recognised_for(request.user), pk=pk)
    form = PaperForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的收到日期。")
        return redirect("applications:recognised")
    try:
        clerk = services.unit_clerks([app.unit_id]).get(app.unit_id, [])
        chosen = next((u for u in clerk if str(u.pk) == request.POST.get("delivered_by", "")), None)
        services.application_record_paper(application=app, actor=request.user,
                                          received_on=form.cleaned_data["received_on"], delivered_by=chosen)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已登记收到{app.applicant.display_name}的纸质考核认定表。")
    return redirect("applications:recognised")
