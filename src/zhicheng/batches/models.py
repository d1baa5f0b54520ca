from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.policy.procedure import Procedure, procedure


class BatchPhase(models.TextChoices):
    PREPARING = "preparing", _("单位考核推荐")
    LIST_CLOSED = "list_closed", _("名单报送已截止，等待网络申报")
    OPEN = "open", _("个人网络申报及单位审核")
    REVISION = "revision", _("退回修改")
    BUREAU_REVIEW = "bureau_review", _("人社局审核认定")
    CLOSED = "closed", _("本期已结束")


class Stamping(models.TextChoices):
    PAPER = "paper", _("纸质盖章")
    ELECTRONIC = "electronic", _("电子签章")


class Batch(models.Model):
    """A quarterly application batch (申报批次) of one district, with its deadlines (Asia/Shanghai)."""

    district = models.ForeignKey(
        "orgs.District", on_delete=models.PROTECT, related_name="batches", verbose_name=_("辖区"),
        help_text=_("发布本批次的辖区人社局"),
    )
    name = models.CharField(_("批次名称"), max_length=100, help_text=_("例如：2024年第三期（9月）"))
    year = models.PositiveSmallIntegerField(_("年度"), help_text=_("退回次数用尽后本年度不再受理（通知四），按此年度计算"))
    sequence = models.PositiveSmallIntegerField(_("期次"), help_text=_("本年度第几期"))
    list_deadline = models.DateTimeField(_("推荐名单报送截止时间"), help_text=_("附件3 名单须在此之前报送"))
    window_start = models.DateTimeField(_("网络申报开始时间"), help_text=_("个人网络申报及单位审核提交开始"))
    window_end = models.DateTimeField(_("网络申报截止时间"), help_text=_("个人网络申报及单位审核提交截止"))
    revision_deadline = models.DateTimeField(_("退回修改截止时间"), help_text=_("被退回的申报须在此之前修改提交"))
    review_deadline = models.DateTimeField(_("人社局审核截止时间"), help_text=_("区人社局完成认定的截止时间"))
    is_published = models.BooleanField(_("已发布"), default=False, help_text=_("发布后日期冻结，变更须说明理由并留痕"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, help_text=_("批次发布的时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("创建人"), help_text=_("创建批次的人社局工作人员"),
    )
    stamping = models.CharField(
        _("考核认定表盖章方式"), max_length=16, choices=Stamping.choices, default=Stamping.PAPER,
        help_text=_("纸质盖章：打印后由单位经办人报送人社局盖章；电子签章：单位、主管部门和人社局在平台内电子签章"))
    notice_title = models.CharField(
        _("通知名称"), max_length=200, blank=True,
        help_text=_("发布本批次的通知全称，页脚引用，例如：昆明市盘龙区人力资源和社会保障局关于开展2024年第三期（9月）"
                    "初级职称考核认定申报工作的通知"),
    )
    notice_text = models.TextField(_("通知说明"), blank=True, help_text=_("展示给单位和申报人的批次说明"))

    class Meta:
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        ordering = ["-window_start"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "sequence"], name="batch_unique_sequence"),
            models.CheckConstraint(
                condition=models.Q(list_deadline__lte=models.F("window_start"))
                & models.Q(window_start__lt=models.F("window_end"))
                & models.Q(window_end__lte=models.F("revision_deadline"))
                & models.Q(revision_deadline__lte=models.F("review_deadline")),
                name="batch_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district.name} {self.name}"

    @property
    def rule_date(self):
        """THE date whose rules (policy/params) this batch follows: the day (Beijing time) of its 附件3 list
        deadline. The notice that opens a batch is always published before the batch's list deadline, and the
        next quarter's notice after it, so the list deadline's day falls under this batch's own notice. Every
        rule of the batch — the unit's list, the eligibility check, the attachments, the returns, the deadlines
        of each stage — is read at this one date (docs/policy.md, "Which rules a batch follows")."""
        return timezone.localtime(self.list_deadline).date()

    @property
    def procedure(self) -> Procedure:
        """The procedure (三–五 of the notice) this batch follows."""
        return procedure(self.rule_date)

    def deadline(self, step: str):
        """The moment that closes ``step`` (zhicheng.policy.procedure.STEPS) in this batch."""
        return getattr(self, self.procedure.deadline_of(step))

    def phase(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.list_deadline:
            return BatchPhase.PREPARING
        if now < self.window_start:
            return BatchPhase.LIST_CLOSED
        if now <= self.window_end:
            return BatchPhase.OPEN
        if now <= self.revision_deadline:
            return BatchPhase.REVISION
        if now <= self.review_deadline:
            return BatchPhase.BUREAU_REVIEW
        return BatchPhase.CLOSED

    def phase_label(self, now=None) -> str:
        return BatchPhase(self.phase(now)).label

    def next_deadline(self, now=None):
        """(label, moment) of the next deadline, or None after the batch has closed."""
        now = now or timezone.now()
        for label, moment in (
            (_("推荐名单报送截止"), self.list_deadline),
            (_("网络申报截止"), self.window_end),
            (_("退回修改截止"), self.revision_deadline),
            (_("人社局审核截止"), self.review_deadline),
        ):
            if now <= moment:
                return label, moment
        return None


class BatchChange(models.Model):
    """An audited change of a published batch's dates, with its reason."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="changes", verbose_name=_("批次"),
                              help_text=_("被变更的批次"))
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now, help_text=_("变更发生的时间"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("变更人"),
        help_text=_("作出变更的人社局工作人员"),
    )
    reason = models.TextField(_("变更理由"), help_text=_("已发布批次的日期变更必须说明理由"))
    before = models.JSONField(_("变更前"), default=dict, help_text=_("变更前的日期"))
    after = models.JSONField(_("变更后"), default=dict, help_text=_("变更后的日期"))

    class Meta:
        verbose_name = _("批次变更记录")
        verbose_name_plural = _("批次变更记录")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.batch} {self.changed_at:%Y-%m-%d}"
