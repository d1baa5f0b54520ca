from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "recommendation_policy.upload": "上传考核推荐制度",
    "recommendation_list.create": "建立推荐人员名单",
    "recommendation_list.import": "导入推荐人员名单",
    "recommendation_list.parent_report": "上传上级单位推荐报告",
    "recommendation_list.submit": "报送推荐人员名单",
    "recommendation_entry.add": "添加推荐人员",
    "recommendation_entry.update": "修改推荐人员",
    "recommendation_entry.remove": "移出推荐人员",
}


class RecommendationsConfig(AppConfig):
    name = "zhicheng.recommendations"
    verbose_name = "考核推荐"

    def ready(self) -> None:
        register(AUDIT_LABELS)
