"""Statistics pages (bureau: its district; city admin: every district) and their Excel exports."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.accounts.scope import Scope
from zhicheng.documents.responses import file_response
from zhicheng.documents.spreadsheets import XLSX_CONTENT_TYPE

from . import exports, stats

BUREAU = (Role.BUREAU_REVIEWER, Role.ADMIN)


def _batches(user):
    return Scope.for_actor(user).managed_batches().order_by("-window_start")


MSG_BAD_YEAR = "请从列表中选择年度。"


def _year(request, batches) -> tuple[list[int], int | None, str]:
    """(years to choose from, the year asked for, or None; a Chinese message when the year is not one of them)."""
    years = stats.stat_years(batches)
    asked = request.GET.get("year", "").strip()
    if not asked:
        return years, None, ""
    if not asked.isdigit() or int(asked) not in years:
        return years, None, MSG_BAD_YEAR
    return years, int(asked), ""


def _year_context(batches, year: int) -> dict:
    data = stats.year_stats(batches, year)
    export = reverse("supervision:stats_year_export")
    return {"year_data": data,
            "year_tables": [(data.tables[k], f"{export}?year={year}&table={k}") for k in ("status", "series", "level")],
            "year_batch_rows": list(zip(data.tables["batches"].rows, data.tables["batches"].extra, strict=True))}


@role_required(*BUREAU)
def stats_page(request):
    batches = _batches(request.user)
    years, year, year_error = _year(request, batches)
    if year is not None or year_error:
        context = {"batches": batches, "years": years, "year": year, "year_error": year_error, "batch": None}
        if year is not None:
            context.update(_year_context(batches, year))
        return render(request, "supervision/stats.html", context, status=400 if year_error else 200)
    chosen = request.GET.get("batch", "")
    if chosen.isdigit():
        batch = get_object_or_404(batches, pk=int(chosen))
    else:
        now = timezone.now()
        batch = batches.filter(window_start__lte=now).first() or batches.first()
    context = {"batches": batches, "years": years, "batch": batch, "data": None, "overview": None}
    if batch is not None:
        data = stats.batch_stats(batch)
        context.update(data=data, overdue=stats.overdue_applications(batch),
                       tables=[(data.tables[k], reverse("supervision:stats_export", args=[batch.pk, k]))
                               for k in ("status", "series", "level", "unit_kind", "returns")],
                       unit_table=data.tables["units"],
                       unit_rows=list(zip(data.tables["units"].rows, data.tables["units"].extra, strict=True)))
    if request.user.role == Role.ADMIN and request.user.district_id is None:
        context["overview"] = stats.district_overview(batches)
    return render(request, "supervision/stats.html", context)


@role_required(*BUREAU)
def stats_export(request, pk, table):
    batch = get_object_or_404(_batches(request.user), pk=pk)
    data = stats.batch_stats(batch)
    return _workbook(data.tables, list(data.tables) if table == "all" else [table],
                     f"stats-{batch.year}-{batch.sequence}-{table}.xlsx")


def _workbook(tables: dict, keys: list[str], filename: str) -> HttpResponse:
    if any(k not in tables for k in keys):
        raise Http404
    sheets = []
    for key in keys:
        rows = stats.table_to_sheet_rows(tables[key])
        sheets.append((tables[key].title, rows[0], rows[1:]))
    return file_response(exports.to_xlsx(sheets), filename=filename, content_type=XLSX_CONTENT_TYPE)


@role_required(*BUREAU)
def stats_year_export(request):
    """The year's tables (``?year=2024``, all of them or ``&table=series``) as one workbook."""
    batches = _batches(request.user)
    _years, year, _error = _year(request, batches)
    table = request.GET.get("table", "all")
    if year is None:
        raise Http404(MSG_BAD_YEAR)
    data = stats.year_stats(batches, year)
    keys = ["batches", "status", "series", "level"] if table == "all" else [table]
    return _workbook(data.tables, keys, f"stats-{year}-{table}.xlsx")
