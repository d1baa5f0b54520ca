"""An application's documents: its uploaded files and its 考核认定表 (PDF and the public check of its QR code)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from zhicheng.accounts.validators import mask_id_number
from zhicheng.documents.responses import file_response, stored_file_response, unavailable

from . import recognition
from .models import Application, Status
from .selectors import applications_for_documents, attachments_visible_to


@require_GET
def download(request, pk: int):
    """Stream an attachment to the people entitled to it; everyone else gets 404 (never a public URL)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    # The shown name may be "scan.pdf.exe"; the offered one ends in the extension of what the bytes are.
    return stored_file_response(attachment.file, filename=attachment.original_name,
                                content_type=attachment.content_type, inline=request.GET.get("inline") == "1",
                                missing="文件已不存在，请联系申报人重新上传。")


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
        return unavailable(request, reason)
    pdf = recognition.render_recognition_form(application)
    name = f"考核认定表-{application.applicant.display_name}-{recognition.document_number(application)}.pdf"
    return file_response(pdf, filename=name, content_type="application/pdf", inline=True)


@require_GET
def verify_form(request, number: str, token: str):
    """Public check of a printed recognition form (its QR code): shows whether it is genuine and still valid."""
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


# Mounted under /documents/ in the project's URL conf (namespace "documents").
document_urlpatterns = [
    path("attachments/<int:pk>/", download, name="download"),
    path("applications/<int:pk>/recognition-form.pdf", recognition_form, name="recognition_form"),
    path("verify/<str:number>/<str:token>/", verify_form, name="verify_form"),
]


@require_http_methods(["GET", "POST"])
def signed_form(request, pk: int):
    """电子签章 of the 考核认定表: who has signed, and the one-click seal (password again) for whoever is next."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    from . import esign
    from .models import SignedForm

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = get_object_or_404(
        applications_for_documents(request.user).select_related("batch__district", "unit__department", "applicant"),
        pk=pk)
    if request.method == "POST":
        try:
            esign.form_sign(application=application, actor=request.user, password=request.POST.get("password", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已完成电子签章。")
        return redirect("applications:signed_form", pk=application.pk)
    form = SignedForm.objects.filter(application=application).select_related(
        "unit_signed_by", "department_signed_by", "bureau_signed_by").first()
    parties = form.parties if form else None
    rows = [(esign.LABELS[p], getattr(form, f"{p}_signed_at") if form else None,
             getattr(form, f"{p}_signed_by") if form else None) for p in (parties or ["unit", "department", "bureau"])]
    return render(request, "applications/signed_form.html", {
        "app": application, "form": form, "rows": rows,
        "reasons": esign.sign_blocked_reasons(application, form, request.user)})


@require_GET
def signed_form_pdf(request, pk: int):
    from .models import SignedForm

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = get_object_or_404(SignedForm.objects.filter(
        application__in=applications_for_documents(request.user)).select_related("application__applicant"),
        application_id=pk)
    with form.pdf.open("rb") as handle:
        data = handle.read()
    name = f"考核认定表（电子签章）-{form.application.applicant.display_name}-{recognition.document_number(form.application)}.pdf"
    return file_response(data, filename=name, content_type="application/pdf", inline=True)
