"""API tokens: created, listed and revoked by the account they act for; only a SHA-256 digest is stored.

A token is ``zc_`` + 43 URL-safe characters (256 random bits), so a plain SHA-256 is enough: there is nothing
to brute-force that a slow hash would protect. It is shown once, on creation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.audit.services import audit_record
from zhicheng.batches.selectors import format_moment

from .models import ApiToken

TOKEN_ROLES = (Role.UNIT_OFFICER, Role.DEPARTMENT_REVIEWER, Role.BUREAU_REVIEWER)
MAX_ACTIVE = 10
PREFIX = "zc_"
MSG_NAME = "请填写令牌名称（例如：人事系统同步），不超过 60 个字。"
MSG_ROLE = "只有用人单位、行业主管部门和区人社局的账号可以创建 API 令牌。"
MSG_TOO_MANY = f"有效令牌最多 {MAX_ACTIVE} 个，请先吊销不再使用的令牌。"
MSG_ALREADY_REVOKED = "该令牌已于{when}吊销。"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _district_id(user):
    if user.unit_id:
        return user.unit.district_id
    if user.department_id:
        return user.department.district_id
    return user.district_id


def tokens_for(user):
    """The account's own tokens (nobody sees another account's)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def can_hold_tokens(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.can_act and user.role in TOKEN_ROLES


@transaction.atomic
def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``'s own account; returns (token, secret) — the secret is never stored."""
    if not can_hold_tokens(actor):
        raise ValidationError(MSG_ROLE)
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationError({"name": [MSG_NAME]})
    if tokens_for(actor).select_for_update().filter(revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ValidationError(MSG_TOO_MANY)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name, prefix=secret[:8], digest=_digest(secret))
    audit_record(actor=actor, action="api_token.create", obj=token, district_id=_district_id(actor),
                 changes={"name": name, "prefix": token.prefix}, is_security_event=True)
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor, now: dt.datetime | None = None) -> ApiToken:
    token = tokens_for(actor).select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(MSG_ALREADY_REVOKED.format(when=format_moment(token.revoked_at)))
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, district_id=_district_id(actor),
                 changes={"name": token.name, "prefix": token.prefix}, is_security_event=True, now=token.revoked_at)
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None; records when it was last used (at most once a minute)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (ApiToken.objects.select_related("user", "user__unit", "user__department")
             .filter(digest=_digest(secret), revoked_at__isnull=True).first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
