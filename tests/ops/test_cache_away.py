"""With Redis away (a restart, a network fault) the pages that keep parts in the page cache still answer:
the unread badge, the footer, the queue's filters and the queue page itself are computed afresh, and a
decision's generation bump after commit is logged, not a 500 for a change already saved."""

import pytest
import time_machine
from django.test import Client

from zhicheng.notifications.services import notify

from ..applications.conftest import NOW

AWAY = {"default": {"BACKEND": "zhicheng.core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}


@pytest.fixture
def redis_away(settings):
    settings.CACHES = AWAY
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # the sessions' own fallback is Django's
    settings.PAGE_CACHE_SECONDS = 300
    settings.AXES_ENABLED = False


def test_pages_answer_with_badge_and_footer_while_redis_is_away(world, redis_away, django_capture_on_commit_callbacks):
    officer = world.users["unit_private"]
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notify(users=[officer], title="名单已退回", body="请修改后重新报送。")  # its bump is logged, not raised
        for url in ("/workbench/", "/applications/queue/", "/notifications/"):
            response = client.get(url)
            page = response.content.decode()
            assert response.status_code == 200, url
            assert 'class="badge">' in page and world.districts["panlong"].bureau_name in page, url

