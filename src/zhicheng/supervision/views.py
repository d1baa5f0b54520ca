"""Bureau pages: dashboard, integrity records, penalties, revocations; the person's own records page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required, visible_units
from zhicheng.accounts.scope import Scope
from zhicheng.applications.models import Application, Status
from zhicheng.core.formtools import apply_errors
from zhicheng.documents.responses import file_response, stored_file_response
from zhicheng.documents.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

from . import exports, sanctions, selectors, services
from .forms import (
    CorrectedForm,
    DeclineForm,
    IntegrityRecordForm,
    PenaltyForm,
    RevocationRequestForm,
    RevokeForm,
)
from .models import AppealStatus, RevocationStatus

BUREAU = (Role.BUREAU_REVIEWER, Role.ADMIN)


def _departments(user):
    return Scope.for_actor(user).departments()


@role_required(*BUREAU)
def dashboard(request):
    user = request.user
    appeals = selectors.appeals_to_handle(user)
    return render(request, "supervision/dashboard.html", {
        "records_running": selectors.integrity_records_visible_to(user).filter(
            ban_until__gte=timezone.localdate()).count(),
        "penalties": selectors.penalties_visible_to(user)[:5],
        "appeals_waiting": appeals.count(),
        "escalated": appeals.filter(status=AppealStatus.ESCALATED).count(),
        "requests_pending": selectors.revocation_requests_visible_to(user).filter(
            status=RevocationStatus.PENDING).count(),
    })


# --- Integrity records --------------------------------------------------------------------------------------


@role_required(*BUREAU)
def records(request):
    qs = selectors.integrity_records_visible_to(request.user)
    query = request.GET.get("q", "").strip()[:50]
    if query:
        # An exact look-up: the field normalises the typed number (x, full-width or Arabic-Indic digits) first.
        qs = qs.filter(name__contains=query) | qs.filter(id_number=query)
    return render(request, "supervision/records.html", {"records": qs[:200], "q": query,
                                                        "today": timezone.localdate()})


@role_required(*BUREAU)
def record_new(request):
    user = request.user
    units = visible_units(user)
    form = IntegrityRecordForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        id_number = d["id_number"].strip().upper()
        person = User.objects.filter(id_number=id_number).first()
        try:
            record = services.integrity_record_create(
                actor=user, person=person, name=d["name"], id_number=id_number, unit=d["unit"],
                finding=d["finding"], decided_on=d["decided_on"], evidence=d["evidence"],
                district=d["unit"].district if d["unit"] else None)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已记入诚信档案，记录期至{record.ban_until:%Y年%-m月%-d日}。")
            return redirect("supervision:record_detail", record.pk)
    return render(request, "supervision/record_form.html", {"form": form})


@role_required(*Role.values)
def record_detail(request, pk):
    record = get_object_or_404(selectors.integrity_records_visible_to(request.user), pk=pk)
    return render(request, "supervision/record_detail.html", {"record": record, "today": timezone.localdate()})


@role_required(*Role.values)
def record_evidence(request, pk):
    record = get_object_or_404(selectors.integrity_records_visible_to(request.user), pk=pk)
    return stored_file_response(record.evidence, filename=f"证据材料-{record.pk}")


@role_required(*BUREAU)
def records_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = exports.integrity_rows(selectors.integrity_records_visible_to(request.user).order_by("decided_on", "pk"))
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        return file_response(exports.to_csv(exports.INTEGRITY_COLUMNS, rows),
                             filename=f"integrity-records-{stamp}.csv", content_type=CSV_CONTENT_TYPE)
    data = exports.to_xlsx([("职称评审诚信档案", exports.INTEGRITY_COLUMNS, rows)])
    return file_response(data, filename=f"integrity-records-{stamp}.xlsx", content_type=XLSX_CONTENT_TYPE)


@role_required(Role.APPLICANT)
def my_records(request):
    user = request.user
    return render(request, "supervision/my_records.html", {
        "records": selectors.integrity_records_visible_to(user),
        "ban_reason": sanctions.integrity_ban_reason(user),
        "appeals": selectors.appeals_filed_by(user),
        "reports_filed": selectors.reports_filed_by(user).count(),
        "today": timezone.localdate(),
    })


# --- Penalties ----------------------------------------------------------------------------------------------


@role_required(*BUREAU)
def penalties(request):
    user = request.user
    rows = [(p, sanctions.penalty_term_text(p), sanctions.penalty_is_running(p))
            for p in selectors.penalties_visible_to(user)[:200]]
    return render(request, "supervision/penalties.html", {
        "rows": rows, "units": visible_units(user).order_by("name"), "departments": _departments(user)})


@role_required(*BUREAU)
def penalty_new(request):
    user = request.user
    form = PenaltyForm(request.POST or None, units=visible_units(user).order_by("name"),
                       departments=_departments(user), initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kind, target = d["target"]
        try:
            penalty = services.penalty_record(
                actor=user, kind=d["kind"], facts=d["facts"], decided_on=d["decided_on"],
                **({"unit": target} if kind == "unit" else {"department": target}))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"处理决定已登记：{sanctions.penalty_term_text(penalty)}。")
            if penalty.unit_id:
                return redirect("supervision:unit_history", penalty.unit_id)
            return redirect("supervision:department_history", penalty.department_id)
    return render(request, "supervision/penalty_form.html", {"form": form})


@role_required(*BUREAU)
def penalty_correct(request, pk):
    penalty = get_object_or_404(selectors.penalties_visible_to(request.user), pk=pk)
    form = CorrectedForm(request.POST or None, initial={"corrected_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.penalty_mark_corrected(penalty=penalty, actor=request.user,
                                            corrected_on=form.cleaned_data["corrected_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记整改完成，暂停解除。")
            if penalty.unit_id:
                return redirect("supervision:unit_history", penalty.unit_id)
            return redirect("supervision:department_history", penalty.department_id)
    return render(request, "supervision/penalty_correct.html", {"form": form, "penalty": penalty})


@role_required(*BUREAU)
def unit_history(request, pk):
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    return render(request, "supervision/history.html", {
        "target": unit, "rows": sanctions.unit_penalties_for(unit), "is_unit": True,
        "records": selectors.integrity_records_visible_to(request.user).filter(unit=unit)})


@role_required(*BUREAU)
def department_history(request, pk):
    department = get_object_or_404(_departments(request.user), pk=pk)
    return render(request, "supervision/history.html", {
        "target": department, "rows": sanctions.department_penalties_for(department), "is_unit": False})


# --- Revocation ---------------------------------------------------------------------------------------------


@role_required(*BUREAU)
def revocations(request):
    user = request.user
    query = request.GET.get("q", "").strip()[:50]
    recognised = selectors.revocable_applications(user)
    if query:
        recognised = recognised.filter(applicant__real_name__contains=query) | recognised.filter(
            applicant__id_number=query)  # normalised by the field, as in records()
    return render(request, "supervision/revocations.html", {
        "requests": selectors.revocation_requests_visible_to(user)[:100],
        "recognised": recognised.order_by("-recognised_on")[:50] if query else [], "q": query,
    })


@role_required(*BUREAU)
def revoke(request, pk):
    user = request.user
    application = get_object_or_404(selectors.revocable_applications(user), pk=pk)
    pending = selectors.revocation_requests_visible_to(user).filter(
        application=application, status=RevocationStatus.PENDING).first()
    initial = {"reason": pending.reasons, "open_integrity_record": pending.false_material} if pending else {}
    form = RevokeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.application_revoke(application=application, actor=user, reason=d["reason"],
                                        open_integrity_record=d["open_integrity_record"], request=pending,
                                        finding=d["finding"], evidence=d["evidence"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "职称已撤销，电子证书已作废，已通知申报人和单位。")
            return redirect("supervision:revocations")
    return render(request, "supervision/revoke.html", {"form": form, "application": application,
                                                       "pending": pending})


@require_POST
@role_required(*BUREAU)
def revocation_decline(request, pk):
    req = get_object_or_404(selectors.revocation_requests_visible_to(request.user), pk=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.revocation_request_decline(request=req, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已作出不予撤销的决定，并通知报请单位。")
    else:
        messages.error(request, "请填写不予撤销的理由。")
    return redirect("supervision:revocations")


@role_required(Role.DEPARTMENT_REVIEWER, *BUREAU)
def revocation_report(request, pk):
    """A department reports a recognised person of one of its units to the bureau for revocation."""
    application = get_object_or_404(
        Application.objects.filter(unit__in=visible_units(request.user), status=Status.RECOGNISED), pk=pk)
    form = RevocationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revocation_request_create(application=application, actor=request.user,
                                               reasons=form.cleaned_data["reasons"],
                                               false_material=form.cleaned_data["false_material"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已报请区人社局撤销该职称。")
            return redirect("supervision:appeals")
    return render(request, "supervision/revocation_report.html", {"form": form, "application": application})
