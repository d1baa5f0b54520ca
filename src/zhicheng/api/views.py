"""The JSON API (/api/v1). Stateless computations for outside callers: no session, so no CSRF."""

import json
from functools import cache
from pathlib import Path

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from zhicheng.core.calendar import get_work_calendar
from zhicheng.policy.api import check_eligibility, check_publicity, parse_json
from zhicheng.policy.errors import PolicyInputError

SCHEMAS = Path(__file__).with_name("schemas")
MAX_BODY = 2 * 1024 * 1024
MSG_NOT_JSON = "请求体须为 UTF-8 编码的 JSON（Content-Type: application/json）"
MSG_TOO_LARGE = "请求体过大（不超过 2 MB）"


def _json(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(message: str, status: int = 422):
    return _json({"error": message}, status=status)


def _body(request):
    if len(request.body) > MAX_BODY:
        raise PolicyInputError(MSG_TOO_LARGE)
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyInputError(MSG_NOT_JSON) from None
    return parse_json(text)


@csrf_exempt
@require_POST
def eligibility(request):
    try:
        return _json(check_eligibility(_body(request)))
    except PolicyInputError as exc:
        return _error(str(exc))


@csrf_exempt
@require_POST
def publicity_check(request):
    try:
        return _json(check_publicity(_body(request), get_work_calendar()))
    except PolicyInputError as exc:
        return _error(str(exc))


@cache
def _schema(name: str) -> dict:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


PUBLICITY_INPUT = {
    "type": "object", "additionalProperties": False, "required": ["start", "end"],
    "properties": {k: {"type": "string", "format": "date"} for k in ("start", "end", "pledge_date", "opinion_date")},
}
PUBLICITY_RESULT = {
    "type": "object", "required": ["ok", "working_days", "problems"],
    "properties": {
        "ok": {"type": "boolean"}, "working_days": {"type": "integer"},
        "problems": {"type": "array", "items": {"type": "string", "enum": [
            "too_short", "pledge_not_before_start", "opinion_not_after_end"]}},
    },
}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}


def openapi_document() -> dict:
    profile, result = _schema("eligibility-profile.schema.json"), _schema("eligibility-result.schema.json")

    def op(summary, body_schema, ok_schema):
        return {"post": {
            "summary": summary,
            "requestBody": {"required": True, "content": {"application/json": {"schema": body_schema}}},
            "responses": {
                "200": {"description": "结果", "content": {"application/json": {"schema": ok_schema}}},
                "422": {"description": "输入无效（一句中文说明出错的字段）",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }}

    either = {"oneOf": [{"$ref": "#/components/schemas/Profile"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/Profile"}}]}
    either_result = {"oneOf": [{"$ref": "#/components/schemas/Result"},
                               {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "初级职称考核认定平台 API", "version": "1.0.0"},
        "paths": {
            "/api/v1/eligibility": op("申报条件核验", either, either_result),
            "/api/v1/publicity-check": op("公示期核验", {"$ref": "#/components/schemas/PublicityInput"},
                                          {"$ref": "#/components/schemas/PublicityResult"}),
        },
        "components": {"schemas": {"Profile": profile, "Result": result, "PublicityInput": PUBLICITY_INPUT,
                                   "PublicityResult": PUBLICITY_RESULT, "Error": ERROR}},
    }


@require_GET
def openapi(request):
    return _json(openapi_document())
