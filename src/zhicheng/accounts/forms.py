from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import validate_password

from zhicheng.core.identity import CodeField, PersonNameField
from zhicheng.orgs.models import Affiliation, Department, District, UnitKind
from zhicheng.orgs.validators import validate_uscc

from .validators import validate_id_number


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。连续 5 次错误将暂时锁定 15 分钟。",
        "inactive": "该账号已停用，请联系辖区人社局。",
    }


class _PasswordMixin(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="字母、数字或 @/./+/-/_")
    password1 = forms.CharField(label="密码", widget=forms.PasswordInput, help_text="至少 8 位，不要全为数字")
    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致，请重新输入。")
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ApplicantRegisterForm(_PasswordMixin):
    real_name = PersonNameField(label="姓名", max_length=50, help_text="与身份证一致")
    id_number = CodeField(label="居民身份证号码", max_length=18, validators=[validate_id_number],
                                help_text="18 位，末位 X 请大写；出生日期和性别将从号码中读取")
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收审核通知")


class UnitOfficerRegisterForm(_PasswordMixin):
    real_name = PersonNameField(label="经办人姓名", max_length=50)
    phone = forms.CharField(label="经办人手机号码", max_length=20)
    email = forms.EmailField(label="电子邮箱", required=False)
    unit_name = forms.CharField(label="单位名称", max_length=200, help_text="与营业执照或登记证书一致")
    uscc = CodeField(label="统一社会信用代码", max_length=18, validators=[validate_uscc])
    kind = forms.ChoiceField(label="单位性质", choices=UnitKind.choices, help_text="私营单位请选择“非公经济组织”")
    affiliation = forms.ChoiceField(label="隶属关系", choices=Affiliation.choices)
    district = forms.ModelChoiceField(label="注册辖区", queryset=District.objects.all(), empty_label="请选择")
    department = forms.ModelChoiceField(label="行业主管部门", queryset=Department.objects.all(), required=False,
                                        empty_label="无主管部门", help_text="非公经济组织通常无主管部门")
    is_labour_dispatch = forms.BooleanField(label="本单位为劳务派遣公司", required=False)
    is_out_of_province_branch = forms.BooleanField(label="本单位为外省企业在本区注册的分公司", required=False)
    parent_company_name = forms.CharField(label="总公司名称", max_length=200, required=False)
    legal_representative = forms.CharField(label="法定代表人", max_length=50, required=False)

    def clean(self):
        data = super().clean()
        department, district = data.get("department"), data.get("district")
        if department and district and department.district_id != district.pk:
            self.add_error("department", "所选主管部门不属于该辖区，请重新选择。")
        if data.get("is_out_of_province_branch") and not data.get("parent_company_name"):
            self.add_error("parent_company_name", "外省企业分公司请填写总公司名称。")
        return data


class ProfileForm(forms.Form):
    email = forms.EmailField(label="电子邮箱", required=False, help_text="审核结果和退回修改的通知会发到这个邮箱")
    phone = forms.CharField(label="手机号码", max_length=20, required=False, help_text="11 位手机号码，供经办人员联系")


class ZhichengPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "当前密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致，请重新输入。",
    }
