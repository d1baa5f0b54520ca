"""Parsing what people type. Forms check the shape of one answer; the rules live in services and checks."""

from __future__ import annotations

import re
from functools import lru_cache

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity import CodeField
from zhicheng.documents.models import Category
from zhicheng.orgs.validators import validate_uscc
from zhicheng.policy.vocabulary import EDUCATION_LEVELS, LEVELS, SERIES, SKILL_LEVELS
from zhicheng.recommendations.models import TitleLevel

from .models import Section

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
YES_NO = [("yes", "是"), ("no", "否")]
MSG_MONTH = "请按 2023-07 的格式填写年月。"


def _choices(values, blank="请选择"):
    return [("", blank)] + [(v, v) for v in values]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2023-07"})

    def clean(self, value):
        value = super().clean(value)
        value = (value or "").strip()
        if value and not MONTH_RE.match(value):
            raise forms.ValidationError(MSG_MONTH)
        return value


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, **kwargs)


class BasicForm(forms.Form):
    series = forms.ChoiceField(label=_("申报职称系列"), choices=_choices(SERIES),
                               help_text=_("与单位推荐名单一致"))
    specialty = forms.CharField(label=_("申报专业"), max_length=100)
    level = forms.ChoiceField(label=_("申报级别"), choices=[("", "请选择")] + list(TitleLevel.choices))
    post = forms.CharField(label=_("现从事岗位"), max_length=100)
    employment_start = forms.DateField(
        label=_("聘用（入职）日期"), required=False, widget=DateInput(),
        help_text=_("事业单位必须填写《事业单位聘用通知书》上的日期，履职年限从此日起算"))
    is_civil_servant = forms.BooleanField(
        label=_("本人是公务员或参公管理人员"), required=False,
        help_text=_("公务员（含参公管理的人员）不得申报职称（通知一（二））"))
    is_retired = forms.BooleanField(label=_("本人已离退休"), required=False,
                                    help_text=_("离退休人员不得申报职称（通知一（二））"))
    is_legal_representative = forms.BooleanField(
        label=_("本人为单位法定代表人"), required=False,
        help_text=_("法定代表人申报时，工作证明材料可提供营业执照或法人证代替"))
    access_qualification = forms.CharField(
        label=_("职业（执业）资格"), max_length=200, required=False,
        help_text=_("教师、律师、公证等有从业准入要求的系列填写资格名称及证书编号"))
    months_in_current_post = forms.IntegerField(
        label=_("变更系列后在现岗位工作的月数"), required=False, min_value=0, max_value=600,
        help_text=_("原已取得初级职称、现变更职称系列的填写"))


class SkillRowForm(forms.Form):
    level = forms.ChoiceField(label=_("技能等级"), choices=_choices(SKILL_LEVELS))
    name = forms.CharField(label=_("职业（工种）名称"), max_length=100)
    date = forms.DateField(label=_("取得日期"), widget=DateInput())
    number = forms.CharField(label=_("证书编号"), max_length=60)


class EducationRowForm(forms.Form):
    level = forms.ChoiceField(label=_("学历（学位）"), choices=_choices(EDUCATION_LEVELS),
                              help_text=_("技工院校中级工班、高级工班、预备技师班分别相当于中专、大专、本科"))
    school = forms.CharField(label=_("毕业学校"), max_length=100)
    major = forms.CharField(label=_("所学专业"), max_length=100)
    date = forms.DateField(label=_("毕业（取得学位）日期"), widget=DateInput())
    full_time = YesNoField(label=_("全日制"))
    certificate_number = forms.CharField(label=_("证书编号"), max_length=60)
    major_related = YesNoField(label=_("所学专业与现从事专业一致或相近"),
                               help_text=_("不一致也不相近的，首次申报时资历年限增加 1 年"))


class WorkRowForm(forms.Form):
    from_month = MonthField(label=_("起始年月"))
    to_month = MonthField(label=_("截止年月"), required=False, help_text=_("至今的留空"))
    unit = forms.CharField(label=_("工作单位"), max_length=200)
    post = forms.CharField(label=_("岗位/职务"), max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("from_month") and data.get("to_month") and data["from_month"] > data["to_month"]:
            self.add_error("to_month", "截止年月不能早于起始年月。")
        return data


class InsuranceRowForm(forms.Form):
    from_month = MonthField(label=_("起始年月"), help_text=_("按《养老保险个人参保证明》填写"))
    to_month = MonthField(label=_("截止年月"))
    city = forms.CharField(label=_("参保城市"), max_length=50, initial="昆明市")
    uscc = CodeField(label=_("缴费单位统一社会信用代码"), max_length=18, validators=[validate_uscc])
    unit = forms.CharField(label=_("缴费单位名称"), max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("from_month") and data.get("to_month") and data["from_month"] > data["to_month"]:
            self.add_error("to_month", "截止年月不能早于起始年月。")
        return data


class TitleRowForm(forms.Form):
    series = forms.ChoiceField(label=_("职称系列"), choices=_choices(SERIES))
    level = forms.ChoiceField(label=_("级别"), choices=_choices(LEVELS))
    date = forms.DateField(label=_("取得日期"), widget=DateInput())
    number = forms.CharField(label=_("证书编号"), max_length=60, required=False)


class AchievementsForm(forms.Form):
    """主要工作业绩; ``min_chars`` is the batch's (policy/params/procedure.yaml, 五（一）)."""

    achievements = forms.CharField(label=_("主要工作业绩"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, min_chars: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["achievements"]
        field.widget.attrs["data-min-chars"] = str(min_chars)
        field.help_text = _("不少于 %(n)s 字（不计空格和换行）：写清从事的专业技术工作、承担的任务和取得的成绩") % {
            "n": min_chars}


# --- reviewers -------------------------------------------------------------------------------------------

def _opinion_field(label, hint):
    return forms.CharField(label=label, help_text=hint, widget=forms.Textarea(attrs={"rows": 3}))


class UnitApproveForm(forms.Form):
    """用人单位考核意见 (五（二）): all three parts."""

    opinion_truthful = _opinion_field(_("1. 申请人填写内容是否属实"), _("逐项核对后写明是否属实"))
    opinion_evaluation = _opinion_field(_("2. 对学历、资历、工作情况和业绩的评价"), _("实事求是地评价"))
    opinion_publicity = _opinion_field(_("3. 公示方式及结果"), _("写明公示方式、起止日期，公示结果有无异议"))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("不予认定的原因"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("申报人会看到这段原因"))


def return_targets() -> list[tuple[str, str]]:
    """What a return item can point at: a section, or one attachment category."""
    return list(_return_targets(get_language()))


@lru_cache(maxsize=8)
def _return_targets(language: str) -> tuple[tuple[str, str], ...]:
    # The case page builds six return rows: the labels are translated once per language, not per row.
    targets = [(f"section:{value}", str(label)) for value, label in Section.choices if value != Section.ATTACHMENTS]
    targets += [(f"attachment:{value}", f"附件：{label}") for value, label in Category.choices]
    return tuple(targets)


class ReturnItemForm(forms.Form):
    target = forms.ChoiceField(label=_("需修改的部分或材料"), choices=[("", "请选择")], required=False)
    reason = forms.CharField(label=_("原因及修改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "请选择")] + return_targets()


class PaperForm(forms.Form):
    received_on = forms.DateField(label=_("纸质认定表收到日期"), widget=DateInput())


class UploadForm(forms.Form):
    category = forms.ChoiceField(label=_("材料类别"), choices=Category.choices)
    file = forms.FileField(label=_("选择文件"))
