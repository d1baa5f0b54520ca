"""/api/v1: every operation of the one NinjaAPI (zhicheng.api.core), plus its generated OpenAPI document."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from . import routes  # noqa: F401  (registers the routers on the API)
from .core import api

app_name = "api"


def openapi_document() -> dict:
    from .core import ErrorOut
    from .routes_checks import contract_components

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(contract_components())
    if "ErrorOut" not in components:
        error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error.pop("$defs", {}), ErrorOut=error)
    return schema


@require_GET
def openapi(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


urlpatterns = [*api.urls[0], path("openapi.json", openapi, name="openapi")]
