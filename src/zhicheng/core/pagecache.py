"""Whole-page cache for signed-in people's busiest read pages (the review queues on deadline day).

A cached page is served only while it is still exactly what the view would render now:

- it is keyed by the session (so the CSRF token in the page belongs to the browser asking), the user's
  role and scope, and the full URL;
- it records the *generation* of every piece of data it shows (for a queue: the unit's, department's or
  district's applications, plus the user's unread notifications and a global generation for batches,
  units and names); any change bumps the generation after its transaction commits, so the next request
  renders afresh;
- it records the minute it was rendered (times left are shown to the minute);
- pages with flash messages are never cached or served from the cache.

All lookups are one round trip (``get_many``). Needs a cache shared by every app server process (Redis in
production); ``PAGE_CACHE_SECONDS = 0`` (the default without Redis) turns it off. Django's own
``cache_page`` does not fit: it cannot tell a signed-in person's page is stale when the data changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
# What the cache raises when Redis is away (connection refused, timeouts): pages are then computed afresh.
CACHE_ERRORS = (RedisError, OSError)
PREFIX = "pagecache:"
GLOBAL = "gen:global"


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def user_generation(user_id: int) -> str:
    return f"gen:user:{user_id}"


def _new_generation() -> int:
    # A generation created after an eviction must not equal one an old page was stored with.
    return time.time_ns()


def bump(keys: Iterable[str]) -> None:
    """Mark the data behind ``keys`` as changed, once the current transaction commits."""
    keys = sorted(set(keys))
    if not keys or not enabled():
        return

    def _bump_logged() -> None:
        try:
            _bump(keys)
        except CACHE_ERRORS:  # the change is committed: never a 500 for it (kept pages expire after PAGE_CACHE_SECONDS)
            logger.warning("page cache unavailable; generations %s not moved on", keys, exc_info=True)

    transaction.on_commit(_bump_logged)


def _bump(keys: list[str]) -> None:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip for all keys: SET NX starts a new generation where there is none (or it was evicted),
        # INCR moves it on. Django's incr is two commands per key (EXISTS, INCRBY).
        pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
        start = _new_generation()
        for key in keys:
            name = backend.make_and_validate_key(key)
            pipe.set(name, start, nx=True)
            pipe.incr(name)
        pipe.execute()
        return
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted): start a new generation
            cache.set(key, _new_generation(), None)


def _page_key(request, extra: str) -> str:
    user = request.user
    parts = [request.session.session_key or "", str(user.pk), user.role, str(user.unit_id), str(user.department_id),
             str(user.district_id), request.get_full_path(), extra]
    return PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _current(key: str, generations: list[str]) -> tuple[object, list]:
    """(what is stored under ``key``, the generations now), one round trip; generations that are not there yet
    are started first, so a bump between reading them and computing the value is not missed."""
    found = cache.get_many([key, *generations])
    current = [found.get(g) for g in generations]
    if None in current:
        for g, value in zip(generations, current, strict=True):
            if value is None:
                cache.add(g, _new_generation(), None)
        return None, [cache.get(g) for g in generations]
    return found.get(key), current


def remember(key: str, *, generations: list[str], compute: Callable[[], object], per_minute: bool = False):
    """``compute()``, kept in the cache with the generations it was computed under: served again only while
    every one of them is unchanged (and, with ``per_minute``, in the same minute), recomputed after any bump.
    One ``get_many`` when it is still current. Off with the page cache; computed afresh when the cache is away."""
    if not enabled():
        return compute()
    minute = int(time.time() // 60) if per_minute else None
    try:
        stored, current = _current(PREFIX + key, generations)
    except CACHE_ERRORS:
        logger.warning("page cache unavailable; %s computed afresh", key.split(":")[0], exc_info=True)
        return compute()
    if stored is not None and stored[0] == current and stored[1] == minute:
        return stored[2]
    value = compute()
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(PREFIX + key, (current, minute, value), settings.PAGE_CACHE_SECONDS)
    return value


def serve(request, *, generations: list[str], render: Callable[[], HttpResponse], extra: str = "") -> HttpResponse:
    """The cached page if every generation is unchanged and it is the same minute; else ``render()`` (stored
    when it is a plain 200 HTML page). Rendered afresh when the cache is away."""
    if not enabled() or request.method != "GET" or not request.session.session_key or len(get_messages(request)):
        return render()
    generations = [GLOBAL, user_generation(request.user.pk), *generations]
    page_key = _page_key(request, extra)
    minute = int(time.time() // 60)
    try:
        stored, current = _current(page_key, generations)
    except CACHE_ERRORS:
        logger.warning("page cache unavailable; page rendered afresh", exc_info=True)
        return render()
    if stored and stored["generations"] == current and stored["minute"] == minute:
        return HttpResponse(stored["body"], content_type=stored["content_type"])
    response = render()
    if (response.status_code == 200 and not response.streaming and not response.cookies
            and response["Content-Type"].startswith("text/html")):
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(page_key, {"generations": current, "minute": minute, "body": response.content,
                                 "content_type": response["Content-Type"]}, settings.PAGE_CACHE_SECONDS)
    return response
