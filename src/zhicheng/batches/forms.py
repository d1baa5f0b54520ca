from django import forms
from django.utils.translation import gettext_lazy as _

from zhicheng.orgs.models import District

from .models import Batch, Stamping
from .services import DATE_FIELDS


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _date_field(label: str, help_text: str = "", required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, help_text=help_text, required=required, widget=LocalDateTimeInput(),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])


class BatchForm(forms.ModelForm):
    """Create or edit a batch. Times are Beijing time (Asia/Shanghai)."""

    district = forms.ModelChoiceField(label=_("辖区"), queryset=District.objects.none(), required=False,
                                      help_text=_("市级管理员须选择批次所属辖区"))

    class Meta:
        model = Batch
        fields = ["name", "year", "sequence", *DATE_FIELDS, "stamping", "notice_title", "notice_text"]
        widgets = {f: LocalDateTimeInput() for f in DATE_FIELDS} | {"notice_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, districts=None, frozen=False, **kwargs):
        super().__init__(*args, **kwargs)
        for f in DATE_FIELDS:
            self.fields[f].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
            self.fields[f].help_text = f"{self.fields[f].help_text}（北京时间）"
        self.fields["stamping"].required = False
        if districts is None or self.instance.pk:
            del self.fields["district"]
        else:
            self.fields["district"].queryset = districts
            self.fields["district"].required = True
            self.order_fields(["district"])
        if frozen:
            for f in [*DATE_FIELDS, "year", "sequence"]:
                self.fields[f].disabled = True
                self.fields[f].help_text = _("已发布，日期冻结；请使用“变更日期”")

    def clean_stamping(self):
        # Not posted (older clients, the API): keep what the batch has, 纸质盖章 for a new one.
        return self.cleaned_data.get("stamping") or self.instance.stamping or Stamping.PAPER

    def _post_clean(self):
        # Business rules (order, overlap) are checked by the service, not by model validation here.
        pass


class BatchChangeDatesForm(forms.Form):
    list_deadline = _date_field(_("推荐名单报送截止时间"))
    window_start = _date_field(_("网络申报开始时间"))
    window_end = _date_field(_("网络申报截止时间"))
    revision_deadline = _date_field(_("退回修改截止时间"))
    review_deadline = _date_field(_("人社局审核截止时间"))
    reason = forms.CharField(label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             help_text=_("将记入变更记录和审计日志，并通知本辖区各单位"))
