from django.apps import AppConfig

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "calendar.import": "导入节假日安排",
}


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    verbose_name = "核心"

    def ready(self) -> None:
        from zhicheng.audit.labels import register

        register(AUDIT_LABELS)
