from django.conf import settings
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GLOBAL_CHAIN = "global"


def chain_of(district_id) -> str:
    """The chain a row joins: one per district, one for city-wide and system events."""
    return f"district-{district_id}" if district_id is not None else GLOBAL_CHAIN


def about(objects) -> Q:
    """Q for the rows about any object of the queryset ``objects`` (one subquery; ``object_id`` is text)."""
    keys = objects.order_by().annotate(audit_key=Cast("pk", CharField())).values("audit_key")
    return Q(object_type=objects.model._meta.label_lower, object_id__in=keys)


class AuditEntry(models.Model):
    """One append-only row of the audit trail. Each row carries the hash of the previous row of its chain."""

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True,
                                      help_text=_("操作发生的时间（作出决定的服务所用的时间）"))
    chain = models.CharField(_("审计链"), max_length=32, default=GLOBAL_CHAIN,
                             help_text=_("每个辖区一条哈希链（district-编号），全市与系统操作为 global"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("操作人"), help_text=_("系统自动操作时为空"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True, help_text=_("操作时的姓名快照"))
    actor_role = models.CharField(_("操作人角色"), max_length=32, blank=True, help_text=_("操作时的角色"))
    action = models.CharField(_("操作"), max_length=64, db_index=True, help_text=_("操作代码，例如 application.submit"))
    object_type = models.CharField(_("对象类型"), max_length=64, help_text=_("例如 applications.application"))
    object_id = models.CharField(_("对象编号"), max_length=64, help_text=_("被操作对象的主键"))
    district_id = models.BigIntegerField(_("辖区编号"), null=True, blank=True, db_index=True, help_text=_("用于按辖区查看"))
    from_state = models.CharField(_("原状态"), max_length=32, blank=True, help_text=_("操作前的状态"))
    to_state = models.CharField(_("新状态"), max_length=32, blank=True, help_text=_("操作后的状态"))
    comment = models.TextField(_("意见或说明"), blank=True, help_text=_("审核意见、退回原因或变更理由"))
    changes = models.JSONField(_("变更内容"), default=dict, blank=True, help_text=_("字段变更前后值"))
    is_security_event = models.BooleanField(_("安全事件"), default=False, help_text=_("例如查看完整身份证号码"))
    prev_hash = models.CharField(_("上一条哈希"), max_length=64, help_text=_("同一条链上前一条记录的 SHA-256"))
    hash = models.CharField(_("本条哈希"), max_length=64, unique=True, help_text=_("本条记录内容与上一条哈希的 SHA-256"))

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
                   models.Index(fields=["chain", "id"], name="audit_chain_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class AuditHead(models.Model):
    """The tail of one chain, locked while appending so that chain stays linear under concurrency.

    One row per chain: writes in different districts lock different rows and never wait for each other
    (tests/audit/test_audit_chain.py proves it on PostgreSQL)."""

    chain = models.CharField(_("审计链"), max_length=32, unique=True, default=GLOBAL_CHAIN,
                             help_text=_("district-编号 或 global"))
    last_hash = models.CharField(_("最新哈希"), max_length=64, default="0" * 64, help_text=_("链尾哈希"))

    class Meta:
        verbose_name = _("审计链尾")
        verbose_name_plural = _("审计链尾")

    def __str__(self) -> str:
        return f"{self.chain} {self.last_hash[:12]}"
