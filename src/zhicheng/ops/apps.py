from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "retention.apply": "按保存期限清理数据",
}


class OpsConfig(AppConfig):
    name = "zhicheng.ops"
    label = "ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        register(AUDIT_LABELS, fields_of={"retention": {"count": "条数", "ids": None}})
        from zhicheng import celery  # noqa: F401  (the Celery app, so @shared_task binds to it)

        from . import signals  # noqa: F401  (connects audit, security and Celery signal handlers)
