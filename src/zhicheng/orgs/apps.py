from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "unit_change.propose": "申请变更单位信息",
    "unit_change.approve": "单位信息变更审核通过",
    "unit_change.reject": "单位信息变更不予通过",
}


class OrgsConfig(AppConfig):
    name = "zhicheng.orgs"
    verbose_name = "组织机构"

    def ready(self) -> None:
        register(AUDIT_LABELS)
