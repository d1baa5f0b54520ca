"""Request id and one structured log line per request (method, path, status, duration, user)."""

import logging
import time

from django.utils.functional import empty

from zhicheng.core.clientip import client_ip

from .context import REQUEST_ID_HEADER, clean_request_id, request_id_var, user_id_var

logger = logging.getLogger("zhicheng.request")

# Probes polled every second log at DEBUG so they don't drown the access log.
QUIET_PATHS = frozenset({"/healthz", "/readyz"})


def _user_id(request):
    """The user's id if authentication already ran for this request; never triggers a session lookup."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class RequestIdMiddleware:
    """Take X-Request-ID from the proxy (or make one), expose it to logs and tasks, echo it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        rid_token = request_id_var.set(request_id)
        uid_token = user_id_var.set(None)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[REQUEST_ID_HEADER] = request_id
            user_id = _user_id(request)
            level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
            client = client_ip(request)
            logger.log(
                level, "%s %s %s %.1fms client=%s", request.method, request.path, response.status_code, duration_ms,
                client, extra={
                    "event_kind": "request", "method": request.method, "path": request.path,
                    "status": response.status_code, "duration_ms": duration_ms, "user_id": user_id,
                    "client_ip": client,
                },
            )
            return response
        finally:
            user_id_var.reset(uid_token)
            request_id_var.reset(rid_token)


MSG_BUSY = "系统繁忙，请稍后重试"


def busy_response():
    """503 系统繁忙 for a database that is locked or away; rendered without touching the database."""
    from django.http import HttpResponse
    from django.template import loader

    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseBusyMiddleware:
    """A database error a request could not get past ("database is locked" with SQLite, a lost connection) is
    answered with 503 系统繁忙，请稍后重试, not a 500: nothing was saved and trying again in a moment works."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        if isinstance(exception, OperationalError):
            logger.warning("database busy: %s %s: %s", request.method, request.path, exception,
                           extra={"event_kind": "request", "path": request.path, "status": 503})
            return busy_response()
        return None


class ServerTimingMiddleware:
    """``Server-Timing: app;dur=<ms>, cpu;dur=<ms>, db;dur=<ms>;desc="<n> queries"`` on every response, so a
    browser's developer tools, the e2e journeys (``e2e/helpers.py``) and ``benchmarks/pages.py`` see how long the
    server took for each page, how much of it was this request's own CPU time (the thread's: on a busy machine
    ``app`` grows with the other load, ``cpu`` does not) and how much the database. Outermost middleware: ``app``
    is the whole of Django's work.

    The database time is summed by a wrapper around each query of the default connection (a function call per
    query, about a microsecond); queries of other threads (the background task runner) are not counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        timer = _QueryTimer()
        started, cpu_started = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        app_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        response["Server-Timing"] = (f'app;dur={app_ms:.1f}, cpu;dur={cpu_ms:.1f}, '
                                     f'db;dur={timer.seconds * 1000:.1f};desc="{timer.count} queries"')
        return response


class _QueryTimer:
    __slots__ = ("count", "seconds")

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
