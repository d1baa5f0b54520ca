"""Readiness checks: database, cache, broker and storage, each bounded to about one second."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection

CHECK_TIMEOUT = 1.0  # seconds, for each check and for all of them together
STORAGE_PROBE_NAME = "zhicheng-readyz-probe"

# Checks that talk to other services run in these threads so a hung socket cannot hold the request.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("SELECT 1 returned something else")


def check_cache() -> None:
    token = uuid.uuid4().hex
    cache.set("zhicheng:readyz", token, 10)
    if cache.get("zhicheng:readyz") != token:
        raise RuntimeError("cache did not return what was stored")


def broker_url() -> str:
    return getattr(settings, "CELERY_BROKER_URL", "") or ""


def broker_configured() -> bool:
    url = broker_url()
    return bool(url) and not url.startswith("memory://")


def check_broker() -> None:
    from kombu import Connection

    with Connection(broker_url(), connect_timeout=CHECK_TIMEOUT,
                    transport_options={"socket_timeout": CHECK_TIMEOUT, "max_retries": 0}) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT)


def check_storage() -> None:
    # A HEAD (S3) or stat (local files): proves the store answers; the probe object need not exist.
    default_storage.exists(STORAGE_PROBE_NAME)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def run_checks() -> dict:
    """{"ok": bool, "failed": [names], "checks": {name: {"ok", "ms", "error"?}}}."""
    started = time.perf_counter()
    checks: dict[str, dict] = {}
    threaded = {"cache": check_cache, "storage": check_storage}
    if broker_configured():
        threaded["broker"] = check_broker
    futures = {name: (_pool.submit(_timed, fn)) for name, fn in threaded.items()}
    checks["database"] = _timed(check_database)  # the request thread's own (persistent) connection
    for name, future in futures.items():
        remaining = max(0.0, CHECK_TIMEOUT - (time.perf_counter() - started))
        try:
            checks[name] = future.result(timeout=remaining)
        except FutureTimeout:
            checks[name] = {"ok": False, "error": f"timed out after {CHECK_TIMEOUT:.0f}s"}
    if not broker_configured():
        checks["broker"] = {"ok": True, "skipped": "no external broker (tasks run in-process)"}
    failed = sorted(name for name, result in checks.items() if not result["ok"])
    return {"ok": not failed, "failed": failed, "checks": checks,
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def _timed(fn) -> dict:
    started = time.perf_counter()
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - any failure makes the instance unready; say which
        return {"ok": False, "error": _describe(exc), "ms": round((time.perf_counter() - started) * 1000, 1)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
