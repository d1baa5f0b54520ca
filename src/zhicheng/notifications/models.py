from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one user (an e-mail copy goes out on commit)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("接收人"), help_text=_("通知的接收人"),
    )
    title = models.CharField(_("标题"), max_length=200, help_text=_("通知标题"))
    body = models.TextField(_("内容"), blank=True, help_text=_("通知正文"))
    link = models.CharField(_("链接"), max_length=300, blank=True, help_text=_("点击通知后打开的页面"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("通知发出时间"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True, help_text=_("接收人阅读的时间"))

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title
