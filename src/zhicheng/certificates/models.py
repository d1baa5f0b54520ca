from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class Certificate(models.Model):
    """An e-certificate (电子职称证书): a PDF signed by the issuing bureau (PAdES), and its data signed with Ed25519."""

    number = models.CharField(_("证书编号"), max_length=40, unique=True,
                              help_text=_("例如：云职初认〔2024〕盘龙0000123"))
    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT,
                                       related_name="certificate", verbose_name=_("申报"), help_text=_("所依据的认定申报"))
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates",
                               verbose_name=_("持证人账号"), help_text=_("证书持有人"))
    holder_name = models.CharField(_("持证人姓名"), max_length=50, help_text=_("与身份证一致的姓名"))
    id_number = models.CharField(_("居民身份证号码"), max_length=18, help_text=_("完整号码，仅持证人和人社局可见"))
    id_number_masked = models.CharField(_("身份证号码（隐藏）"), max_length=18, help_text=_("公开查验时显示的号码"))
    series = models.CharField(_("职称系列"), max_length=32, help_text=_("认定的职称系列"))
    specialty = models.CharField(_("专业"), max_length=100, help_text=_("认定的专业"))
    level = models.CharField(_("级别"), max_length=16, help_text=_("员级或助理级"))
    unit_name = models.CharField(_("工作单位"), max_length=200, help_text=_("认定时的工作单位"))
    recognised_on = models.DateField(_("认定批准日期"), help_text=_("以人社局网络通过日期为准"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="certificates",
                                 verbose_name=_("发证辖区"), help_text=_("签发证书的区人社局所在辖区"))
    issuing_bureau = models.CharField(_("发证机关"), max_length=100, help_text=_("签发证书的区人社局名称"))
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now, help_text=_("证书签发的时间"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("签发人"),
                                  help_text=_("发起签发的人社局工作人员；申报人自行申领的，为登记收到纸质考核认定表的工作人员"))
    status = models.CharField(_("状态"), max_length=16, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID, db_index=True, help_text=_("有效或已撤销"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, help_text=_("证书被撤销的时间"))
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("撤销人"), help_text=_("作出撤销的人社局工作人员"))
    revoke_reason = models.TextField(_("撤销原因"), blank=True, help_text=_("撤销职称的原因"))
    payload = models.TextField(_("签名内容"), help_text=_("被签名的证书数据（规范化 JSON，UTF-8）"))
    signature = models.CharField(_("签名"), max_length=100, help_text=_("Ed25519 签名（Base64）"))
    key_id = models.CharField(_("公钥指纹"), max_length=16, help_text=_("签名公钥的 SHA-256 指纹前 16 位"))
    pdf = models.FileField(_("证书 PDF"), upload_to="certificates/%Y/", blank=True, max_length=200,
                           help_text=_("生成的证书文件（人社局电子签名的 PDF）"))
    identifier = models.CharField(_("证照标识"), max_length=120, blank=True, db_index=True,
                                  help_text=_("GB/T 36904 电子证照标识（类型代码.颁发机构代码.顺序号.版本号.校验位）"))
    pdf_revoked = models.BooleanField(_("PDF 已标注撤销"), default=False,
                                      help_text=_("存储的 PDF 是否为撤销后重新生成、带“已撤销”标记的版本"))

    class Meta:
        verbose_name = _("电子职称证书")
        verbose_name_plural = _("电子职称证书")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def verify_path(self) -> str:
        """The public verification address (what the QR code on the PDF opens), without the site's host."""
        from django.urls import reverse

        from .signing import short_token

        return reverse("certificates:verify_token", args=[self.number, short_token(self.signature)])


class VerificationMethod(models.TextChoices):
    QR = "qr", _("扫描二维码")
    NUMBER_NAME = "number_name", _("证书编号和姓名")
    PDF = "pdf", _("上传证书 PDF")


class VerificationLog(models.Model):
    """One lookup of a certificate; the holder can see who looked them up and when."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="verifications",
                                    verbose_name=_("证书"), help_text=_("被查验的证书"))
    created_at = models.DateTimeField(_("查验时间"), default=timezone.now, db_index=True, help_text=_("查验时间"))
    method = models.CharField(_("查验方式"), max_length=16, choices=VerificationMethod.choices,
                              help_text=_("扫码或输入编号和姓名"))
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, help_text=_("查验者的 IP 地址"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("查验账号"), help_text=_("登录状态下查验的账号"))
    user_agent = models.CharField(_("浏览器"), max_length=200, blank=True, help_text=_("查验者的浏览器标识"))

    class Meta:
        verbose_name = _("证书查验记录")
        verbose_name_plural = _("证书查验记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.created_at:%Y-%m-%d %H:%M}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class IssueJob(models.Model):
    """A background run that issues and renders certificates: many at once (the bureau), or one (an applicant's claim)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("发起人"),
                                   help_text=_("发起批量签发的人社局工作人员，或申领本人证书的申报人"))
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now, help_text=_("任务创建时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True, help_text=_("后台开始处理的时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True, help_text=_("全部处理完的时间"))
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              help_text=_("排队中、生成中、已完成或失败"))
    total = models.PositiveIntegerField(_("总数"), default=0, help_text=_("本次要签发的证书数"))
    done = models.PositiveIntegerField(_("已完成"), default=0, help_text=_("已签发并生成 PDF 的证书数"))
    failed = models.PositiveIntegerField(_("失败"), default=0, help_text=_("未能签发的数量（原因见明细）"))

    class Meta:
        verbose_name = _("证书签发任务")
        verbose_name_plural = _("证书签发任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * (self.done + self.failed) / self.total) if self.total else 100


class IssueJobItem(models.Model):
    """One application in an issue job, with its own state (shown on the application's page)."""

    job = models.ForeignKey(IssueJob, on_delete=models.CASCADE, related_name="items", verbose_name=_("任务"),
                            help_text=_("所属签发任务"))
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="certificate_job_items", verbose_name=_("申报"),
                                    help_text=_("要签发证书的申报"))
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              help_text=_("该申报的证书生成状态"))
    error = models.TextField(_("失败原因"), blank=True, help_text=_("未能签发的原因"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("状态最近变化的时间"))

    class Meta:
        verbose_name = _("签发任务明细")
        verbose_name_plural = _("签发任务明细")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.application_id} {self.get_status_display()}"
