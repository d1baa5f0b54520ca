"""URLconf for benchmarks/deadline_rush.py only (selected by benchmarks.bench_settings): the product's URLs
plus a bare Django view, so the same server's overhead can be compared with real pages."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/bare", bare, name="bench_bare"),
    path("", include("zhicheng.urls")),
]
