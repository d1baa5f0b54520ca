"""单位信息 (the unit officer's page) and 单位信息变更申请 (the district bureau's queue and decision page)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.core.formtools import apply_errors

from . import selectors, services
from .forms import UnitChangeApproveForm, UnitChangeProposeForm, UnitChangeRejectForm
from .models import UnitChangeStatus, unit_values

BUREAU = (Role.BUREAU_REVIEWER, Role.ADMIN)
MSG_PROPOSED = "变更申请已提交，等待辖区人社局审核；审核结果会通知您。"
MSG_APPROVED = "单位信息已变更，已通知单位经办人。"
MSG_REJECTED = "已作出不予变更的决定，已通知单位经办人。"


@role_required(Role.UNIT_OFFICER)
def my_unit(request):
    unit = get_object_or_404(selectors.own_unit(request.user))
    history = selectors.history(unit)
    pending = next((r for r, _rows in history if r.status == UnitChangeStatus.PENDING), None)
    form = None
    if pending is None:
        form = UnitChangeProposeForm(request.POST or None, unit=unit, initial=unit_values(unit))
        if request.method == "POST" and form.is_valid():
            try:
                services.unit_change_propose(unit=unit, actor=request.user, values=form.values(),
                                             reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, MSG_PROPOSED)
                return redirect("orgs:my_unit")
    elif request.method == "POST":
        blocker = services.pending_blocker(unit)  # the service's guard and sentence (None: decided meanwhile)
        if blocker:
            messages.error(request, blocker)
        return redirect("orgs:my_unit")
    return render(request, "orgs/my_unit.html", {
        "unit": unit, "rows": selectors.unit_rows(unit), "form": form, "pending": pending, "history": history,
        "blocker": services.review_blocker(unit),
    })


@role_required(*BUREAU)
def change_queue(request):
    return render(request, "orgs/change_queue.html", {
        "requests": selectors.pending_change_requests(request.user)[:200]})


@role_required(*BUREAU)
def change_detail(request, pk):
    change = get_object_or_404(selectors.change_requests_visible_to(request.user), pk=pk)
    unit = change.unit
    approve_form = reject_form = None
    if change.status == UnitChangeStatus.PENDING:
        approve_form = UnitChangeApproveForm(request.POST or None, unit=unit,
                                             initial=change.proposed_values(), prefix="approve")
        reject_form = UnitChangeRejectForm(prefix="reject")
        if request.method == "POST" and approve_form.is_valid():
            try:
                services.unit_change_approve(request=change, actor=request.user, values=approve_form.values(),
                                             note=approve_form.cleaned_data["note"])
            except ValidationError as exc:
                apply_errors(approve_form, exc)
            else:
                messages.success(request, MSG_APPROVED)
                return redirect("orgs:change_queue")
    elif request.method == "POST":
        messages.error(request, f"该申请已处理（{change.get_status_display()}）。")
        return redirect("orgs:change_detail", pk=change.pk)
    return render(request, "orgs/change_detail.html", {
        "change": change, "unit": unit, "rows": selectors.change_rows(change), "approve_form": approve_form,
        "reject_form": reject_form, "blocker": services.review_blocker(unit),
    })


@require_POST
@role_required(*BUREAU)
def change_reject(request, pk):
    change = get_object_or_404(selectors.change_requests_visible_to(request.user), pk=pk)
    form = UnitChangeRejectForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.unit_change_reject(request=change, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, MSG_REJECTED)
            return redirect("orgs:change_queue")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("orgs:change_detail", pk=change.pk)
