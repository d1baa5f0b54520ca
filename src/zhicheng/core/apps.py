from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "calendar.import": "导入节假日安排",
}


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    verbose_name = "核心"

    def ready(self) -> None:
        register(AUDIT_LABELS, fields_of={"calendar": {
            "before": "导入前", "holidays": "节假日", "workdays": "调休上班日", "created": "新建年度"}})
