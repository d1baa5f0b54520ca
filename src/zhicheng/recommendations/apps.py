from django.apps import AppConfig

from zhicheng.audit.labels import choice_format, model_fields, register

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
        from .models import ListStatus, RecommendationEntry, TitleLevel

        levels = choice_format(TitleLevel.choices)
        register(AUDIT_LABELS, pairs={"recommendation_entry.update"},
                 states_of={"recommendation_list": dict(ListStatus.choices)},
                 fields_of={"recommendation_policy": {"title": "制度名称", "adopted_on": "制定日期"},
                            "recommendation_list": {"added": "添加人数", "via": "方式", "names": "人员",
                                                    "entries": "人数"},
                            "recommendation_entry": model_fields(RecommendationEntry, dispatch_agreement="派遣协议")},
                 formats={"recommendation_entry.level": levels,
                          "recommendation_list.via": choice_format([("excel", "Excel 导入"), ("api", "接口")])})
