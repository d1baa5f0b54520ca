from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    verbose_name = "申报与审核"

    def ready(self) -> None:
        from . import signals

        signals.connect()
