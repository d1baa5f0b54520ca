from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A named API token of a unit, department or bureau account; only the SHA-256 of the secret is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("账号"), help_text=_("令牌代表的账号；调用时按该账号的权限范围访问数据"))
    name = models.CharField(_("名称"), max_length=60, help_text=_("用途说明，例如：人事系统同步"))
    prefix = models.CharField(_("令牌前缀"), max_length=12, help_text=_("令牌开头几位，便于辨认（不足以调用接口）"))
    digest = models.CharField(_("令牌摘要"), max_length=64, unique=True, help_text=_("令牌的 SHA-256 摘要；令牌本身不保存"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, help_text=_("创建令牌的时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, help_text=_("最近一次用该令牌调用接口的时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, help_text=_("吊销后令牌立即失效"))

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
