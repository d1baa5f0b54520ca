from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.core.context_processors import nav_items
from zhicheng.core.forms import SelfCheckForm
from zhicheng.core.selfcheck import run_selfcheck
from zhicheng.policy.errors import PolicyInputError
from zhicheng.policy.procedure import procedure

LANDING_TEMPLATES = {
    Role.APPLICANT: "core/landing_applicant.html",
    Role.UNIT_OFFICER: "core/landing_unit.html",
    Role.DEPARTMENT_REVIEWER: "core/landing_department.html",
    Role.BUREAU_REVIEWER: "core/landing_bureau.html",
    Role.ADMIN: "core/landing_admin.html",
}


def selfcheck(request):
    """条件自检: public, no login; nothing is stored."""
    form = SelfCheckForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        try:
            result = run_selfcheck(form.cleaned_data)
        except PolicyInputError as exc:
            form.add_error(None, str(exc))
    return render(request, "core/selfcheck.html", {"form": form, "result": result})


def home(request):
    # No batch here: the procedure in force today (zhicheng.policy.procedure), as the public reads the notice.
    return render(request, "core/home.html", {"procedure": procedure(timezone.localdate())})


@login_required
def landing(request):
    """Each role lands on its own work page."""
    user = request.user
    return render(request, LANDING_TEMPLATES[user.role], {"shortcuts": nav_items(user)[1:]})
