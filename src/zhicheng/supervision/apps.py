from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "batch.upward_report": "导出上报数据",
    "integrity_record.create": "记入诚信档案",
    "unit_penalty.record": "记录单位处理",
    "unit_penalty.corrected": "单位整改完成",
    "appeal.file": "提出申诉",
    "appeal.report": "实名举报",
    "appeal.start_review": "开始复查申诉",
    "appeal.decide": "作出申诉复查结论",
    "appeal.escalate": "向人社局申诉",
    "appeal.bureau_decide": "人社局作出申诉结论",
    "revocation_request.create": "报请撤销职称",
    "revocation_request.decline": "不予撤销职称",
}


class SupervisionConfig(AppConfig):
    name = "zhicheng.supervision"
    verbose_name = "监督管理"

    def ready(self) -> None:
        register(AUDIT_LABELS)
