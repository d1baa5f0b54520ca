"""Reads of people's notifications."""

from zhicheng.core import pagecache

from .models import Notification


def unread_count(user) -> int:
    """The badge in every page's menu. Kept with the person's generation, which every new notification and
    every one marked read bumps (``services``), so the badge is never stale; one cache round trip instead of a
    count query on each page."""
    return pagecache.remember(f"unread:{user.pk}", generations=[pagecache.user_generation(user.pk)],
                              compute=lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())
