from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    verbose_name = "核心"
