import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
application = get_wsgi_application()

from zhicheng.ops import warmup  # noqa: E402  (needs the apps loaded)

if warmup.enabled():
    warmup.warm_up()  # before the first request: see zhicheng.ops.warmup
