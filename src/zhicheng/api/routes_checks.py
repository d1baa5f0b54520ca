"""The two stateless checks of ../shared/contracts (no token): the eligibility engine and the publicity period.

Their bodies are read as the contract says (an object or an array; the policy package's own parser names the
field in its one-line message), so the answers are exactly the CLI's: 200 with the result, 422 {"error": ...}.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ninja import Router

from zhicheng.core.calendar import get_work_calendar
from zhicheng.policy.api import check_eligibility, check_publicity, parse_json
from zhicheng.policy.errors import PolicyInputError

from .core import ApiError, raw_body

SCHEMAS = Path(__file__).with_name("schemas")
router = Router(tags=["核验（无需令牌）"])


def _policy_body(request):
    try:
        return parse_json(raw_body(request))
    except ApiError as exc:  # the contract answers every bad body with 422
        raise ApiError(422, exc.message) from None
    except PolicyInputError as exc:
        raise ApiError(422, str(exc)) from None


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


def contract_components() -> dict:
    """The schemas the contract's JSON files define, added to the generated document's components."""
    return {"Profile": _schema("eligibility-profile.schema.json"), "Result": _schema("eligibility-result.schema.json"),
            "PublicityInput": PUBLICITY_INPUT, "PublicityResult": PUBLICITY_RESULT}


def _documented(body_schema: dict, ok_schema: dict) -> dict:
    error = {"$ref": "#/components/schemas/ErrorOut"}
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": body_schema}}},
        "responses": {
            200: {"description": "结果", "content": {"application/json": {"schema": ok_schema}}},
            422: {"description": "输入无效（一句中文说明出错的字段）", "content": {"application/json": {"schema": error}}},
        },
    }


def _either(name: str) -> dict:
    return {"oneOf": [{"$ref": f"#/components/schemas/{name}"},
                      {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}]}


@router.post("eligibility", url_name="eligibility", summary="申报条件核验", auth=None,
             openapi_extra=_documented(_either("Profile"), _either("Result")))
def eligibility(request):
    try:
        return check_eligibility(_policy_body(request))
    except PolicyInputError as exc:
        raise ApiError(422, str(exc)) from None


@router.post("publicity-check", url_name="publicity_check", summary="公示期核验", auth=None,
             openapi_extra=_documented({"$ref": "#/components/schemas/PublicityInput"},
                                       {"$ref": "#/components/schemas/PublicityResult"}))
def publicity_check(request):
    try:
        return check_publicity(_policy_body(request), get_work_calendar())
    except PolicyInputError as exc:
        raise ApiError(422, str(exc)) from None
