"""Probes for load balancers and orchestrators: no login, no session, JSON, never cached."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """The process is up and serving requests (touches nothing else)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request):
    """The instance can serve traffic: database, cache, broker and storage reachable; 503 names what failed."""
    result = run_checks()
    return JsonResponse(
        {"status": "ok" if result["ok"] else "unavailable", "failed": result["failed"],
         "checks": result["checks"], "ms": result["ms"]},
        status=200 if result["ok"] else 503,
    )


def server_error(request):
    """handler500: a database error raised outside a view (saving the session, the login lockout) gets the same
    503 系统繁忙 page as one inside a view (ops.middleware.DatabaseBusyMiddleware); anything else the Chinese 500."""
    import sys

    from django.db import OperationalError
    from django.http import HttpResponseServerError
    from django.template import loader

    from .middleware import busy_response

    if isinstance(sys.exc_info()[1], OperationalError):
        return busy_response()
    return HttpResponseServerError(loader.get_template("500.html").render({}))
