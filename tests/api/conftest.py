import pytest

from tests.recommendations.conftest import policy  # noqa: F401  (the unit's recommendation system on file)
from zhicheng.api.tokens import token_create


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The per-token limit and the verification throttle count in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def token_for():
    """A real token of the given account, made through the service the token page uses."""

    def _make(user, name="测试系统"):
        return token_create(actor=user, name=name)[1]

    return _make


@pytest.fixture
def call(client):
    """client.<method>(url, JSON body) with the token in the Authorization header."""

    def _call(method, url, token=None, body=None, **extra):
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if body is not None:
            import json

            extra.update(data=body if isinstance(body, (str, bytes)) else json.dumps(body, ensure_ascii=False),
                         content_type="application/json")
        return getattr(client, method)(url, **extra)

    return _call

