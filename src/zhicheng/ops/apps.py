from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zhicheng.ops"
    label = "ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from zhicheng import celery  # noqa: F401  (the Celery app, so @shared_task binds to it)

        from . import signals  # noqa: F401  (connects audit, security and Celery signal handlers)
