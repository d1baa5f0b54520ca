"""The Redis cache backend the app uses with REDIS_URL: Django's, keeping one client per connection pool."""

import pytest
import redis

from zhicheng.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/11"  # its own db: clear() flushes it


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def backend():
    cache = RedisCache(URL, {"KEY_PREFIX": "zc-cache-test", "OPTIONS": {"socket_timeout": 1}})
    cache.clear()
    yield cache
    cache.clear()


def test_values_written_are_read_back_and_counted(backend):
    backend.set("session", {"user": 7, "name": "张三"}, 60)
    assert backend.get("session") == {"user": 7, "name": "张三"}
    assert backend.add("session", "other", 60) is False  # add never overwrites
    backend.set("gen", 5, None)
    assert backend.incr("gen") == 6
    assert backend.get_many(["session", "gen", "missing"]) == {"session": {"user": 7, "name": "张三"}, "gen": 6}
    backend.delete("session")
    assert backend.get("session", "gone") == "gone"


def test_one_client_per_pool_is_kept(backend):
    inner = backend._cache
    assert inner.get_client(write=True) is inner.get_client(write=False)
    backend.set("a", 1, 60)
    backend.get("a")
    assert len(inner._clients) == 1


def test_page_cache_generations_move_on_in_one_round_trip(settings):
    """pagecache.bump on Redis: a generation that exists moves on, one that does not (or was evicted) starts anew
    above any earlier one, and both are read back through the cache API the pages use."""
    from django.core.cache import caches

    from zhicheng.core import pagecache

    settings.CACHES = {"default": {"BACKEND": "zhicheng.core.cache.RedisCache", "LOCATION": URL,
                                   "KEY_PREFIX": "zc-bump-test"}}
    settings.PAGE_CACHE_SECONDS = 300
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.clear()
    try:
        cache.set("gen:a", 41, None)
        before = pagecache._new_generation()
        pagecache._bump(["gen:a", "gen:b"])
        assert cache.get("gen:a") == 42
        assert cache.get("gen:b") > before
        pagecache._bump(["gen:b"])
        assert cache.get_many(["gen:a", "gen:b"])["gen:b"] > before + 1
    finally:
        cache.clear()
