"""The audit trail page (bureau: its district; department: its units' cases; city admin: everything) and its
Excel export. Parsing only: the rows and who may read them come from ``audit_trail`` and the scope."""

from django.shortcuts import render
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.audit.labels import action_choices
from zhicheng.documents.responses import file_response
from zhicheng.documents.spreadsheets import XLSX_CONTENT_TYPE

from . import audit_trail, exports
from .forms import AuditFilterForm

READERS = (Role.BUREAU_REVIEWER, Role.DEPARTMENT_REVIEWER, Role.ADMIN)


def _parse(request) -> tuple[AuditFilterForm, audit_trail.AuditFilters | None]:
    """The filter form and the filters it gives (None when a value is refused; the form says why in Chinese)."""
    form = AuditFilterForm(request.GET or None, actions=action_choices())
    if form.is_bound and not form.is_valid():
        return form, None
    return form, audit_trail.AuditFilters.from_form(form.cleaned_data if form.is_bound else {})


def _refused(request, form):
    return render(request, "supervision/audit.html", {"form": form, "rows": [], "page": None}, status=400)


@role_required(*READERS)
def audit_page(request):
    form, filters = _parse(request)
    if filters is None:
        return _refused(request, form)
    page, rows = audit_trail.trail_page(request.user, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/audit.html", {
        "form": form, "rows": rows, "page": page, "filters": filters, "query": query.urlencode()})


@role_required(*READERS)
def audit_export(request):
    form, filters = _parse(request)
    if filters is None:
        return _refused(request, form)
    rows = audit_trail.export_rows(request.user, filters)
    body = exports.to_xlsx([("审计记录", audit_trail.EXPORT_HEADER, rows)])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return file_response(body, filename=f"audit-{stamp}.xlsx", content_type=XLSX_CONTENT_TYPE)
