"""实名举报 pages: file a report (any signed-in role that can act) and the reporter's own list.

A report is then handled on the appeal pages (``views_appeals.appeal_detail`` and its actions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.certificates import throttle
from zhicheng.core.clientip import client_ip

from . import reports, selectors
from .forms import ReportForm
from .views import apply_errors

MSG_THROTTLED = "提交过于频繁，请 10 分钟后再试。"
MSG_FILED = "举报已提交，由{body}复查。复查进展和结论会通知您；被举报人看不到您的身份。"


def _throttle_keys(request) -> list[str]:
    """The same budget as public verification, per IP address and per account: a report's certificate lookup
    cannot be used to try names any faster than the verification page allows."""
    return [client_ip(request), f"user:{request.user.pk}"]


@role_required(*Role.values)
def report_new(request):
    user = request.user
    initial = {"number": request.GET.get("number", "")[:60]}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    status, throttled = 200, ""
    if request.method == "POST":
        keys = _throttle_keys(request)
        if any(throttle.is_throttled(key) for key in keys):
            status, throttled = 429, MSG_THROTTLED  # the form keeps what was typed; nothing is looked up
        elif form.is_valid():
            d = form.cleaned_data
            try:
                report = reports.report_file(reporter=user, number=d["number"], name=d["name"], text=d["text"],
                                             material=d["material"])
            except ValidationError as exc:
                for key in keys:
                    throttle.charge(key, found=not reports.is_not_found(exc))
                apply_errors(form, exc)
            else:
                for key in keys:
                    throttle.charge(key, found=True)
                messages.success(request, MSG_FILED.format(body=report.handling_body))
                return redirect("supervision:appeal_detail", report.pk)
    return render(request, "supervision/report_form.html", {
        "form": form, "throttled": throttled, "no_certificate": reports.MSG_NO_CERTIFICATE_SUPPORT}, status=status)


@role_required(*Role.values)
def my_reports(request):
    return render(request, "supervision/my_reports.html", {"reports": selectors.reports_filed_by(request.user)})
