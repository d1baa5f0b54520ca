"""/healthz and /readyz: what a load balancer sees."""

import json
import time

import pytest
from django.core.cache import cache

from zhicheng.ops import health


@pytest.mark.django_db
def test_healthz_answers_without_login_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_every_check_and_is_fast(client):
    started = time.perf_counter()
    response = client.get("/readyz")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert {"database", "cache", "storage", "broker"} <= set(body["checks"])
    assert elapsed < 1.0


@pytest.mark.django_db
def test_readyz_names_the_failed_check_with_503(client, monkeypatch):
    def broken_cache():
        raise ConnectionError("redis is away")

    monkeypatch.setattr(health, "check_cache", broken_cache)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["failed"] == ["cache"]
    assert "redis is away" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_gives_up_on_a_hung_service_within_a_second(client, monkeypatch):
    monkeypatch.setattr(health, "check_storage", lambda: time.sleep(3))
    started = time.perf_counter()
    response = client.get("/readyz")
    assert time.perf_counter() - started < 1.5
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert "timed out" in response.json()["checks"]["storage"]["error"]


@pytest.mark.django_db
def test_readyz_checks_an_unreachable_broker(client, settings):
    # A port nothing listens on: the broker check fails fast and says so.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "broker" in response.json()["failed"]


def test_readyz_cache_check_really_writes(settings):
    cache.delete("zhicheng:readyz")
    health.check_cache()
    assert cache.get("zhicheng:readyz")
