from django.apps import AppConfig

from zhicheng.audit.labels import model_fields, register

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
        from .models import UnitChangeRequest, UnitChangeStatus

        # The changes carry the values as people read them (orgs.selectors.describe); the unit's id is not shown.
        fields = model_fields(UnitChangeRequest, unit=None, corrected_by_bureau="人社局更正的项目")
        register(AUDIT_LABELS, fields_of={"unit_change": fields},
                 states_of={"unit_change": dict(UnitChangeStatus.choices)},
                 formats={"unit_change.corrected_by_bureau": lambda name: fields.get(name) or name})
