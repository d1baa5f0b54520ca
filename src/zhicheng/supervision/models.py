from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PenaltyKind(models.TextChoices):
    """Failures of a unit's (or department's) review duty, 六（二）1–2."""

    LAX_REVIEW = "lax_review", _("审核把关不严，导致不符合条件人员推荐上报")
    FALSE_MATERIAL = "false_material", _("未履行审核主体责任，导致提供虚假材料人员推荐上报")
    NO_SYSTEM = "no_system", _("无考核推荐制度或制度执行不规范")


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
    id_number = models.CharField(_("居民身份证号码"), max_length=18, db_index=True,
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
