"""django-axes under a Chinese name in the admin (its own AppConfig has none)."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "登录保护"
