from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhicheng.supervision"
    verbose_name = "监督管理"
