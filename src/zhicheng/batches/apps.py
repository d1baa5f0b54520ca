from django.apps import AppConfig


class BatchesConfig(AppConfig):
    name = "zhicheng.batches"
    verbose_name = "申报批次"
