from django.apps import AppConfig

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "application.start": "开始申报",
    "application.section_save": "保存申报内容",
    "application.submit": "提交申报",
    "application.resubmit": "修改后重新提交",
    "application.unit_approve": "单位审核通过",
    "application.unit_return": "单位退回修改",
    "application.department_approve": "主管部门复核通过",
    "application.department_return": "主管部门退回修改",
    "application.bureau_approve": "人社局认定通过",
    "application.bureau_return": "人社局退回修改",
    "application.bureau_reject": "人社局不予认定",
    "application.record_paper": "登记收到纸质认定表",
    "application.close_overdue": "逾期未补正，申报终止",
    "attachment.add": "上传附件",
}


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    verbose_name = "申报与审核"

    def ready(self) -> None:
        from zhicheng.audit.labels import register

        from . import signals
        from .models import Status

        register(AUDIT_LABELS, states=dict(Status.choices))
        signals.connect()
