"""Document views: permission-checked downloads and rendered PDFs/Excel files."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import visible_districts, visible_units
from zhicheng.accounts.validators import mask_id_number
from zhicheng.applications.models import Status

from . import recognition, reports, upward
from .selectors import applications_for_documents, attachments_visible_to
from .uploads import download_name


def content_disposition(filename: str, *, content_type: str, inline: bool = False) -> str:
    """RFC 6266/5987: an ASCII fallback plus the UTF-8 name, both ending in the extension of ``content_type``."""
    kind = "inline" if inline else "attachment"
    filename = download_name(filename, content_type)
    ascii_name = "".join(ch if (ch.isascii() and ch.isprintable() and ch not in '"\\;') else "_" for ch in filename)
    return f"{kind}; filename=\"{ascii_name or 'file'}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(data: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, content_type=content_type, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request, pk: int):
    """Stream an attachment to the people entitled to it; everyone else gets 404 (never a public URL)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不存在，请联系申报人重新上传。") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    # The shown name may be "scan.pdf.exe"; the offered one ends in the extension of what the bytes are.
    response["Content-Disposition"] = content_disposition(attachment.original_name,
                                                          content_type=attachment.content_type,
                                                          inline=request.GET.get("inline") == "1")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _unavailable(request, message: str, *, status: int = 403):
    return render(request, "documents/unavailable.html", {"message": message}, status=status)


@require_GET
def recognition_form(request, pk: int):
    """考核认定表 PDF: the applicant, their unit, its department and the district bureau, once recognised."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = get_object_or_404(
        applications_for_documents(request.user).select_related("batch__district", "unit__department",
                                                                "applicant"), pk=pk)
    reason = recognition.unavailable_reason(application)
    if reason:
        return _unavailable(request, reason)
    pdf = recognition.render_recognition_form(application)
    name = f"考核认定表-{application.applicant.display_name}-{recognition.document_number(application)}.pdf"
    return file_response(pdf, filename=name, content_type="application/pdf", inline=True)


@require_GET
def verify_form(request, number: str, token: str):
    """Public check of a printed recognition form (its QR code): shows whether it is genuine and still valid."""
    from zhicheng.applications.models import Application

    application = None
    pk = recognition.application_pk_from_number(number)
    if pk is not None and recognition.token_matches(number, token):
        application = (Application.objects.select_related("batch__district", "unit", "applicant")
                       .filter(pk=pk).first())
        if application is not None and recognition.document_number(application) != number:
            application = None
    context = {"number": number, "application": application,
               "status_ok": application is not None and application.status == Status.RECOGNISED}
    if application is not None:
        context.update(
            holder=application.applicant.display_name,
            masked_id=mask_id_number(application.applicant.id_number or ""),
            recognised_on=recognition.cn_date(application.recognised_on),
            level_label=recognition.LEVEL_LABELS.get(application.recognised_level or application.level, ""),
        )
    return render(request, "documents/verify_form.html", context, status=200 if application else 404)


def _login_or(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


@require_GET
def publicity_form(request, pk: int):
    """公示表（附件1）of one list entry, for the unit to print and post."""
    if (redirect := _login_or(request)) is not None:
        return redirect
    from zhicheng.recommendations.models import RecommendationEntry

    entry = get_object_or_404(
        RecommendationEntry.objects.filter(recommendation_list__unit__in=visible_units(request.user))
        .select_related("recommendation_list__unit__district", "recommendation_list__batch"), pk=pk)
    pdf = reports.render_publicity_form(entry)
    return file_response(pdf, filename=f"公示表-{entry.real_name}.pdf", content_type="application/pdf", inline=True)


@require_GET
def parent_recommendation(request, pk: int):
    """推荐报告（附件2）template for an out-of-province branch, filled with its list."""
    if (redirect := _login_or(request)) is not None:
        return redirect
    from zhicheng.recommendations.models import RecommendationList

    rlist = get_object_or_404(RecommendationList.objects.filter(unit__in=visible_units(request.user))
                              .select_related("unit__district", "batch"), pk=pk)
    reason = reports.parent_recommendation_blocked_reason(rlist)
    if reason:
        return _unavailable(request, reason)
    pdf = reports.render_parent_recommendation(rlist)
    return file_response(pdf, filename=f"推荐报告-{rlist.unit.name}.pdf", content_type="application/pdf", inline=True)


def _bureau_batch(request, pk: int):
    from zhicheng.batches.models import Batch

    if request.user.role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
        raise Http404("批次不存在或您无权查看。")
    return get_object_or_404(Batch.objects.filter(district__in=visible_districts(request.user))
                             .select_related("district"), pk=pk)


@require_GET
def batch_results_pdf(request, pk: int):
    if (redirect := _login_or(request)) is not None:
        return redirect
    batch = _bureau_batch(request, pk)
    return file_response(reports.render_batch_results_pdf(batch), filename=f"认定结果名单-{batch.name}.pdf",
                         content_type="application/pdf", inline=True)


@require_GET
def batch_results_xlsx(request, pk: int):
    if (redirect := _login_or(request)) is not None:
        return redirect
    batch = _bureau_batch(request, pk)
    return file_response(reports.render_batch_results_xlsx(batch), filename=f"认定结果名单-{batch.name}.xlsx",
                         content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class UpwardReportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("格式"), choices=[("xlsx", "Excel（.xlsx）"), ("csv", "CSV"), ("json", "JSON")],
                            initial="xlsx", help_text=_("按上级平台的要求选择"))
    mapping = forms.FileField(label=_("字段映射文件"), required=False,
                              help_text=_("YAML 或 JSON，不超过 64 KB；不上传则用默认映射"))


@require_http_methods(["GET", "POST"])
def batch_upward_report(request, pk: int):
    """上报数据: the batch's recognised people in the columns and forms of the bureau's mapping (documents.upward).

    GET ?fmt=xlsx downloads with the default mapping; GET ?fmt=mapping the default mapping itself (to edit);
    POST with an edited mapping file downloads with that one. Bureau staff of the batch's district only."""
    if (redirect := _login_or(request)) is not None:
        return redirect
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
