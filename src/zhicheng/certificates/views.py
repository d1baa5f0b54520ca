"""Certificate views: public verification, the holder's certificates and claim, issuing progress, downloads."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.applications.selectors import applications_for_documents
from zhicheng.core.clientip import client_ip
from zhicheng.documents.responses import file_response

from . import selectors, services, signing, throttle
from .forms import VerifyForm, VerifyPdfForm
from .models import Certificate, VerificationMethod

MSG_THROTTLED = "查验过于频繁，请 10 分钟后再试。如需批量核验，请联系发证的区人社局。"
MSG_NOT_FOUND = selectors.MSG_NOT_FOUND
MSG_CLAIM_DONE = "电子职称证书已签发（{number}），可下载 PDF。"
MSG_CLAIM_QUEUED = "已申领，电子职称证书正在生成，通常几秒钟即可完成，请稍后刷新本页。"


def _client_ip(request) -> str:
    return client_ip(request)


def _result(request, certificate, *, method):
    services.verification_log(certificate=certificate, method=method, request=request)
    return render(request, "certificates/verify_result.html", {"c": certificate})


@require_http_methods(["GET", "POST"])
def verify(request):
    """Public lookup by certificate number and holder name (no login)."""
    form = VerifyForm(request.POST or None)
    ip = _client_ip(request)
    if request.method == "POST":
        if throttle.is_throttled(ip):
            return render(request, "certificates/verify.html", {"form": form, "throttled": MSG_THROTTLED}, status=429)
        if form.is_valid():
            certificate = selectors.certificate_by_number_and_name(form.cleaned_data["number"],
                                                                   form.cleaned_data["name"])
            throttle.charge(ip, found=certificate is not None)
            if certificate is not None:
                return _result(request, certificate, method=VerificationMethod.NUMBER_NAME)
            form.add_error(None, MSG_NOT_FOUND)
    return render(request, "certificates/verify.html", {"form": form, "pdf_form": VerifyPdfForm()})


@require_http_methods(["GET", "POST"])
def verify_pdf(request):
    """Public check of an uploaded certificate PDF (no login): signature, signer, changes, revocation."""
    if request.method == "GET":
        return redirect("certificates:verify")
    form = VerifyPdfForm(request.POST, request.FILES)
    ip = _client_ip(request)
    context = {"form": VerifyForm(), "pdf_form": form}
    if throttle.is_throttled(ip):
        return render(request, "certificates/verify.html", {**context, "throttled": MSG_THROTTLED}, status=429)
    if not form.is_valid():
        return render(request, "certificates/verify.html", context, status=400)
    try:
        check = services.certificate_check_upload(uploaded=form.cleaned_data["file"], request=request)
    except ValidationError as exc:
        throttle.charge(ip, found=False)
        form.add_error("file", exc.messages[0])
        return render(request, "certificates/verify.html", context, status=400)
    throttle.charge(ip, found=check.valid)
    return render(request, "certificates/verify_pdf_result.html", {"check": check})


@require_GET
def verify_token(request, number: str, token: str):
    """Public lookup from the QR code: number plus a token derived from the signature."""
    ip = _client_ip(request)
    if throttle.is_throttled(ip):
        return render(request, "certificates/verify.html", {"form": VerifyForm(), "throttled": MSG_THROTTLED},
                      status=429)
    certificate = Certificate.objects.filter(number=services.normalise_number(number)).first()
    found = certificate is not None and constant_time_compare(signing.short_token(certificate.signature), token)
    throttle.charge(ip, found=found)
    if not found:
        form = VerifyForm(initial={"number": number})
        return render(request, "certificates/verify.html", {"form": form, "not_found": MSG_NOT_FOUND}, status=404)
    return _result(request, certificate, method=VerificationMethod.QR)


@require_GET
def public_key(request):
    response = HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zhicheng-certificate-public-key.pem"'
    response["X-Key-Id"] = signing.key_id()
    return response


@require_GET
def ca_certificate(request):
    """The installation's CA certificates (PEM), to import into a PDF reader as trusted for signatures."""
    from zhicheng.signing.services import trust_anchors_pem

    response = HttpResponse(trust_anchors_pem(), content_type="application/x-pem-file; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="zhicheng-root-ca.pem"'
    return response


@role_required(Role.APPLICANT)
def mine(request):
    certificates = list(selectors.certificates_visible_to(request.user).filter(holder=request.user)
                        .prefetch_related("verifications__user"))
    return render(request, "certificates/mine.html", {
        "certificates": certificates, "claims": selectors.certificate_claims_for(request.user)})


@role_required(Role.APPLICANT)
@require_POST
def claim(request, pk: int):
    """The applicant claims the e-certificate of their recognised application (notice 三（四）); back to the page
    the button was on (the application, or 我的证书), which shows the progress or the certificate."""
    application = get_object_or_404(selectors.applications_of_applicant(request.user), pk=pk)
    back = (reverse("certificates:mine") if request.POST.get("back") == "mine"
            else reverse("applications:detail", args=[application.pk]))
    try:
        services.certificate_claim(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    state = selectors.certificate_state(application)
    if state["state"] == "done":
        messages.success(request, MSG_CLAIM_DONE.format(number=state["number"]))
    else:
        messages.info(request, MSG_CLAIM_QUEUED)
    return redirect(back)


@require_GET
def download(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = get_object_or_404(selectors.certificates_visible_to(request.user).select_related("district"), pk=pk)
    data = services.certificate_pdf_bytes(certificate=certificate)
    return file_response(data, filename=f"电子职称证书-{certificate.number}.pdf", content_type="application/pdf",
                         inline=True)


@require_GET
def signed_json(request, pk: int):
    """The signed certificate data, for offline checking with `zhicheng certificate verify FILE.json`."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)
    body = {"payload": json.loads(certificate.payload), "signature": certificate.signature,
            "algorithm": "Ed25519", "key_id": certificate.key_id, "public_key": signing.public_key_pem()}
    return file_response(json.dumps(body, ensure_ascii=False, indent=2).encode(), content_type="application/json",
                         filename=f"{certificate.number}.json")


@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def issue(request):
    """Bureau: recognised applications with paper forms received, and one button to issue them all."""
    applications = (services.issuable_applications(request.user)
                    .select_related("applicant", "unit", "batch").order_by("paper_received_on", "id"))
    if request.method == "POST":
        ids = request.POST.getlist("application") or list(applications.values_list("pk", flat=True))
        try:
            job = services.certificate_issue_start(applications=ids, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("certificates:issue")
        return redirect("certificates:job", pk=job.pk)
    return render(request, "certificates/issue.html", {
        "applications": applications[:500], "count": applications.count(),
        "jobs": selectors.jobs_visible_to(request.user)[:10]})


def _job_json(job) -> dict:
    return {"id": job.pk, "status": job.status, "label": job.get_status_display(), "total": job.total,
            "done": job.done, "failed": job.failed, "percent": job.percent}


@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def job(request, pk: int):
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)
    failures = job.items.filter(status="failed").select_related("application__applicant")[:100]
    return render(request, "certificates/job.html", {"job": job, "failures": failures,
                                                     "refresh": job.status in ("queued", "running")})


@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def job_status(request, pk: int):
    return JsonResponse(_job_json(get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)))


@require_GET
def application_status(request, pk: int):
    """JSON progress of one application's certificate, for the application page (applicant, unit, bureau)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "请先登录。"}, status=401)
    application = get_object_or_404(applications_for_documents(request.user), pk=pk)
    return JsonResponse(selectors.certificate_state(application), json_dumps_params={"ensure_ascii": False})
