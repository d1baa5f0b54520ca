from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes besides the workflow's transitions (named in workflow.engine).
AUDIT_LABELS = {
    "application.start": "开始申报",
    "application.section_save": "保存申报内容",
    "attachment.add": "上传附件",
    "application.form_sign": "考核认定表电子签章",
}


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    verbose_name = "申报与审核"

    def ready(self) -> None:
        from zhicheng.orgs.services import register_review_guard

        from . import selectors, signals, workflow
        from .audit_fields import audit_fields, audit_formats
        from .models import Status

        register({**AUDIT_LABELS, **workflow.audit_labels()}, states=dict(Status.choices),
                 fields_of=audit_fields(), formats=audit_formats())
        signals.connect()
        register_review_guard(selectors.unit_in_review_blocker)  # a unit's kind or department waits for its cases
