from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhicheng.accounts.models import Role
from zhicheng.core.context_processors import nav_items

LANDING_TEMPLATES = {
    Role.APPLICANT: "core/landing_applicant.html",
    Role.UNIT_OFFICER: "core/landing_unit.html",
    Role.DEPARTMENT_REVIEWER: "core/landing_department.html",
    Role.BUREAU_REVIEWER: "core/landing_bureau.html",
    Role.ADMIN: "core/landing_admin.html",
}


def home(request):
    return render(request, "core/home.html")


@login_required
def landing(request):
    """Each role lands on its own work page."""
    user = request.user
    return render(request, LANDING_TEMPLATES[user.role], {"shortcuts": nav_items(user)[1:]})
