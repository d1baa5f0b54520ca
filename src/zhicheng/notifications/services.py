"""In-app notifications written in the caller's transaction; e-mail copies sent after commit."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from zhicheng.core import pagecache

from .models import Notification


def notify(*, users: Iterable, title: str, body: str = "", link: str = "") -> list[Notification]:
    recipients = [u for u in users if u is not None]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, link=link) for u in recipients]
    )
    pagecache.bump(pagecache.user_generation(u.pk) for u in recipients)  # the unread badge on cached pages
    emails = [u.email for u in recipients if u.email]
    if emails:
        text = f"{body}\n\n{settings.SITE_URL}{link}" if link else body

        def _send() -> None:
            send_mail(f"【职称考核认定】{title}", text, None, emails, fail_silently=True)

        transaction.on_commit(_send)
    return rows


def notifications_for(user):
    return Notification.objects.filter(user=user)


def notification_mark_read(*, user, notification_id: int) -> None:
    from django.utils import timezone

    if Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(read_at=timezone.now()):
        pagecache.bump([pagecache.user_generation(user.pk)])
