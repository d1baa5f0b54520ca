from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity_fields import NormalisedCodeField


class PenaltyKind(models.TextChoices):
    """Failures of a unit's (or department's) review duty, 六（二）1–2."""

    LAX_REVIEW = "lax_review", _("审核把关不严，导致不符合条件人员推荐上报")
    FALSE_MATERIAL = "false_material", _("未履行审核主体责任，导致提供虚假材料人员推荐上报")
    NO_SYSTEM = "no_system", _("无考核推荐制度或制度执行不规范")


class SuspensionScope(models.TextChoices):
    NEXT_BATCH = "next_batch", _("暂停下一季度批次")
    PERIOD = "period", _("暂停一段时间")
    UNTIL_CORRECTED = "until_corrected", _("暂停至整改完成")


class UnitPenalty(models.Model):
    """A recorded failure and the suspension it brings (暂停职称考核认定工作)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="penalties",
                             verbose_name=_("用人单位"), help_text=_("被处理的用人单位"))
    department = models.ForeignKey("orgs.Department", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="penalties", verbose_name=_("主管部门"),
                                   help_text=_("复核未履职时被处理的主管部门"))
    kind = models.CharField(_("情形"), max_length=32, choices=PenaltyKind.choices, help_text=_("六（二）所列情形"))
    decided_on = models.DateField(_("决定日期"), default=timezone.localdate, help_text=_("人社局作出处理决定的日期"))
    facts = models.TextField(_("事实及依据"), help_text=_("认定的事实、涉及的申报"))
    circulated = models.BooleanField(_("全区通报"), default=True, help_text=_("是否全区通报并抄送主管部门"))
    suspended_from = models.DateField(_("暂停开始"), help_text=_("暂停职称考核认定工作的开始日期"))
    suspended_until = models.DateField(_("暂停截止"), null=True, blank=True,
                                       help_text=_("暂停的最后一天；整改完成前暂停的留空"))
    suspended_batch = models.ForeignKey("batches.Batch", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("暂停的批次"),
                                        help_text=_("首次把关不严：暂停下一季度批次"))
    scope = models.CharField(_("暂停方式"), max_length=16, choices=SuspensionScope.choices,
                             default=SuspensionScope.PERIOD,
                             help_text=_("下一季度批次（首次把关不严）、一段时间（再次或虚假材料）或至整改完成"))
    is_repeat = models.BooleanField(_("再次发生"), default=False, help_text=_("此前已有同类把关不严记录"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, null=True, related_name="penalties",
                                 verbose_name=_("辖区"), help_text=_("作出处理决定的辖区人社局"))
    corrected_on = models.DateField(_("整改完成日期"), null=True, blank=True, help_text=_("整改完成、恢复办理的日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("登记人"), help_text=_("登记处理决定的人社局工作人员"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, help_text=_("登记时间"))

    class Meta:
        verbose_name = _("单位处理记录")
        verbose_name_plural = _("单位处理记录")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit or self.department} {self.get_kind_display()}"


def evidence_path(instance: "IntegrityRecord", filename: str) -> str:
    # Generated names only: the uploaded file name is never used as a path.
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:8]
    return f"integrity/{instance.decided_on:%Y}/{uuid.uuid4().hex}{suffix}"


class IntegrityRecord(models.Model):
    """诚信档案 (六（一）): a finding of false material against a person, barring them while it runs."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="integrity_records", verbose_name=_("当事人账号"),
                               help_text=_("被记入诚信档案的专业技术人员账号（无账号的可留空，按身份证号码记录）"))
    name = models.CharField(_("姓名"), max_length=50, help_text=_("认定时当事人的姓名"))
    id_number = NormalisedCodeField(_("居民身份证号码"), max_length=18, db_index=True,
                                 help_text=_("认定时当事人的身份证号码；记录期内凭此号码拒绝申报"))
    application = models.ForeignKey("applications.Application", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="integrity_records", verbose_name=_("涉及申报"),
                                    help_text=_("弄虚作假所涉及的申报（如有）"))
    unit = models.ForeignKey("orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="integrity_records", verbose_name=_("涉及单位"),
                             help_text=_("推荐申报的用人单位（如有）"))
    finding = models.TextField(_("失信行为"), help_text=_("查实的弄虚作假、提供虚假材料的事实"))
    evidence = models.FileField(_("证据材料"), upload_to=evidence_path, max_length=300, blank=True,
                                help_text=_("认定文书或证据，PDF、JPEG 或 PNG"))
    decided_on = models.DateField(_("认定日期"), help_text=_("人社局作出认定的日期，记录期自该日起算"))
    ban_until = models.DateField(_("记录期限至"), help_text=_("记录期的最后一天（认定日期起按政策参数计算）"))
    parameter_version = models.CharField(_("政策参数版本"), max_length=64, blank=True,
                                         help_text=_("计算记录期限所用的参数版本"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="integrity_records",
                                 verbose_name=_("认定辖区"), help_text=_("作出认定的辖区人社局"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("登记人"),
                                    help_text=_("登记诚信档案的人社局工作人员"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, help_text=_("登记时间"))

    class Meta:
        verbose_name = _("诚信档案记录")
        verbose_name_plural = _("诚信档案记录")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["id_number", "ban_until"], name="integrity_person_ban_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.decided_on:%Y-%m-%d}"


class AppealAbout(models.TextChoices):
    ASSESSMENT = "assessment", _("单位考核")
    RECOMMENDATION = "recommendation", _("单位推荐")
    RECOGNITION = "recognition", _("人社局认定")
    # Not an appeal about one's own application: a signed-in person's report about someone else's recognition
    # (六（二）3 "根据申诉、举报问题进行复查"). Filed through ``reports.report_file``, never on the appeal form.
    REPORT = "report", _("实名举报")


# What an appellant may choose on the appeal form (a report is filed on its own page).
APPEAL_ABOUT_CHOICES = [(value, label) for value, label in AppealAbout.choices if value != AppealAbout.REPORT]


class AppealStatus(models.TextChoices):
    FILED = "filed", _("已提交，待受理")
    UNDER_DEPARTMENT_REVIEW = "under_department_review", _("复查中")
    DECIDED = "decided", _("已作出复查结论")
    ESCALATED = "escalated_to_bureau", _("已向人社局申诉")
    BUREAU_DECIDED = "bureau_decided", _("人社局已作出结论")


class AppealOutcome(models.TextChoices):
    DISMISSED = "dismissed", _("申诉不成立，维持原结论")
    UPHELD = "upheld", _("申诉成立，予以纠正")
    REVOCATION = "revocation", _("发现不符合条件或材料虚假，报请撤销职称")


def appeal_material_path(instance: "Appeal", filename: str) -> str:
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:8]
    return f"appeals/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


class Appeal(models.Model):
    """申诉 (六（二）3): re-examined by the unit's competent department (the bureau when there is none)."""

    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals",
                                  verbose_name=_("申诉人"),
                                  help_text=_("提出申诉的人；实名举报的为举报人（被举报人看不到其身份）"))
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="appeals", verbose_name=_("涉及申报"),
                                    help_text=_("申诉所针对的申报（如有）"))
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="appeals",
                             verbose_name=_("涉及单位"), help_text=_("考核推荐的用人单位"))
    batch = models.ForeignKey("batches.Batch", on_delete=models.PROTECT, related_name="appeals",
                              verbose_name=_("申报批次"), help_text=_("申诉所涉及的批次"))
    department = models.ForeignKey("orgs.Department", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="appeals", verbose_name=_("受理主管部门"),
                                   help_text=_("负责复查的行业主管部门；无主管部门的由人社局直接复查"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="appeals",
                                 verbose_name=_("辖区"), help_text=_("单位所在辖区"))
    about = models.CharField(_("申诉事项"), max_length=16, choices=AppealAbout.choices,
                             help_text=_("对考核、推荐还是认定环节有异议；或为他人对已认定人员的实名举报"))
    text = models.TextField(_("申诉理由"), help_text=_("异议的事实和理由"))
    material = models.FileField(_("申诉材料"), upload_to=appeal_material_path, max_length=300, blank=True,
                                help_text=_("证明材料，PDF、JPEG 或 PNG"))
    status = models.CharField(_("状态"), max_length=32, choices=AppealStatus.choices, default=AppealStatus.FILED,
                              db_index=True, help_text=_("申诉所处的环节"))
    outcome = models.CharField(_("复查结论"), max_length=16, choices=AppealOutcome.choices, blank=True,
                               help_text=_("主管部门（或人社局）复查的结论"))
    reasons = models.TextField(_("复查理由"), blank=True, help_text=_("复查结论的事实和理由"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("复查人"), help_text=_("作出复查结论的人"))
    decided_at = models.DateTimeField(_("复查时间"), null=True, blank=True, help_text=_("作出复查结论的时间"))
    escalation_text = models.TextField(_("不服复查结论的理由"), blank=True,
                                       help_text=_("申诉人向人社局申诉的理由"))
    escalated_at = models.DateTimeField(_("向人社局申诉时间"), null=True, blank=True,
                                        help_text=_("申诉人不服复查结论、向人社局申诉的时间"))
    bureau_outcome = models.CharField(_("人社局结论"), max_length=16, choices=AppealOutcome.choices, blank=True,
                                      help_text=_("人社局对再申诉的结论"))
    bureau_reasons = models.TextField(_("人社局理由"), blank=True, help_text=_("人社局结论的事实和理由"))
    bureau_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("人社局处理人"),
                                          help_text=_("作出结论的人社局工作人员"))
    bureau_decided_at = models.DateTimeField(_("人社局结论时间"), null=True, blank=True,
                                             help_text=_("人社局作出结论的时间"))
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, help_text=_("提交申诉的时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("最近一次处理的时间"))

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.appellant}·{self.get_about_display()}（{self.created_at:%Y-%m-%d}）"

    @property
    def is_report(self) -> bool:
        return self.about == AppealAbout.REPORT

    @property
    def kind_label(self) -> str:
        """申诉 or 举报, for the words shown to the person who filed it."""
        return "举报" if self.is_report else "申诉"

    def worded(self, label) -> str:
        """An appeal's wording for this filing: the outcome "申诉不成立" reads "举报不成立" on a report."""
        return str(label).replace("申诉", self.kind_label)

    @property
    def outcome_label(self) -> str:
        return self.worded(self.get_outcome_display()) if self.outcome else ""

    @property
    def bureau_outcome_label(self) -> str:
        return self.worded(self.get_bureau_outcome_display()) if self.bureau_outcome else ""

    @property
    def handled_by_bureau(self) -> bool:
        return self.department_id is None

    @property
    def handling_body(self) -> str:
        return self.department.name if self.department_id else self.district.bureau_name


class RevocationStatus(models.TextChoices):
    PENDING = "pending", _("待人社局处理")
    REVOKED = "revoked", _("已撤销职称")
    DECLINED = "declined", _("不予撤销")


class RevocationRequest(models.Model):
    """A department's report to the bureau that a recognised person is ineligible (报人社局撤销其职称)."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    related_name="revocation_requests", verbose_name=_("申报"),
                                    help_text=_("已认定、报请撤销的申报"))
    appeal = models.ForeignKey(Appeal, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="revocation_requests", verbose_name=_("来源申诉"),
                               help_text=_("经申诉复查发现的，关联该申诉"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="revocation_requests",
                                 verbose_name=_("辖区"), help_text=_("负责撤销的辖区人社局"))
    reasons = models.TextField(_("报请理由"), help_text=_("复查发现的不符合条件或材料虚假的情况"))
    false_material = models.BooleanField(_("材料虚假"), default=False,
                                         help_text=_("复查发现提供虚假材料的，人社局可同时记入诚信档案"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("报请人"), help_text=_("报请撤销的复查人"))
    requested_at = models.DateTimeField(_("报请时间"), default=timezone.now, help_text=_("报请撤销的时间"))
    status = models.CharField(_("状态"), max_length=16, choices=RevocationStatus.choices,
                              default=RevocationStatus.PENDING, db_index=True, help_text=_("人社局的处理情况"))
    decision_reason = models.TextField(_("处理理由"), blank=True, help_text=_("撤销或不予撤销的理由"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("处理人"), help_text=_("作出处理的人社局工作人员"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True, help_text=_("人社局处理的时间"))

    class Meta:
        verbose_name = _("撤销职称报请")
        verbose_name_plural = _("撤销职称报请")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application}（{self.get_status_display()}）"


class Revocation(models.Model):
    """A recognised title revoked by the bureau (撤销职称)."""

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT,
                                       related_name="revocation", verbose_name=_("申报"),
                                       help_text=_("被撤销职称的申报"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="revocations",
                                 verbose_name=_("辖区"), help_text=_("作出撤销决定的辖区人社局"))
    reason = models.TextField(_("撤销理由"), help_text=_("撤销职称的事实和依据"))
    request = models.ForeignKey(RevocationRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("来源报请"), help_text=_("主管部门的报请（如有）"))
    integrity_record = models.ForeignKey(IntegrityRecord, on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("诚信档案记录"),
                                         help_text=_("同时记入诚信档案的记录（如有）"))
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("撤销人"), help_text=_("作出撤销的人社局工作人员"))
    revoked_at = models.DateTimeField(_("撤销时间"), default=timezone.now, help_text=_("撤销的时间"))

    class Meta:
        verbose_name = _("职称撤销")
        verbose_name_plural = _("职称撤销")
        ordering = ["-revoked_at"]

    def __str__(self) -> str:
        return f"{self.application}（{self.revoked_at:%Y-%m-%d}）"
