"""Celery application for zhicheng (PDFs, certificates, notifications, exports).

Workers run with ``celery -A zhicheng worker``. Settings come from Django's settings with the
``CELERY_`` prefix: in the embedded default tasks run eagerly in the web process; with
``CELERY_BROKER_URL`` (or ``REDIS_URL``) set they go to a real broker and a worker runs them.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")

app = Celery("zhicheng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _warm_up(**kwargs) -> None:
    """In the worker's main process, before it forks its pool: the children start with the fonts loaded."""
    from django.apps import apps

    from zhicheng.ops import warmup

    if apps.ready and warmup.enabled():
        warmup.warm_up()
