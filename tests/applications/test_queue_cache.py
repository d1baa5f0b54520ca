"""The review queue is served from the page cache (zhicheng.core.pagecache) only while it is exactly what
the reviewer would see anyway: new cases, flash messages, notifications and another browser's CSRF token all
show up at once. Runs on the embedded cache (SQLite pass) and on Redis (CI's PostgreSQL pass)."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.notifications.services import notification_mark_read, notify

from .conftest import NOW, extra_person

QUEUE = "/applications/queue/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the services queue for after commit (generation bumps, e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _officer(world, username="unit_private"):
    client = Client()
    client.force_login(world.users[username], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_queue_is_served_again_and_shows_a_new_case_at_once(listed, page_cache, commit,
                                                             django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        with commit():
            submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        bureau = _officer(listed, "bureau")  # not notified of submissions: only the generations can tell
        first = bureau.get(QUEUE + "?status=unit_review").content.decode()
        assert "共 1 件" in first and "王五" in first
        with django_assert_max_num_queries(2):  # the session and the user; no queue queries
            again = bureau.get(QUEUE + "?status=unit_review").content.decode()
        assert again == first

        with commit():
            submitted(extra_person(listed, 1), listed.batches["current"], now=NOW)
        page = bureau.get(QUEUE + "?status=unit_review").content.decode()
        assert "共 2 件" in page and "员工1" in page


def test_saving_a_draft_keeps_the_cached_queue(listed, page_cache, commit, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        with commit():
            submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
            person = extra_person(listed, 2)
            draft = services.application_start(user=person, batch=listed.batches["current"], now=NOW)
        officer = _officer(listed)
        before = officer.get(QUEUE + "?status=all").content.decode()
        with commit():
            services.application_section_save(application=draft, actor=person, section="achievements",
                                              value="认真履职。" * 100, complete=False)
        with django_assert_max_num_queries(2):
            assert officer.get(QUEUE + "?status=all").content.decode() == before


def test_flash_message_after_a_decision_is_shown_not_a_cached_page(listed, page_cache, commit):
    with time_machine.travel(NOW, tick=False):
        with commit():
            app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        officer = _officer(listed)
        assert "王五" in officer.get(QUEUE).content.decode()
        with commit():
            response = officer.post(reverse("applications:review", args=[app.pk]), {"action": "approve", **OPINION},
                                    follow=True)
        page = response.content.decode()
        assert response.request["PATH_INFO"] == QUEUE
        assert "已审核通过" in page and "共 0 件" in page
        assert "已审核通过" not in officer.get(QUEUE).content.decode()  # shown once


def test_unread_notification_badge_is_current(listed, page_cache, commit):
    with time_machine.travel(NOW, tick=False):
        officer = _officer(listed)
        assert 'class="badge"' not in officer.get(QUEUE).content.decode()
        with commit():
            notify(users=[listed.users["unit_private"]], title="名单已退回", body="请修改后重新报送。")
        assert re.search(r'class="badge">1<', officer.get(QUEUE).content.decode())


def test_badge_on_pages_outside_the_cache_follows_new_and_read_notifications(listed, page_cache, commit):
    # The count itself is kept with the person's generation (notifications.selectors.unread_count).
    user = listed.users["unit_private"]
    officer = _officer(listed)
    badge = re.compile(r'class="badge">(\d+)<')
    assert not badge.search(officer.get("/notifications/").content.decode())
    with commit():
        first = notify(users=[user], title="名单已退回", body="请修改后重新报送。")[0]
        notify(users=[user], title="待审核申报", body="有新的申报待审核。")
    assert badge.search(officer.get("/notifications/").content.decode()).group(1) == "2"
    assert badge.search(officer.get("/workbench/").content.decode()).group(1) == "2"
    with commit():
        notification_mark_read(user=user, notification_id=first.pk)
    assert badge.search(officer.get("/notifications/").content.decode()).group(1) == "1"
    other = _officer(listed, "bureau")  # another person's badge is their own
    shown = badge.search(other.get("/notifications/").content.decode())
    assert int(shown.group(1) if shown else 0) == listed.users["bureau"].notifications.filter(read_at=None).count()


def test_footer_kept_per_person_follows_changed_batches_and_districts(listed, page_cache, commit):
    # The footer's (district, batch) is kept per person (core.context_processors._notice).
    def footer() -> str:
        return officer.get(reverse("core:landing")).content.decode().split('class="site-footer"')[1]

    batch, district = listed.batches["current"], listed.districts["panlong"]
    with time_machine.travel(NOW, tick=False):
        officer = _officer(listed)
        assert batch.notice_title in footer()
        with commit():
            batch.notice_title = "关于开展2024年第三季度初级职称考核认定工作的补充通知"
            batch.save()
        assert "工作的补充通知" in footer()
        with commit():
            district.bureau_phone = "0871-60000000"
            district.save()
        assert "0871-60000000" in footer() and "工作的补充通知" in footer()


def test_queue_filters_show_a_renamed_batch_and_a_new_unit_at_once(listed, page_cache, commit):
    # The filters' batches and units are kept per person (applications.selectors.queue_filter_choices).
    from zhicheng.orgs.models import Unit

    def options(html: str, name: str) -> str:
        return html.split(f'name="{name}"')[1].split("</select>")[0]

    batch = listed.batches["current"]
    with time_machine.travel(NOW, tick=False):
        bureau = _officer(listed, "bureau")
        page = bureau.get(QUEUE + "?status=all").content.decode()
        assert batch.name in options(page, "batch")
        with commit():
            batch.name = "2024年第三季度（补报）"
            batch.save()
            template = listed.units["private"]
            Unit.objects.create(name="盘龙区新设科技有限公司", uscc="91530103MA6PXX0013", kind=template.kind,
                                district=template.district)
        page = bureau.get(QUEUE + "?status=all").content.decode()
        assert "2024年第三季度（补报）" in options(page, "batch")
        assert "盘龙区新设科技有限公司" in options(page, "unit")


def test_each_browser_gets_its_own_page_and_can_sign_out(listed, page_cache):
    user = listed.users["unit_private"]
    browsers = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        browsers.append(client)
    with time_machine.travel(NOW, tick=False):
        pages = [b.get(QUEUE).content.decode() for b in browsers]
        pages.append(browsers[0].get(QUEUE).content.decode())
    assert pages[0] == pages[2]  # the first browser's page came from the cache
    for browser, page in zip(browsers, pages, strict=False):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
