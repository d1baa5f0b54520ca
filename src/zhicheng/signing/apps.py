from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "zhicheng.signing"
    verbose_name = "电子签章"
