"""The bureau's lists of a batch's recognised people: 认定结果名单 (PDF, Excel) and the upward report (上报数据)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import visible_districts
from zhicheng.batches.models import Batch
from zhicheng.documents.responses import file_response
from zhicheng.documents.spreadsheets import XLSX_CONTENT_TYPE

from . import results, upward


def _bureau_batch(request, pk: int):
    if request.user.role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
        raise Http404("批次不存在或您无权查看。")
    return get_object_or_404(Batch.objects.filter(district__in=visible_districts(request.user))
                             .select_related("district"), pk=pk)


def _results(request, pk: int, render, suffix: str, content_type: str, **kwargs):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    batch = _bureau_batch(request, pk)
    return file_response(render(batch), filename=f"认定结果名单-{batch.name}.{suffix}", content_type=content_type,
                         **kwargs)


@require_GET
def batch_results_pdf(request, pk: int):
    return _results(request, pk, results.render_batch_results_pdf, "pdf", "application/pdf", inline=True)


@require_GET
def batch_results_xlsx(request, pk: int):
    return _results(request, pk, results.render_batch_results_xlsx, "xlsx", XLSX_CONTENT_TYPE)


class UpwardReportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("格式"), choices=[("xlsx", "Excel（.xlsx）"), ("csv", "CSV"), ("json", "JSON")],
                            initial="xlsx", help_text=_("按上级平台的要求选择"))
    mapping = forms.FileField(label=_("字段映射文件"), required=False,
                              help_text=_("YAML 或 JSON，不超过 64 KB；不上传则用默认映射"))


@require_http_methods(["GET", "POST"])
def batch_upward_report(request, pk: int):
    """上报数据: the batch's recognised people in the columns and forms of the bureau's mapping (supervision.upward).

    GET ?fmt=xlsx downloads with the default mapping; GET ?fmt=mapping the default mapping itself (to edit);
    POST with an edited mapping file downloads with that one. Bureau staff of the batch's district only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    batch = _bureau_batch(request, pk)
    fmt = request.GET.get("fmt") if request.method == "GET" else None
    if fmt == "mapping":
        return file_response(upward.default_mapping_text().encode("utf-8"), filename="upward_mapping.yaml",
                             content_type="text/yaml; charset=utf-8")
    form = UpwardReportForm(request.POST or None, request.FILES or None)
    text = None
    if fmt in upward.FORMATS:
        text = upward.default_mapping_text()
    elif request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["fmt"]
        upload = form.cleaned_data.get("mapping")
        try:
            text = upload.read(upward.MAX_MAPPING_BYTES + 1).decode("utf-8") if upload else \
                upward.default_mapping_text()
        except UnicodeDecodeError:
            form.add_error("mapping", "映射文件须为 UTF-8 编码的文本（YAML 或 JSON）。")
    if text is not None:
        try:
            mapping = upward.parse_mapping(text)
            content, count = upward.build_report(batch, mapping, fmt)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("mapping", message)
        else:
            upward.record_report(batch=batch, actor=request.user, mapping=mapping, fmt=fmt, count=count, via="page")
            return file_response(content, filename=upward.report_filename(batch, fmt),
                                 content_type=upward.CONTENT_TYPES[fmt])
    status = 422 if request.method == "POST" or fmt is not None else 200
    return render(request, "documents/upward_report.html", {
        "batch": batch, "form": form, "fields": upward.FIELDS}, status=status)


# Mounted under /documents/ in the project's URL conf (namespace "documents").
document_urlpatterns = [
    path("batches/<int:pk>/results.pdf", batch_results_pdf, name="batch_results_pdf"),
    path("batches/<int:pk>/results.xlsx", batch_results_xlsx, name="batch_results_xlsx"),
    path("batches/<int:pk>/upward-report/", batch_upward_report, name="batch_upward_report"),
]
