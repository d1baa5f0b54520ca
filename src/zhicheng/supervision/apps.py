from django.apps import AppConfig

from zhicheng.audit.labels import choice_format, register

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
        from .models import AppealOutcome, AppealStatus, PenaltyKind, RevocationStatus, SuspensionScope

        register(AUDIT_LABELS, fields_of={
            "integrity_record": {"decided_on": "认定日期", "ban_until": "记录期限至"},
            "unit_penalty": {"kind": "情形", "repeat": "再次发生", "term": "暂停期限", "target": "被处理对象",
                             "corrected_on": "整改完成日期"},
            "appeal": {"outcome": "结论", "certificate": "证书编号", "application": "申报编号"},
            "batch": {"format": "格式", "mapping": "代码对照表", "people": "人数", "via": "方式"},
        }, states_of={
            "unit_penalty": {**dict(SuspensionScope.choices), "suspended": "暂停中", "corrected": "已整改"},
            "appeal": dict(AppealStatus.choices), "revocation_request": dict(RevocationStatus.choices),
        }, formats={"unit_penalty.kind": choice_format(PenaltyKind.choices),
                    "appeal.outcome": choice_format(AppealOutcome.choices)})
