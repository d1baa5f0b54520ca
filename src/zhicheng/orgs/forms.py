"""Forms of the unit's details. They parse what was typed; the rules (normalisation, the USCC's check digit,
one pending request, the department's district, cases in review) are the services' (``orgs/services.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity import CodeField

from .models import Affiliation, Department, UnitKind
from .services import MSG_NAME_EMPTY, MSG_NO_REASON, MSG_NO_REJECT_REASON
from .validators import validate_uscc


class UnitDetailsForm(forms.Form):
    """The changeable details, with the unit's district's departments to choose from."""

    name = forms.CharField(label=_("单位名称"), max_length=200, help_text=_("与营业执照或登记证书一致"),
                           error_messages={"required": MSG_NAME_EMPTY})
    uscc = CodeField(label=_("统一社会信用代码"), max_length=18, validators=[validate_uscc],
                     help_text=_("18 位，与营业执照或登记证书一致"))
    kind = forms.ChoiceField(label=_("单位性质"), choices=UnitKind.choices, help_text=_("私营单位请选择“非公经济组织”"))
    affiliation = forms.ChoiceField(label=_("隶属关系"), choices=Affiliation.choices)
    department = forms.ModelChoiceField(label=_("行业主管部门"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("无主管部门"), help_text=_("非公经济组织通常无主管部门"))
    is_labour_dispatch = forms.BooleanField(label=_("本单位为劳务派遣公司"), required=False)
    is_out_of_province_branch = forms.BooleanField(label=_("本单位为外省企业在本区注册的分公司"), required=False)
    parent_company_name = forms.CharField(label=_("总公司名称"), max_length=200, required=False,
                                          help_text=_("外省企业分公司填写"))
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    address = forms.CharField(label=_("单位地址"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=50, required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(district_id=unit.district_id)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in UnitDetailsForm.base_fields}


class UnitChangeProposeForm(UnitDetailsForm):
    reason = forms.CharField(label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             help_text=_("例如：单位更名，已换发营业执照；主管部门调整，附文件号"),
                             error_messages={"required": MSG_NO_REASON})


class UnitChangeApproveForm(UnitDetailsForm):
    note = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                           required=False, help_text=_("更正了申请内容的，请说明更正的理由"))


class UnitChangeRejectForm(forms.Form):
    reason = forms.CharField(label=_("不予变更的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             help_text=_("单位经办人会看到这段说明"), error_messages={"required": MSG_NO_REJECT_REASON})
