import re

from django import forms
from django.utils import timezone

from zhicheng.policy.vocabulary import (
    AFFILIATIONS,
    ANNUAL_REVIEWS,
    EDUCATION_LEVELS,
    LEVELS,
    SERIES,
    SKILL_LEVELS,
    UNIT_KINDS,
)

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
INSURANCE_ROWS = 3


def _choices(values, blank=None):
    items = [(v, v) for v in values]
    return ([("", blank)] + items) if blank else items


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SelfCheckForm(forms.Form):
    """The facts a person knows about themselves; nothing is stored."""

    as_of = forms.DateField(label="申报日期", widget=DateInput(), help_text="计划网络申报的日期，默认今天")
    cutoff = forms.DateField(label="单位公示日期", required=False, widget=DateInput(),
                             help_text="履职年限计算到单位公示期；不知道可留空（按申报日期计算）")
    series = forms.ChoiceField(label="申报职称系列", choices=_choices(SERIES))
    target_level = forms.ChoiceField(label="申报级别", choices=_choices(LEVELS, "不限（按可达到的最高级别）"),
                                     required=False)
    unit_kind = forms.ChoiceField(label="单位性质", choices=_choices(UNIT_KINDS), help_text="私营单位选“非公经济组织”")
    affiliation = forms.ChoiceField(label="单位隶属关系", choices=_choices(AFFILIATIONS))
    employment_start = forms.DateField(label="事业单位聘用日期", required=False, widget=DateInput(),
                                       help_text="仅事业单位填写《事业单位聘用通知书》上的日期")
    route = forms.ChoiceField(
        label="按哪一项条件申报", required=False, widget=forms.RadioSelect(attrs={"data-route-choice": ""}),
        choices=[("", "还不确定（全部填写）"), ("education", "学历（学位）"), ("skill", "职业技能等级"),
                 ("title", "已取得的职称（变更系列）")],
        help_text="选择后只显示该项要填写的内容；自检按您填写的全部情况判断")
    education_level = forms.ChoiceField(label="最高学历（学位）", choices=_choices(EDUCATION_LEVELS, "无"),
                                        required=False, help_text="技工院校中级工班、高级工班、预备技师班按中专、大专、本科对待")
    education_date = forms.DateField(label="毕业（取得学位）日期", required=False, widget=DateInput())
    major_unrelated = forms.BooleanField(label="所学专业与现从事专业不一致且不相近", required=False,
                                         help_text="首次申报的，资历年限增加 1 年")
    skill_level = forms.ChoiceField(label="职业技能等级", choices=_choices(SKILL_LEVELS, "无"), required=False)
    skill_date = forms.DateField(label="取得技能等级日期", required=False, widget=DateInput())
    title_series = forms.ChoiceField(label="已取得职称的系列", choices=_choices(SERIES, "无"), required=False)
    title_level = forms.ChoiceField(label="已取得职称的级别", choices=_choices(LEVELS, "无"), required=False)
    title_date = forms.DateField(label="取得职称日期", required=False, widget=DateInput())
    months_in_current_post = forms.IntegerField(label="变更系列后在新岗位工作的月数", required=False, min_value=0,
                                                max_value=600)
    access_qualification = forms.BooleanField(label="已取得该系列要求的职业（执业）资格", required=False,
                                              help_text="教师、律师、公证、档案等有准入要求的系列")
    civil_servant = forms.BooleanField(label="公务员或参公管理人员", required=False)
    retired = forms.BooleanField(label="已离退休", required=False)
    disobeys_arrangements = forms.BooleanField(label="不服从用人单位工作安排", required=False)
    not_competent = forms.BooleanField(label="不胜任专业技术岗位工作", required=False)
    last_annual_review = forms.ChoiceField(label="上年度考核结果", choices=_choices(ANNUAL_REVIEWS, "尚无"),
                                           required=False)
    integrity_ban_until = forms.DateField(label="诚信档案记录期截止日", required=False, widget=DateInput(),
                                         help_text="没有诚信档案记录的留空")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()
        for i in range(INSURANCE_ROWS):
            n = i + 1
            self.fields[f"ins{i}_from"] = forms.CharField(
                label=f"参保记录 {n}：起始月份", required=False, widget=forms.TextInput(attrs={"type": "month"}),
                help_text="按《养老保险个人参保证明》填写，格式 2023-07")
            self.fields[f"ins{i}_to"] = forms.CharField(
                label=f"参保记录 {n}：截止月份", required=False, widget=forms.TextInput(attrs={"type": "month"}))
            self.fields[f"ins{i}_city"] = forms.CharField(label=f"参保记录 {n}：参保城市", required=False,
                                                          initial="昆明市" if i == 0 else "")
            self.fields[f"ins{i}_this_unit"] = forms.BooleanField(
                label=f"参保记录 {n}：缴费单位即申报单位", required=False, initial=(i == 0))

    def clean(self):
        data = super().clean()
        rows = []
        for i in range(INSURANCE_ROWS):
            start, end = data.get(f"ins{i}_from", "").strip(), data.get(f"ins{i}_to", "").strip()
            city = data.get(f"ins{i}_city", "").strip()
            if not (start or end):
                continue
            ok = True
            for key, value in ((f"ins{i}_from", start), (f"ins{i}_to", end)):
                if not MONTH_RE.match(value):
                    self.add_error(key, "请按 2023-07 的格式填写年月。")
                    ok = False
            if ok and start > end:
                self.add_error(f"ins{i}_to", "截止月份不能早于起始月份。")
                ok = False
            if not city:
                self.add_error(f"ins{i}_city", "请填写参保城市，例如：昆明市。")
                ok = False
            if ok:
                rows.append({"from": start, "to": end, "city": city, "this_unit": data.get(f"ins{i}_this_unit")})
        data["insurance"] = rows
        pairs = [("education_level", "education_date", "毕业日期"), ("skill_level", "skill_date", "取得技能等级日期"),
                 ("title_level", "title_date", "取得职称日期")]
        for level, date_field, what in pairs:
            if data.get(level) and not data.get(date_field):
                self.add_error(date_field, f"请填写{what}。")
        if data.get("title_level") and not data.get("title_series"):
            self.add_error("title_series", "请选择已取得职称的系列。")
        return data

    def insurance_rows(self):
        return [[self[f"ins{i}_{part}"] for part in ("from", "to", "city", "this_unit")] for i in range(INSURANCE_ROWS)]
