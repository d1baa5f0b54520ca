from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.accounts.validators import validate_id_number
from zhicheng.core.identity_fields import NormalisedCodeField


class TitleLevel(models.TextChoices):
    YUANJI = "yuanji", _("员级")
    ZHULIJI = "zhuliji", _("助理级")


LEVEL_LABELS = {value: str(label) for value, label in TitleLevel.choices}
TITLE_LEVEL_POLICY_NAMES = {TitleLevel.YUANJI: "员级", TitleLevel.ZHULIJI: "助理级"}


class RecommendationPolicy(models.Model):
    """The unit's recommendation system (考核推荐制度/方案) kept on file."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="recommendation_policies",
                             verbose_name=_("用人单位"), help_text=_("制定制度的单位"))
    title = models.CharField(_("制度名称"), max_length=200, help_text=_("例如：XX公司初级职称考核推荐办法"))
    file = models.FileField(_("制度文件"), upload_to="policies/%Y/", help_text=_("PDF 或图片"))
    adopted_on = models.DateField(_("通过日期"), help_text=_("职工大会或单位决策会议通过的日期"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("上传人"), help_text=_("上传的经办人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, help_text=_("上传时间"))

    class Meta:
        verbose_name = _("考核推荐制度")
        verbose_name_plural = _("考核推荐制度")
        ordering = ["-adopted_on", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    SUBMITTED = "submitted", _("已报送")


class RecommendationList(models.Model):
    """推荐人员名单（附件3）of one unit for one batch."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="recommendation_lists",
                             verbose_name=_("用人单位"), help_text=_("报送名单的单位"))
    batch = models.ForeignKey("batches.Batch", on_delete=models.PROTECT, related_name="recommendation_lists",
                              verbose_name=_("申报批次"), help_text=_("名单所属批次"))
    status = models.CharField(_("状态"), max_length=16, choices=ListStatus.choices, default=ListStatus.DRAFT,
                              help_text=_("报送后不可再修改"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, help_text=_("名单报送的时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("报送人"), help_text=_("报送名单的经办人"))
    parent_recommendation = models.FileField(
        _("总公司推荐报告（附件2）"), upload_to="parent-reports/%Y/", blank=True,
        help_text=_("外省企业分公司须上传具有法人资格的上级单位出具的推荐报告"),
    )

    class Meta:
        verbose_name = _("推荐人员名单")
        verbose_name_plural = _("推荐人员名单")
        ordering = ["-batch__window_start", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "batch"], name="one_list_per_unit_batch")]

    def __str__(self) -> str:
        return f"{self.unit} {self.batch.name}"


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("考核合格，同意推荐")
    FAILED = "failed", _("考核不合格")


class AnnualReview(models.TextChoices):
    """上年度考核结果 (一（二）: 不合格 or 基本合格 may not take part)."""

    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    FAILED = "failed", _("不合格")
    NONE = "none", _("未参加年度考核（新入职）")


# The policy engine's words for the annual review (None: no review yet).
ANNUAL_REVIEW_POLICY_NAMES = {
    AnnualReview.EXCELLENT: "优秀", AnnualReview.QUALIFIED: "合格", AnnualReview.BASIC: "基本合格",
    AnnualReview.FAILED: "不合格", AnnualReview.NONE: None,
}


class RecommendationEntry(models.Model):
    """One assessed person on a unit's list, with the publicity (公示) record."""

    recommendation_list = models.ForeignKey(RecommendationList, on_delete=models.CASCADE, related_name="entries",
                                            verbose_name=_("推荐名单"), help_text=_("所属名单"))
    real_name = models.CharField(_("姓名"), max_length=50, help_text=_("与身份证一致"))
    id_number = NormalisedCodeField(_("居民身份证号码"), max_length=18, validators=[validate_id_number],
                                 help_text=_("申报人凭此身份证号码开始网络申报"))
    series = models.CharField(_("职称系列"), max_length=32, help_text=_("申报的职称系列，例如：工程"))
    specialty = models.CharField(_("专业"), max_length=100, help_text=_("申报专业，例如：建筑工程"))
    level = models.CharField(_("申报级别"), max_length=16, choices=TitleLevel.choices, help_text=_("员级或助理级"))
    post = models.CharField(_("现从事岗位"), max_length=100, blank=True, help_text=_("现从事的专业技术岗位"))
    assessment_result = models.CharField(_("考核结果"), max_length=16, choices=AssessmentResult.choices,
                                         default=AssessmentResult.PASSED, help_text=_("单位考核评议结论"))
    assessment_date = models.DateField(_("考核日期"), null=True, blank=True, help_text=_("单位考核评议的日期"))
    last_annual_review = models.CharField(
        _("上年度考核结果"), max_length=16, choices=AnnualReview.choices, default=AnnualReview.QUALIFIED,
        help_text=_("上年度考核不合格或基本合格的不得参加初级职称考核认定"),
    )
    obeys_arrangements = models.BooleanField(_("服从单位工作安排"), default=True,
                                             help_text=_("不服从用人单位工作安排的不得参加考核认定"))
    competent_in_post = models.BooleanField(_("胜任专业技术岗位"), default=True,
                                            help_text=_("不胜任专业技术岗位工作的不得参加考核认定"))
    publicity_start = models.DateField(_("公示开始日期"), null=True, blank=True, help_text=_("单位内部公示第一天"))
    publicity_end = models.DateField(_("公示结束日期"), null=True, blank=True, help_text=_("公示最后一天；公示期须满批次适用的通知规定的工作日数（三（一）2、五（六））"))
    publicity_objection = models.BooleanField(_("公示有异议"), default=False, help_text=_("公示有异议的不得推荐"))
    pledge_date = models.DateField(_("本人承诺落款日期"), null=True, blank=True,
                                   help_text=_("公示表“本人郑重承诺”落款日期，须早于公示开始"))
    opinion_date = models.DateField(_("单位审核意见落款日期"), null=True, blank=True,
                                    help_text=_("公示表“单位审核意见”落款日期，须在公示期满之后"))
    # Labour dispatch: 双公示、双审核、双盖章 with the using unit.
    using_unit_name = models.CharField(_("实际用工单位"), max_length=200, blank=True,
                                       help_text=_("劳务派遣人员的实际用工单位"))
    second_publicity_start = models.DateField(_("用工单位公示开始"), null=True, blank=True,
                                              help_text=_("劳务派遣：用工单位公示第一天"))
    second_publicity_end = models.DateField(_("用工单位公示结束"), null=True, blank=True,
                                            help_text=_("劳务派遣：用工单位公示最后一天"))
    using_unit_approved = models.BooleanField(_("用工单位审核同意"), default=False,
                                              help_text=_("劳务派遣：用工单位已审核并盖章"))
    dispatch_agreement = models.FileField(_("派遣协议"), upload_to="dispatch/%Y/", blank=True,
                                          help_text=_("可只提供派遣工作性质的内容及协议首尾页"))
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now, help_text=_("录入名单的时间"))

    class Meta:
        verbose_name = _("推荐人员")
        verbose_name_plural = _("推荐人员")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation_list", "id_number"], name="one_entry_per_person_list"),
        ]
        indexes = [models.Index(fields=["id_number"], name="entry_id_number_idx")]

    def __str__(self) -> str:
        return f"{self.real_name}（{self.series}·{self.get_level_display()}）"
