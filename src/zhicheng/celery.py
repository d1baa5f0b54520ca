"""Celery application for zhicheng (PDFs, certificates, notifications, exports).

Workers run with ``celery -A zhicheng worker``. Settings come from Django's settings with the
``CELERY_`` prefix: in the embedded default tasks run eagerly in the web process; with
``CELERY_BROKER_URL`` (or ``REDIS_URL``) set they go to a real broker and a worker runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")

app = Celery("zhicheng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
