"""The one NinjaAPI behind /api/v1: body parsing, Chinese errors, token authentication and the per-token limit.

Why django-ninja (not DRF + drf-spectacular): the API is a thin layer over our selectors and services, so it needs
request/response schemas and an OpenAPI document, not serializers, viewsets or a second permission system.
Ninja's pydantic schemas give typed input with ``extra="forbid"`` and the OpenAPI 3.1 document from the same
classes, in one small dependency (pydantic is its only one); DRF would bring its own request, auth,
permission and throttling stacks alongside Django's.

Every error answers ``{"error": "<一句中文>", "problems": [{"field", "message"}...]}``: ``error`` is the first (or
only) problem, so the two contract endpoints keep their ``{"error": ...}`` answers; ``problems`` lists one Chinese
message per problem.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import AfterValidator, ConfigDict, StringConstraints

MAX_BODY = 2 * 1024 * 1024
MSG_NOT_JSON = "请求体须为 UTF-8 编码的 JSON（Content-Type: application/json）"
MSG_TOO_LARGE = "请求体过大（不超过 2 MB）"
MSG_NO_TOKEN = "缺少 API 令牌：请在请求头中加入 Authorization: Bearer <令牌>（令牌在本单位的“API 令牌”页面创建）。"
MSG_BAD_TOKEN = "API 令牌无效或已吊销，请在“API 令牌”页面重新创建。"
MSG_ACCOUNT_INACTIVE = "API 令牌所属账号已停用或尚待审核，不能调用接口。"
MSG_THROTTLED = "调用过于频繁：每个令牌每分钟最多 {rate} 次，请 {wait} 秒后再试。"
MSG_NOT_FOUND = "未找到该对象，或您的账号无权查看。"
MSG_WRONG_ROLE = "该令牌所属账号（{role}）不能调用此接口。"
MSG_INVALID = "输入有 {count} 处问题，请逐项修改后重试（本次没有作出任何更改）。"


class ApiError(Exception):
    """A refusal with one Chinese message per problem (``problems``: [(field, message)])."""

    def __init__(self, status: int, message: str, problems: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = problems or []


class Strict(Schema):
    """Input schemas refuse fields they do not know."""

    model_config = ConfigDict(extra="forbid")


def _printable(value: str) -> str:
    """Control characters (NUL first: PostgreSQL cannot store it) are refused, as Django's form fields do."""
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("不能包含控制字符（例如 \\u0000），请删除后重试。")
    return value


def Text(max_length: int):  # noqa: N802  (a type, used as Text(50))
    """A string field of an input schema: at most ``max_length`` characters, no control characters."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_printable)]


class ProblemOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    error: str
    problems: list[ProblemOut] | None = None


class LocalTimeEncoder(NinjaJSONEncoder):
    """Moments in Beijing time (2026-11-20T17:00:00+08:00), as the pages show them, rather than in UTC."""

    def default(self, o):
        # Before 1970 the zone database gives Beijing its local mean time (+08:05:43), which is no ISO offset.
        if isinstance(o, dt.datetime) and timezone.is_aware(o) and o.year >= 1970:
            o = timezone.localtime(o)
        return super().default(o)


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}
    encoder_class = LocalTimeEncoder


class StrictJSONParser(Parser):
    """The body as UTF-8 JSON, at most 2 MB; anything else is one Chinese message, never a 500."""

    def parse_body(self, request):
        return parse_json_body(request)


def raw_body(request) -> str:
    try:
        body = request.body
    except RequestDataTooBig:
        raise ApiError(413, MSG_TOO_LARGE) from None
    if len(body) > MAX_BODY:
        raise ApiError(413, MSG_TOO_LARGE)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, MSG_NOT_JSON) from None


def parse_json_body(request):
    text = raw_body(request)
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, f"请求体不是有效的 JSON（{getattr(exc, 'msg', '无法解析')}）") from None


# --- pydantic's complaints in Chinese -----------------------------------------------------------------------
TYPE_NAMES = {"string": "文本", "int": "整数", "bool": "true 或 false", "date": "日期（2024-08-05）",
              "datetime": "日期时间（ISO 8601）", "list": "数组", "dict": "对象", "model": "对象",
              "float": "数字", "int_parsing": "整数", "bool_parsing": "true 或 false"}
SKIP_LOC = {"body", "query", "path", "payload", "header", "form", "filters"}


def field_path(loc) -> str:
    parts = [p for p in loc if p not in SKIP_LOC] if len(loc) > 1 else list(loc)
    text = ""
    for p in parts:
        text += f"[{p}]" if isinstance(p, int) else (f".{p}" if text else str(p))
    return text or "请求体"


def problem_message(error: dict) -> str:
    kind, field = error.get("type", ""), field_path(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"缺少必填字段“{field}”。"
    if kind == "value_error":
        return f"“{field}”{ctx.get('error', '的值无效。')}"
    if kind == "extra_forbidden":
        return f"不认识的字段“{field}”，请删除。"
    if kind in ("string_too_long", "too_long"):
        return f"“{field}”太长（不超过 {ctx.get('max_length')} 个）。"
    if kind in ("string_too_short", "too_short"):
        return f"“{field}”太短（至少 {ctx.get('min_length')} 个）。"
    if kind in ("literal_error", "enum"):
        return f"“{field}”应为以下之一：{ctx.get('expected', '')}。"
    if kind in ("greater_than_equal", "greater_than"):
        return f"“{field}”应不小于 {ctx.get('ge', ctx.get('gt'))}。"
    if kind in ("less_than_equal", "less_than"):
        return f"“{field}”应不大于 {ctx.get('le', ctx.get('lt'))}。"
    if kind.startswith("date") and "future" not in kind:
        return f"“{field}”应为有效日期，例如 2024-08-05。"
    if kind.startswith("datetime"):
        return f"“{field}”应为 ISO 8601 日期时间，例如 2024-08-05T09:00:00+08:00。"
    for name, label in TYPE_NAMES.items():
        if kind.startswith(name):
            return f"“{field}”应为{label}。"
    return f"“{field}”的值无效。"


def _error_response(request, status: int, message: str, problems=None):
    body = {"error": message}
    if problems is not None:
        body["problems"] = [{"field": f, "message": m} for f, m in problems]
    return api.create_response(request, body, status=status)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the request acts as the token's account, with that account's scope."""

    openapi_description = "单位、主管部门或人社局账号在“API 令牌”页面创建的令牌"

    def authenticate(self, request, token):
        from .tokens import token_authenticate

        found = token_authenticate(token)
        if found is None:
            raise ApiError(401, MSG_BAD_TOKEN)
        if not found.user.can_act:
            raise ApiError(401, MSG_ACCOUNT_INACTIVE)
        request.user = found.user
        request.api_token = found
        return found


def token_rate() -> str:
    return getattr(settings, "API_TOKEN_RATE", "120/min")


class TokenThrottle(SimpleRateThrottle):
    """Requests per minute per token (``API_TOKEN_RATE``, default 120/min)."""

    scope = "api_token"

    def __init__(self):
        super().__init__(rate=token_rate())

    def allow_request(self, request):
        self.rate = token_rate()  # read on each call, so the setting can change without a restart
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        return None if token is None else self.cache_format % {"scope": self.scope, "ident": token.pk}


api = NinjaAPI(
    title="初级职称考核认定平台 API", version="1.0.0", urls_namespace="api", openapi_url=None, docs_url=None,
    description="单位、主管部门和人社局的系统对接接口。令牌在各自账号的“API 令牌”页面创建，按账号的权限范围访问数据。",
    parser=StrictJSONParser(), renderer=ChineseJSONRenderer(),
)
token_auth = TokenAuth()


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error_response(request, exc.status, exc.message, exc.problems or None)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    problems = [(field_path(e.get("loc", ())), problem_message(e)) for e in exc.errors]
    message = problems[0][1] if len(problems) == 1 else MSG_INVALID.format(count=len(problems))
    return _error_response(request, 422, message, problems)


@api.exception_handler(DjangoValidationError)
def _service_refusal(request, exc: DjangoValidationError):
    """A service refused (guards, the shared list validator): 422 with every reason."""
    problems = problems_of(exc)
    message = problems[0][1] if len(problems) == 1 else MSG_INVALID.format(count=len(problems))
    return _error_response(request, 422, message, problems)


@api.exception_handler(AuthenticationError)
def _no_token(request, exc):
    return _error_response(request, 401, MSG_NO_TOKEN)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    rate = token_rate().split("/")[0]
    return _error_response(request, 429, MSG_THROTTLED.format(rate=rate, wait=int(exc.wait or 60) + 1))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error_response(request, 404, MSG_NOT_FOUND)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, ApiError):  # ninja wraps the body parser's refusal (too large, not JSON)
        return _api_error(request, exc.__cause__)
    messages = {400: MSG_NOT_JSON, 405: "不支持此请求方法。", 413: MSG_TOO_LARGE}
    return _error_response(request, exc.status_code, messages.get(exc.status_code, str(exc)))


def problems_of(exc: DjangoValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """A service's ValidationError as (field, message) pairs, fields under ``prefix`` (``entries[2].``)."""
    if hasattr(exc, "error_dict"):
        return [(f"{prefix}{field}".rstrip(".") if field != "__all__" else prefix.rstrip("."), m)
                for field, msgs in exc.message_dict.items() for m in msgs]
    return [(prefix.rstrip("."), m) for m in exc.messages]


def refuse(exc: DjangoValidationError, prefix: str = "", status: int = 422):
    problems = problems_of(exc, prefix)
    message = problems[0][1] if len(problems) == 1 else MSG_INVALID.format(count=len(problems))
    raise ApiError(status, message, problems) from None


def require_role(request, *roles):
    if request.user.role not in roles:
        raise ApiError(403, MSG_WRONG_ROLE.format(role=request.user.get_role_display()))


def object_id():
    """A path parameter naming an object: a positive 32-bit id (larger ones would overflow the database)."""
    from ninja import Path

    return Path(..., ge=1, le=2**31 - 1, description="对象 id")


# Documented answers of every token-protected operation besides its own.
AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
INPUT_ERRORS = {400: ErrorOut, 413: ErrorOut, 422: ErrorOut}
OBJECT_ERRORS = {404: ErrorOut, 422: ErrorOut}  # not in the account's scope; an id that is not a valid id
