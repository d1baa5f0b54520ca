from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required, visible_districts
from zhicheng.core.formtools import apply_errors

from . import services
from .forms import BatchChangeDatesForm, BatchForm
from .selectors import batch_change_rows, batch_deadline_status, batches_for_user, managed_batches
from .services import DATE_FIELDS

MANAGERS = (Role.BUREAU_REVIEWER, Role.ADMIN)


def _rows(batches):
    return [(b, batch_deadline_status(b)) for b in batches]


@role_required(*MANAGERS)
def batch_list(request):
    batches = managed_batches(request.user).order_by("-window_start")
    return render(request, "batches/list.html", {"rows": _rows(batches)})


@role_required(*MANAGERS)
def batch_create(request):
    user = request.user
    districts = visible_districts(user) if user.district_id is None else None
    form = BatchForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        district = d.get("district") or user.district
        try:
            batch = services.batch_create(
                actor=user, district=district, name=d["name"], year=d["year"], sequence=d["sequence"],
                notice_text=d["notice_text"], notice_title=d["notice_title"], stamping=d["stamping"],
                **{f: d[f] for f in DATE_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"批次“{batch.name}”已创建（未发布）。核对日期后请发布。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/form.html", {"form": form, "batch": None})


@role_required(*MANAGERS)
def batch_edit(request, pk):
    batch = get_object_or_404(managed_batches(request.user), pk=pk)
    form = BatchForm(request.POST or None, instance=batch, frozen=batch.is_published)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.fields if not form.fields[f].disabled}
        try:
            services.batch_update(batch=batch, actor=request.user, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "批次已保存。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/form.html", {"form": form, "batch": batch})


@require_POST
@role_required(*MANAGERS)
def batch_publish(request, pk):
    batch = get_object_or_404(managed_batches(request.user), pk=pk)
    try:
        services.batch_publish(batch=batch, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "批次已发布，日期已冻结，并已通知本辖区各单位。")
    return redirect("batches:detail", batch.pk)


@role_required(*MANAGERS)
def batch_change_dates(request, pk):
    batch = get_object_or_404(managed_batches(request.user).filter(is_published=True), pk=pk)
    initial = {f: getattr(batch, f) for f in DATE_FIELDS}
    form = BatchChangeDatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.batch_change_dates(batch=batch, actor=request.user, reason=d["reason"],
                                        **{f: d[f] for f in DATE_FIELDS})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "日期已变更，变更记录已保存并通知本辖区各单位。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/change_dates.html", {"form": form, "batch": batch})


@role_required(*Role.values)
def batch_detail(request, pk):
    user = request.user
    batch = get_object_or_404(batches_for_user(user), pk=pk)
    can_manage = services.can_manage_district(user, batch.district_id)
    deadlines = [(services.DATE_LABELS[f], getattr(batch, f)) for f in DATE_FIELDS]
    return render(request, "batches/detail.html", {
        "batch": batch, "status": batch_deadline_status(batch), "deadlines": deadlines, "can_manage": can_manage,
        "changes": batch_change_rows(batch),
        "can_report": user.role in (Role.BUREAU_REVIEWER, Role.ADMIN),  # the upward report (supervision.upward)
    })
