import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from zhicheng.certificates.forms import VerifyForm
from zhicheng.core.identity import CodeField, PersonNameField
from zhicheng.orgs.models import Department, Unit

from .models import APPEAL_ABOUT_CHOICES, AppealOutcome, PenaltyKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IntegrityRecordForm(forms.Form):
    name = PersonNameField(label=_("姓名"), max_length=50, help_text=_("与身份证一致"))
    id_number = CodeField(label=_("居民身份证号码"), max_length=18,
                                help_text=_("18 位；有平台账号的，自动关联到其账号"))
    unit = forms.ModelChoiceField(label=_("涉及单位"), queryset=Unit.objects.none(), required=False,
                                  help_text=_("推荐申报的用人单位（如有）"))
    finding = forms.CharField(label=_("失信行为"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("查实的弄虚作假、提供虚假材料的事实"))
    decided_on = forms.DateField(label=_("认定日期"), widget=DateInput(), help_text=_("记录期自该日起算 3 年"))
    evidence = forms.FileField(label=_("证据材料"), required=False, help_text=_("认定文书或证据，PDF、JPEG 或 PNG，不超过 10 MB"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class PenaltyForm(forms.Form):
    target = forms.ChoiceField(label=_("被处理对象"), help_text=_("用人单位审核把关或主管部门复核未履职"))
    kind = forms.ChoiceField(label=_("情形"), choices=PenaltyKind.choices,
                             help_text=_("首次把关不严暂停下一季度；再次把关不严或虚假材料暂停 1 年；无制度暂停至整改完成"))
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    facts = forms.CharField(label=_("事实及依据"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("认定的事实、涉及的申报"))

    def __init__(self, *args, units=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = list(units if units is not None else Unit.objects.none())
        departments = list(departments if departments is not None else Department.objects.none())
        self.fields["target"].choices = [("", "请选择")] + [
            (_("用人单位"), [(f"unit:{u.pk}", u.name) for u in units]),
            (_("行业主管部门"), [(f"department:{d.pk}", d.name) for d in departments]),
        ]
        self._units = {u.pk: u for u in units}
        self._departments = {d.pk: d for d in departments}

    def clean_target(self):
        value = self.cleaned_data["target"]
        kind, _sep, pk = value.partition(":")
        objects = self._units if kind == "unit" else self._departments
        try:
            return kind, objects[int(pk)]
        except (KeyError, ValueError):
            raise forms.ValidationError("请选择被处理的单位或部门。") from None


class CorrectedForm(forms.Form):
    corrected_on = forms.DateField(label=_("整改完成日期"), widget=DateInput(),
                                   help_text=_("单位制定或完善考核推荐制度、经核实整改完成的日期"))


class AppealForm(forms.Form):
    application = forms.ModelChoiceField(label=_("涉及的申报"), queryset=None, empty_label="请选择",
                                         help_text=_("考核认定结束后，或申报已作出认定结论后可以申诉"))
    about = forms.ChoiceField(label=_("申诉事项"), choices=APPEAL_ABOUT_CHOICES)
    text = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 6, "data-min-chars": "20"}),
                           help_text=_("写明异议的事实和理由，不少于 20 字"))
    material = forms.FileField(label=_("申诉材料"), required=False, help_text=_("PDF、JPEG 或 PNG，不超过 10 MB"))

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications


class ReportForm(VerifyForm):
    """实名举报: who (certificate number + holder name, as on the public verification page), the facts, one file."""

    text = forms.CharField(label=_("举报事实"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6, "data-min-chars": "20"}),
                           help_text=_("写明哪项申报材料不实、不符合哪项申报条件，以及您了解的情况，不少于 20 字"),
                           error_messages={"required": _("请写明举报的事实（不少于 20 字）。"),
                                           "max_length": _("举报事实请控制在 5000 字以内，详细情况可作为材料上传。")})
    material = forms.FileField(label=_("证明材料"), required=False,
                               help_text=_("一个文件，PDF、JPEG 或 PNG，不超过 10 MB"),
                               error_messages={"invalid": _("上传的文件无法读取，请重新选择。"),
                                               "empty": _("请选择要上传的文件（文件为空）。")})


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复查结论"), choices=AppealOutcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("事实和理由"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("申诉人会看到这段文字"))
    false_material = forms.BooleanField(label=_("复查发现提供虚假材料（报请撤销时人社局可同时记入诚信档案）"),
                                        required=False)

    def __init__(self, *args, appeal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if appeal is not None and appeal.is_report:
            self.fields["outcome"].choices = [(value, appeal.worded(label)) for value, label in AppealOutcome.choices]
            self.fields["reasons"].help_text = _("举报人会看到这段文字")


class EscalateForm(forms.Form):
    text = forms.CharField(label=_("不服复查结论的理由"), widget=forms.Textarea(attrs={"rows": 5, "data-min-chars": "20"}),
                           help_text=_("不少于 20 字"))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("申报人和单位会收到这段文字"))
    open_integrity_record = forms.BooleanField(label=_("同时记入职称评审诚信档案（提供虚假材料的）"), required=False)
    finding = forms.CharField(label=_("失信行为"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("记入诚信档案时填写；留空则使用撤销理由"))
    evidence = forms.FileField(label=_("证据材料"), required=False, help_text=_("PDF、JPEG 或 PNG"))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("不予撤销的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RevocationRequestForm(forms.Form):
    reasons = forms.CharField(label=_("复查发现的问题"), widget=forms.Textarea(attrs={"rows": 4}))
    false_material = forms.BooleanField(label=_("存在提供虚假材料的情况"), required=False)


MSG_BAD_DATE = _("请按“年-月-日”填写日期，例如 2024-09-20。")
MSG_DATE_RANGE = _("日期应在 2000年1月1日 至 2099年12月31日 之间。")
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


class AuditFilterForm(forms.Form):
    """The audit trail's filters (every one optional). Bad values get Chinese messages, never an error page."""

    person = forms.CharField(label=_("人员"), required=False, max_length=50,
                             help_text=_("操作人或被操作人的姓名（可填一部分）或用户名"))
    application = forms.IntegerField(label=_("申报编号"), required=False, min_value=1, max_value=2**62,
                                     error_messages={"invalid": _("申报编号只能是数字，例如 128。"),
                                                     "min_value": _("申报编号只能是正整数，例如 128。"),
                                                     "max_value": _("没有这么大的申报编号。")})
    action = forms.ChoiceField(label=_("操作"), required=False,
                               error_messages={"invalid_choice": _("请从列表中选择一种操作。")})
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput(),
                                error_messages={"invalid": MSG_BAD_DATE})
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput(),
                              error_messages={"invalid": MSG_BAD_DATE})

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部操作")), *actions]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        for name, day in (("date_from", start), ("date_to", end)):
            if day and not (EARLIEST <= day <= LATEST):
                self.add_error(name, MSG_DATE_RANGE)
                start = end = None
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data
