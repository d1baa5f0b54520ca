from django import forms
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity import CodeField, PersonNameField

from .checks import series_choices
from .models import AnnualReview, AssessmentResult, TitleLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label, help_text="", required=False):
    return forms.DateField(label=label, help_text=help_text, required=required, widget=DateInput())


def _yes_no(label, help_text):
    # Values "True"/"False" so a stored boolean shows as the initial choice; nothing posted means "是".
    return forms.TypedChoiceField(label=label, help_text=help_text, choices=[("True", "是"), ("False", "否")],
                                  coerce=lambda v: v == "True", empty_value=None, required=False, initial="True",
                                  widget=forms.RadioSelect)


class PolicyUploadForm(forms.Form):
    title = forms.CharField(label=_("制度名称"), max_length=200, help_text=_("例如：XX公司初级职称考核推荐办法"))
    adopted_on = _date(_("通过日期"), _("职工大会或单位决策会议通过的日期"), required=True)
    file = forms.FileField(label=_("制度文件"), help_text=_("PDF、JPEG 或 PNG，不超过 10 MB"))


class EntryForm(forms.Form):
    real_name = PersonNameField(label=_("姓名"), max_length=50, help_text=_("与身份证一致"))
    id_number = CodeField(label=_("身份证号码"), max_length=18,
                                help_text=_("18 位，末位 X 大写；申报人凭此号码开始网络申报"))
    series = forms.ChoiceField(label=_("申报系列"), help_text=_("经济、会计等“以考代评”系列不在考核认定范围"))
    specialty = forms.CharField(label=_("申报专业"), max_length=100, help_text=_("例如：建筑工程"))
    level = forms.ChoiceField(label=_("申报级别"), choices=TitleLevel.choices)
    post = forms.CharField(label=_("现从事岗位"), max_length=100, required=False)
    assessment_result = forms.ChoiceField(label=_("考核结果"), choices=AssessmentResult.choices)
    assessment_date = _date(_("考核日期"))
    last_annual_review = forms.ChoiceField(label=_("上年度考核结果"), choices=AnnualReview.choices, required=False,
                                           initial=AnnualReview.QUALIFIED,
                                           help_text=_("上年度考核不合格或基本合格的不得参加考核认定（通知一（二））"))
    obeys_arrangements = _yes_no(_("服从单位工作安排"), _("不服从用人单位工作安排的不得参加考核认定"))
    competent_in_post = _yes_no(_("胜任专业技术岗位工作"), _("不胜任专业技术岗位工作的不得参加考核认定"))
    publicity_start = _date(_("公示开始日期"), _("单位内部公示第一天"))
    publicity_end = _date(_("公示结束日期"), _("公示期满通知规定的工作日数（周末、法定节假日不计）"))
    publicity_objection = forms.BooleanField(label=_("公示有异议"), required=False,
                                             help_text=_("公示有异议的不得推荐"))
    pledge_date = _date(_("本人承诺落款日期"), _("公示表“本人郑重承诺”落款日期，须早于公示开始"))
    opinion_date = _date(_("单位审核意见落款日期"), _("公示表“单位审核意见”落款日期，须在公示期满之后"))
    using_unit_name = forms.CharField(label=_("实际用工单位"), max_length=200, required=False)
    second_publicity_start = _date(_("用工单位公示开始"), _("双公示：用工单位公示第一天"))
    second_publicity_end = _date(_("用工单位公示结束"), _("公示期满通知规定的工作日数"))
    using_unit_approved = forms.BooleanField(label=_("用工单位已审核同意并盖章"), required=False)
    dispatch_agreement = forms.FileField(label=_("派遣协议"), required=False,
                                         help_text=_("可只提供派遣工作性质的内容及协议首尾页；PDF、JPEG 或 PNG"))

    DISPATCH_FIELDS = ("using_unit_name", "second_publicity_start", "second_publicity_end",
                       "using_unit_approved", "dispatch_agreement")

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [("", "请选择"), *series_choices()]
        if not unit.is_labour_dispatch:
            for name in self.DISPATCH_FIELDS:
                del self.fields[name]

    def entry_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "dispatch_agreement"}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("填写好的导入模板"), help_text=_("仅限 .xlsx；全部行无误才会导入，有错误时不保存任何一行"))


class ParentReportForm(forms.Form):
    file = forms.FileField(label=_("总公司推荐报告（附件2）"),
                           help_text=_("由具有企业法人资格的上级单位出具并盖章；PDF、JPEG 或 PNG"))
