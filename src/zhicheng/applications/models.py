from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.documents.models import Category
from zhicheng.recommendations.models import TitleLevel


class Status(models.TextChoices):
    DRAFT = "draft", _("填写中")
    UNIT_REVIEW = "unit_review", _("待单位审核")
    DEPARTMENT_RECHECK = "department_recheck", _("待主管部门复核")
    BUREAU_RECOGNITION = "bureau_recognition", _("待人社局认定")
    RETURNED = "returned", _("退回修改")
    RECOGNISED = "recognised", _("已认定")
    REJECTED = "rejected", _("不予认定")
    CLOSED = "closed", _("已终止")
    REVOKED = "revoked", _("已撤销")


class Section(models.TextChoices):
    """The parts of an application; returns point at these (and at attachment categories)."""

    BASIC = "basic", _("基本情况")
    SKILLS = "skills", _("现有技能等级/职业资格")
    EDUCATION = "education", _("主要学习经历")
    WORK = "work", _("主要工作经历")
    INSURANCE = "insurance", _("养老保险参保记录")
    TITLES = "titles", _("已取得职称")
    ACHIEVEMENTS = "achievements", _("主要工作业绩")
    ATTACHMENTS = "attachments", _("附件证明材料")


class Application(models.Model):
    """One person's application in one batch. Every change goes through applications.services."""

    batch = models.ForeignKey("batches.Batch", on_delete=models.PROTECT, related_name="applications",
                              verbose_name=_("申报批次"), help_text=_("申报所属批次"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications",
                                  verbose_name=_("申报人"), help_text=_("专业技术人员本人账号"))
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("申报单位"), help_text=_("推荐申报的用人单位"))
    recommendation_entry = models.OneToOneField(
        "recommendations.RecommendationEntry", on_delete=models.PROTECT, related_name="application",
        verbose_name=_("推荐名单记录"), help_text=_("只有列入已报送名单的人员才能申报"),
    )
    status = models.CharField(_("状态"), max_length=32, choices=Status.choices, default=Status.DRAFT,
                              db_index=True, help_text=_("申报所处的环节"))
    returned_from = models.CharField(_("退回环节"), max_length=32, blank=True,
                                     help_text=_("被退回时所处的审核环节，修改后回到单位审核"))
    # 基本情况
    series = models.CharField(_("职称系列"), max_length=32, help_text=_("申报的职称系列"))
    specialty = models.CharField(_("专业"), max_length=100, help_text=_("申报专业"))
    level = models.CharField(_("申报级别"), max_length=16, choices=TitleLevel.choices, help_text=_("员级或助理级"))
    post = models.CharField(_("现从事岗位"), max_length=100, blank=True, help_text=_("现从事的专业技术岗位"))
    employment_start = models.DateField(_("聘用（入职）日期"), null=True, blank=True,
                                        help_text=_("事业单位填写《事业单位聘用通知书》上的日期"))
    is_civil_servant = models.BooleanField(_("公务员或参公管理人员"), default=False,
                                           help_text=_("本人申明：公务员（含参公管理人员）不得申报职称（通知一（二））"))
    is_retired = models.BooleanField(_("离退休人员"), default=False,
                                     help_text=_("本人申明：离退休人员不得申报职称（通知一（二））"))
    is_legal_representative = models.BooleanField(_("本人为单位法定代表人"), default=False,
                                                  help_text=_("法定代表人可用营业执照或法人证代替工作证明"))
    # Sections kept as validated lists of facts (see applications.sections for their shape).
    skills = models.JSONField(_("技能等级/职业资格"), default=list, blank=True, help_text=_("等级、名称、取得日期、证书编号"))
    education = models.JSONField(_("学习经历"), default=list, blank=True,
                                 help_text=_("学历层次、学校、专业、毕业日期、是否全日制、证书编号、专业是否相关"))
    work_history = models.JSONField(_("工作经历"), default=list, blank=True, help_text=_("起止年月、单位、岗位"))
    insurance = models.JSONField(_("养老保险参保记录"), default=list, blank=True, help_text=_("起止年月、参保城市、缴费单位"))
    titles = models.JSONField(_("已取得职称"), default=list, blank=True, help_text=_("系列、级别、取得日期"))
    months_in_current_post = models.PositiveIntegerField(_("现岗位工作月数"), null=True, blank=True,
                                                         help_text=_("变更职称系列时填写在新岗位工作的月数"))
    access_qualification = models.CharField(_("职业（执业）资格"), max_length=200, blank=True,
                                            help_text=_("有准入要求的系列填写资格名称及证书编号"))
    achievements = models.TextField(_("主要工作业绩"), blank=True,
                                    help_text=_("字数下限按批次适用的通知（五（一），政策参数 min_achievement_chars）"))
    section_state = models.JSONField(_("各部分状态"), default=dict, blank=True,
                                     help_text=_("各部分填写状态：未开始/填写中/已完成/需修改"))
    # Eligibility at the application's date
    eligibility = models.JSONField(_("条件自检结果"), default=dict, blank=True, help_text=_("最近一次自动核验结果"))
    eligibility_checked_at = models.DateTimeField(_("核验时间"), null=True, blank=True, help_text=_("最近一次核验时间"))
    parameter_version = models.CharField(_("政策参数版本"), max_length=64, blank=True, help_text=_("核验所用参数版本"))
    eligibility_as_of = models.DateField(_("申报日"), null=True, blank=True,
                                         help_text=_("条件核验所依据的申报日：首次提交的日期，之后的复核沿用此日期"))
    # Workflow facts
    return_count = models.PositiveSmallIntegerField(
        _("退回次数"), default=0, help_text=_("达到批次适用的通知规定的次数（四，政策参数 max_returns）后本年度不再受理"))
    revision_due = models.DateTimeField(_("修改截止时间"), null=True, blank=True, help_text=_("退回后须在此之前修改提交"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, help_text=_("最近一次提交的时间"))
    recognised_on = models.DateField(_("认定批准日期"), null=True, blank=True, help_text=_("以人社局网络通过日期为准"))
    recognised_level = models.CharField(_("认定级别"), max_length=16, choices=TitleLevel.choices, blank=True,
                                        help_text=_("人社局认定的级别"))
    paper_received_on = models.DateField(_("纸质表收到日期"), null=True, blank=True, help_text=_("盖章纸质认定表报送到人社局的日期"))
    paper_received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("纸质表接收人"),
                                          help_text=_("登记收到纸质表的人社局工作人员"))
    paper_delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="+", verbose_name=_("纸质表报送人"),
                                           help_text=_("报送纸质认定表的单位经办人（通知要求由单位经办人统一报送）"))
    closed_reason = models.TextField(_("终止原因"), blank=True, help_text=_("申报被终止（退回次数用尽或逾期未补正）的原因"))
    closed_at = models.DateTimeField(_("终止时间"), null=True, blank=True, help_text=_("申报被终止的时间"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, help_text=_("开始申报的时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("最近保存的时间"))

    class Meta:
        verbose_name = _("职称申报")
        verbose_name_plural = _("职称申报")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["batch", "applicant"], name="one_application_per_batch")]
        indexes = [
            models.Index(fields=["batch", "status"], name="application_batch_status_idx"),
            models.Index(fields=["unit", "status"], name="application_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant}·{self.series}·{self.get_level_display()}（{self.batch.name}）"

    # What the review queues show, filter and sort by: a save that changes none of these (an applicant saving
    # a draft section) leaves cached queue pages valid (applications.signals).
    QUEUE_FIELDS = ("status", "series", "level", "submitted_at", "revision_due", "unit_id", "batch_id",
                    "applicant_id")

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._queue_snapshot = instance.queue_snapshot()
        return instance

    @property
    def returns_left(self) -> int:
        """Returns still possible before the next one ends the application (四, the batch's max_returns)."""
        return self.batch.procedure.max_returns - self.return_count

    def queue_snapshot(self) -> tuple:
        return tuple(self.__dict__.get(name) for name in self.QUEUE_FIELDS)  # never loads deferred fields


def review_stage_choices() -> list[tuple[str, str]]:
    """Review.stage: the review stages of the workflow table, each named by its status (workflow.stages)."""
    from .workflow.stages import review_stage_choices as from_table  # the table imports this module

    return from_table()


class Decision(models.TextChoices):
    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("不予认定")
    SKIP = "skip", _("无主管部门，跳过")


class Review(models.Model):
    """One decision of one reviewer at one stage."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews",
                                    verbose_name=_("申报"), help_text=_("被审核的申报"))
    stage = models.CharField(_("环节"), max_length=32, choices=review_stage_choices, help_text=_("审核环节"))
    decision = models.CharField(_("结果"), max_length=16, choices=Decision.choices, help_text=_("审核结果"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("审核人"), help_text=_("作出决定的人"))
    opinion_truthful = models.TextField(_("填写内容是否属实"), blank=True, help_text=_("单位考核意见第 1 点"))
    opinion_evaluation = models.TextField(_("学历、资历、工作情况和业绩评价"), blank=True,
                                          help_text=_("单位考核意见第 2 点"))
    opinion_publicity = models.TextField(_("公示方式及结果"), blank=True, help_text=_("单位考核意见第 3 点"))
    comment = models.TextField(_("意见"), blank=True, help_text=_("审核意见或退回、不予认定的原因"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("作出决定的时间"))

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}·{self.get_decision_display()}"


class ReturnItem(models.Model):
    """One problem in a return, tied to a section or an attachment category (一次性告知)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items", verbose_name=_("审核记录"),
                               help_text=_("所属退回"))
    section = models.CharField(_("部分"), max_length=32, choices=Section.choices, help_text=_("需修改的部分"))
    attachment_category = models.CharField(_("附件类别"), max_length=32, blank=True,
                                           help_text=_("需重新上传的附件类别"))
    attachment_version = models.PositiveSmallIntegerField(
        _("退回时的附件版本"), null=True, blank=True,
        help_text=_("退回时该类别当前文件的版本号（0 表示未上传）；上传更高版本即视为已重新上传"))
    reason = models.TextField(_("原因及修改要求"), help_text=_("说明需要如何修改"))
    resolved = models.BooleanField(_("已修改"), default=False, help_text=_("申报人重新提交后视为已修改"))

    class Meta:
        verbose_name = _("退回事项")
        verbose_name_plural = _("退回事项")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_section_display()}：{self.reason[:20]}"

    @property
    def target_label(self) -> str:
        """What must be changed: the section, or 附件：<category label>."""
        if self.attachment_category:
            label = dict(Category.choices).get(self.attachment_category, self.attachment_category)
            return f"附件：{label}"
        return str(self.get_section_display())


class SignedForm(models.Model):
    """The 考核认定表 of a recognised application in a batch with 电子签章: one PDF, signed in turn (incremental
    updates, PAdES) by the unit, the department (none when the unit has none) and the bureau."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="signed_form",
                                       verbose_name=_("申报"), help_text=_("所属认定申报"))
    pdf = models.FileField(_("电子签章的考核认定表"), upload_to="signed-forms/%Y/", max_length=200,
                           help_text=_("平台生成、各方依次电子签章的 PDF"))
    needs_department = models.BooleanField(_("需主管部门签章"), default=True,
                                           help_text=_("单位无主管部门时为否"))
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now, help_text=_("生成待签章 PDF 的时间"))
    unit_signed_at = models.DateTimeField(_("单位签章时间"), null=True, blank=True, help_text=_("用人单位签章的时间"))
    unit_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("单位签章人"), help_text=_("签章的单位经办人"))
    department_signed_at = models.DateTimeField(_("主管部门签章时间"), null=True, blank=True,
                                                help_text=_("主管部门签章的时间"))
    department_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+", verbose_name=_("主管部门签章人"),
                                             help_text=_("签章的主管部门工作人员"))
    bureau_signed_at = models.DateTimeField(_("人社局签章时间"), null=True, blank=True, help_text=_("人社局签章的时间"))
    bureau_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("人社局签章人"), help_text=_("签章的人社局工作人员"))

    class Meta:
        verbose_name = _("电子签章考核认定表")
        verbose_name_plural = _("电子签章考核认定表")

    def __str__(self) -> str:
        return f"{self.application_id} {self.next_party or 'done'}"

    @property
    def parties(self) -> list[str]:
        return ["unit", "department", "bureau"] if self.needs_department else ["unit", "bureau"]

    @property
    def next_party(self) -> str | None:
        return next((p for p in self.parties if getattr(self, f"{p}_signed_at") is None), None)

    @property
    def is_complete(self) -> bool:
        return self.next_party is None
