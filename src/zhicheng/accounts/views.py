from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from zhicheng.core.formtools import apply_errors

from . import services
from .forms import (
    ApplicantRegisterForm,
    LoginForm,
    ProfileForm,
    UnitOfficerRegisterForm,
    ZhichengPasswordChangeForm,
)
from .models import Role
from .permissions import role_required


class ZhichengLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class ZhichengLogoutView(LogoutView):
    pass


def register_applicant(request):
    form = ApplicantRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.applicant_register(
                username=d["username"], password=d["password1"], real_name=d["real_name"],
                id_number=d["id_number"], phone=d["phone"], email=d["email"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功。单位将您列入推荐名单后，即可在申报期内开始网络申报。")
            return redirect("core:landing")
    return render(request, "accounts/register_applicant.html", {"form": form})


def register_unit(request):
    form = UnitOfficerRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.unit_officer_register(
                username=d["username"], password=d["password1"], real_name=d["real_name"], phone=d["phone"],
                email=d["email"],
                unit=services.UnitDetails(
                    name=d["unit_name"], uscc=d["uscc"], kind=d["kind"], affiliation=d["affiliation"],
                    district_id=d["district"].pk, department_id=d["department"].pk if d["department"] else None,
                    is_labour_dispatch=d["is_labour_dispatch"], is_out_of_province_branch=d["is_out_of_province_branch"],
                    parent_company_name=d["parent_company_name"], legal_representative=d["legal_representative"],
                    contact_phone=d["phone"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "单位经办人账号已提交，待辖区人社局审核通过后即可登录办理。")
            return redirect("core:home")
    return render(request, "accounts/register_unit.html", {"form": form})


@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def pending_officers(request):
    return render(request, "accounts/pending_officers.html",
                  {"officers": services.pending_officers_for(request.user)})


@require_POST
@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def approve_officer(request, pk: int):
    try:
        officer = services.unit_officer_approve(officer_id=pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已审核通过：{officer.unit.name} 经办人 {officer.display_name}")
    return redirect("accounts:pending_officers")


MSG_PROFILE_SAVED = "个人信息已保存。"
MSG_PASSWORD_CHANGED = "密码已修改，下次登录请使用新密码。"


@login_required
def profile(request):
    """个人信息, for every role: contact details and the way to change the password."""
    user = request.user
    form = ProfileForm(request.POST or None, initial={"email": user.email, "phone": user.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, actor=user, email=form.cleaned_data["email"],
                                    phone=form.cleaned_data["phone"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, MSG_PROFILE_SAVED)
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class ZhichengPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ZhichengPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user)
        messages.success(self.request, MSG_PASSWORD_CHANGED)
        return response
