from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "zhicheng.recommendations"
    verbose_name = "考核推荐"
