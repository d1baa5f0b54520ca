"""Statistics pages (bureau: its district; city admin: every district) and their Excel exports."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.accounts.scope import Scope

from . import exports, stats

BUREAU = (Role.BUREAU_REVIEWER, Role.ADMIN)


def _batches(user):
    return Scope.for_actor(user).managed_batches().order_by("-window_start")


@role_required(*BUREAU)
def stats_page(request):
    batches = _batches(request.user)
    chosen = request.GET.get("batch", "")
    if chosen.isdigit():
        batch = get_object_or_404(batches, pk=int(chosen))
    else:
        now = timezone.now()
        batch = batches.filter(window_start__lte=now).first() or batches.first()
    context = {"batches": batches, "batch": batch, "data": None, "overview": None}
    if batch is not None:
        data = stats.batch_stats(batch)
        context.update(data=data, overdue=stats.overdue_applications(batch),
                       tables=[data.tables[k] for k in ("status", "series", "level", "unit_kind", "returns")],
                       unit_table=data.tables["units"],
                       unit_rows=list(zip(data.tables["units"].rows, data.tables["units"].extra, strict=True)))
    if request.user.role == Role.ADMIN and request.user.district_id is None:
        context["overview"] = stats.district_overview(batches)
    return render(request, "supervision/stats.html", context)


@role_required(*BUREAU)
def stats_export(request, pk, table):
    batch = get_object_or_404(_batches(request.user), pk=pk)
    data = stats.batch_stats(batch)
    keys = list(data.tables) if table == "all" else [table]
    if any(k not in data.tables for k in keys):
        raise Http404
    sheets = []
    for key in keys:
        rows = stats.table_to_sheet_rows(data.tables[key])
        sheets.append((data.tables[key].title, rows[0], rows[1:]))
    response = HttpResponse(exports.to_xlsx(sheets),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="stats-{batch.year}-{batch.sequence}-{table}.xlsx"'
    return response
