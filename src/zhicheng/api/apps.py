from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "api_token.create": "创建 API 令牌",
    "api_token.revoke": "吊销 API 令牌",
    "api.call": "通过 API 令牌修改数据",
}


class ApiConfig(AppConfig):
    name = "zhicheng.api"
    verbose_name = "接口"

    def ready(self) -> None:
        register(AUDIT_LABELS, fields_of={"api_token": {"name": "令牌名称", "prefix": "令牌前缀"}})
