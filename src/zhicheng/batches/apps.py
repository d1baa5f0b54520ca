from django.apps import AppConfig

from zhicheng.audit.labels import model_fields, register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "batch.create": "创建申报批次",
    "batch.update": "修改申报批次",
    "batch.publish": "发布申报批次",
    "batch.change_dates": "调整批次时间",
}


class BatchesConfig(AppConfig):
    name = "zhicheng.batches"
    verbose_name = "申报批次"

    def ready(self) -> None:
        from .models import Batch

        register(AUDIT_LABELS, fields_of={"batch": model_fields(Batch)},
                 states_of={"batch": {"draft": "未发布", "published": "已发布"}})
