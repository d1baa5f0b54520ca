"""Appeal pages: file (applicant), queue (department reviewers, bureau), detail with the actions allowed.

Reports (实名举报, ``views_reports``) are appeals with ``about=REPORT`` and use the same detail page and actions; their
reporter may hold any role, so the pages the filer uses are open to every role and scoped by the selector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.applications.models import Application, Status
from zhicheng.documents.responses import stored_file_response

from . import appeals as appeal_services
from . import selectors
from .forms import AppealForm, DecideForm, EscalateForm
from .models import AppealStatus
from .views import apply_errors

HANDLERS = (Role.DEPARTMENT_REVIEWER, Role.BUREAU_REVIEWER, Role.ADMIN)
EVERYONE = tuple(Role.values)  # appellants and reporters; what each sees is scoped by appeals_visible_to
MSG_DECIDED = "结论已保存并通知{person}。"


@role_required(*HANDLERS)
def appeal_queue(request):
    user = request.user
    waiting = selectors.appeals_to_handle(user)
    others = selectors.appeals_visible_to(user).exclude(pk__in=waiting.values("pk"))[:100]
    return render(request, "supervision/appeals.html", {"waiting": waiting, "others": others})


def _own_applications(user):
    return (Application.objects.filter(applicant=user).exclude(status=Status.DRAFT)
            .select_related("batch", "unit").order_by("-created_at"))


@role_required(Role.APPLICANT)
def appeal_new(request):
    user = request.user
    applications = _own_applications(user)
    initial = {}
    if request.GET.get("application", "").isdigit():
        initial["application"] = int(request.GET["application"])
    form = AppealForm(request.POST or None, request.FILES or None, applications=applications, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            appeal = appeal_services.appeal_file(appellant=user, about=d["about"], text=d["text"],
                                                 application=d["application"], material=d["material"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"申诉已提交，由{appeal.handling_body}复查。")
            return redirect("supervision:appeal_detail", appeal.pk)
    return render(request, "supervision/appeal_form.html", {"form": form, "has_applications": applications.exists()})


@role_required(*EVERYONE)
def appeal_detail(request, pk):
    user = request.user
    appeal = get_object_or_404(selectors.appeals_visible_to(user), pk=pk)
    can_handle = appeal_services.handler_blocker(appeal, user) is None
    context = {
        "appeal": appeal,
        "can_start": can_handle and appeal.status == AppealStatus.FILED,
        "can_decide": can_handle and appeal.status in (AppealStatus.FILED, AppealStatus.UNDER_DEPARTMENT_REVIEW),
        "can_escalate": appeal_services.escalate_blocker(appeal, user) is None,
        "can_bureau_decide": (selectors.is_bureau(user) and user.district_id in (None, appeal.district_id)
                              and appeal.status == AppealStatus.ESCALATED),
        "decide_form": DecideForm(appeal=appeal), "escalate_form": EscalateForm(),
        "requests": appeal.revocation_requests.all(),
    }
    return render(request, "supervision/appeal_detail.html", context)


@role_required(*EVERYONE)
def appeal_material(request, pk):
    appeal = get_object_or_404(selectors.appeals_visible_to(request.user), pk=pk)
    label = "举报材料" if appeal.is_report else "申诉材料"
    return stored_file_response(appeal.material, filename=f"{label}-{appeal.pk}")


def _act(request, appeal, form, action, success: str):
    """Run one appeal service from a POSTed form. Returns a redirect, or None when the form must be shown again."""
    if form is not None and not form.is_valid():
        return None
    try:
        action(**(form.cleaned_data if form is not None else {}))
    except ValidationError as exc:
        if form is not None:
            apply_errors(form, exc)
            return None
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("supervision:appeal_detail", appeal.pk)


@require_POST
@role_required(*HANDLERS)
def appeal_start(request, pk):
    appeal = get_object_or_404(selectors.appeals_visible_to(request.user), pk=pk)
    return _act(request, appeal, None,
                lambda: appeal_services.appeal_start_review(appeal=appeal, actor=request.user), "已受理，开始复查。")


def _decide(request, pk, service, template_flag: str):
    user = request.user
    appeal = get_object_or_404(selectors.appeals_visible_to(user), pk=pk)
    form = DecideForm(request.POST, appeal=appeal)
    response = _act(request, appeal, form, lambda **d: service(appeal=appeal, actor=user, **d),
                    MSG_DECIDED.format(person="举报人" if appeal.is_report else "申诉人"))
    if response is not None:
        return response
    return render(request, "supervision/appeal_detail.html", {
        "appeal": appeal, template_flag: True, "decide_form": form, "escalate_form": EscalateForm(),
        "requests": appeal.revocation_requests.all()}, status=400)


@require_POST
@role_required(*HANDLERS)
def appeal_decide(request, pk):
    return _decide(request, pk, appeal_services.appeal_decide, "can_decide")


@require_POST
@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def appeal_bureau_decide(request, pk):
    return _decide(request, pk, appeal_services.appeal_bureau_decide, "can_bureau_decide")


@require_POST
@role_required(*EVERYONE)
def appeal_escalate(request, pk):
    user = request.user
    appeal = get_object_or_404(selectors.appeals_visible_to(user), pk=pk)
    form = EscalateForm(request.POST)
    response = _act(request, appeal, form, lambda text: appeal_services.appeal_escalate(
        appeal=appeal, actor=user, text=text), "已向区人社局申诉。")
    if response is not None:
        return response
    return render(request, "supervision/appeal_detail.html", {
        "appeal": appeal, "can_escalate": True, "decide_form": DecideForm(appeal=appeal), "escalate_form": form,
        "requests": appeal.revocation_requests.all()}, status=400)
