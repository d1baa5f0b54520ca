"""A small cache-based limit on public lookups per IP address, so the verification page cannot enumerate people."""

from django.core.cache import cache

WINDOW_SECONDS = 600
LIMIT = 30  # points per window; a lookup that finds nothing costs more than one that does
MISS_COST = 3


def _key(ip: str) -> str:
    return f"certificates:verify:{ip or 'unknown'}"


def is_throttled(ip: str) -> bool:
    return (cache.get(_key(ip)) or 0) >= LIMIT


def charge(ip: str, *, found: bool) -> None:
    key = _key(ip)
    cost = 1 if found else MISS_COST
    if cache.add(key, cost, WINDOW_SECONDS):
        return
    try:
        cache.incr(key, cost)
    except ValueError:
        cache.set(key, cost, WINDOW_SECONDS)
