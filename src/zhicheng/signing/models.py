"""The installation's certificate authorities and each organisation's signing key (X.509 certificate + private key).

Private keys are stored in these rows as encrypted PKCS#8 (see ``keystore``); they are decrypted only in the
server process that signs, and never leave it (no view or export returns them).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuthorityKind(models.TextChoices):
    OWN = "own", _("本系统自建")
    EXTERNAL = "external", _("外部 CA（导入）")


class CertificateAuthority(models.Model):
    """A CA whose certificates the platform trusts: its own root (with a private key), or an imported one."""

    kind = models.CharField(_("类型"), max_length=16, choices=AuthorityKind.choices, default=AuthorityKind.OWN,
                            help_text=_("本系统自建的根 CA，或从外部 CA 导入的根证书（无私钥）"))
    name = models.CharField(_("名称"), max_length=200, help_text=_("CA 证书的主体名称"))
    certificate_pem = models.TextField(_("CA 证书"), help_text=_("PEM 格式的 X.509 证书，可公开"))
    encrypted_key = models.TextField(_("加密私钥"), blank=True,
                                     help_text=_("加密的 PKCS#8 私钥（PEM）；外部 CA 为空"))
    fingerprint = models.CharField(_("SHA-256 指纹"), max_length=64, unique=True, help_text=_("CA 证书的 SHA-256 指纹"))
    is_active = models.BooleanField(_("用于签发"), default=True,
                                    help_text=_("自建 CA 中用于签发新机构证书的那一个"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, help_text=_("创建或导入的时间"))

    class Meta:
        verbose_name = _("证书颁发机构")
        verbose_name_plural = _("证书颁发机构")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class OrgKind(models.TextChoices):
    BUREAU = "bureau", _("区人社局")
    DEPARTMENT = "department", _("行业主管部门")
    UNIT = "unit", _("用人单位")


class KeyStatus(models.TextChoices):
    ACTIVE = "active", _("使用中")
    RETIRED = "retired", _("已轮换")
    REVOKED = "revoked", _("已吊销")


class SigningKey(models.Model):
    """One signing certificate of one organisation. Rotation retires the old row and adds a new one, so the
    signatures made with an old key still name a known certificate."""

    org_kind = models.CharField(_("机构类型"), max_length=16, choices=OrgKind.choices, help_text=_("人社局、主管部门或单位"))
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="signing_keys", verbose_name=_("区人社局"), help_text=_("人社局的证书"))
    department = models.ForeignKey("orgs.Department", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="signing_keys", verbose_name=_("主管部门"), help_text=_("主管部门的证书"))
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="signing_keys", verbose_name=_("用人单位"), help_text=_("单位的证书"))
    subject_name = models.CharField(_("证书主体"), max_length=200, help_text=_("证书上的机构名称"))
    serial = models.CharField(_("证书序列号"), max_length=64, help_text=_("十六进制序列号"))
    fingerprint = models.CharField(_("SHA-256 指纹"), max_length=64, unique=True, help_text=_("证书的 SHA-256 指纹"))
    certificate_pem = models.TextField(_("证书"), help_text=_("PEM 格式的 X.509 签名证书，可公开"))
    chain_pem = models.TextField(_("证书链"), blank=True, help_text=_("签发者证书（PEM），签名时一并嵌入"))
    encrypted_key = models.TextField(_("加密私钥"), help_text=_("加密的 PKCS#8 私钥（PEM），只在服务器内解密"))
    authority = models.ForeignKey(CertificateAuthority, on_delete=models.PROTECT, related_name="keys",
                                  verbose_name=_("颁发机构"), help_text=_("签发此证书的 CA"))
    not_before = models.DateTimeField(_("生效时间"), help_text=_("证书有效期起"))
    not_after = models.DateTimeField(_("到期时间"), help_text=_("证书有效期止"))
    status = models.CharField(_("状态"), max_length=16, choices=KeyStatus.choices, default=KeyStatus.ACTIVE,
                              db_index=True, help_text=_("使用中、已轮换或已吊销"))
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now, help_text=_("证书签发或导入的时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("操作人"), help_text=_("签发或导入证书的人；命令行操作为空"))
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True, help_text=_("轮换或吊销的时间"))
    revoke_reason = models.TextField(_("吊销原因"), blank=True, help_text=_("吊销证书的原因"))

    class Meta:
        verbose_name = _("机构签名证书")
        verbose_name_plural = _("机构签名证书")
        ordering = ["org_kind", "subject_name", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(org_kind="bureau", district__isnull=False, department__isnull=True,
                                    unit__isnull=True)
                           | models.Q(org_kind="department", district__isnull=True, department__isnull=False,
                                      unit__isnull=True)
                           | models.Q(org_kind="unit", district__isnull=True, department__isnull=True,
                                      unit__isnull=False)),
                name="signing_key_one_org"),
            models.UniqueConstraint(fields=["district"], condition=models.Q(status="active"),
                                    name="signing_key_one_active_bureau"),
            models.UniqueConstraint(fields=["department"], condition=models.Q(status="active"),
                                    name="signing_key_one_active_department"),
            models.UniqueConstraint(fields=["unit"], condition=models.Q(status="active"),
                                    name="signing_key_one_active_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} #{self.serial[:8]} {self.get_status_display()}"

    @property
    def organisation(self):
        return self.district or self.department or self.unit
