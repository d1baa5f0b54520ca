from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zhicheng.ops"
    label = "ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects audit, security and Celery signal handlers)
