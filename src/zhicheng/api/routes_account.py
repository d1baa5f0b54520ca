"""Who the token acts for."""

from __future__ import annotations

from ninja import Router, Schema

from .core import AUTH_ERRORS, TokenThrottle, token_auth

router = Router(tags=["令牌"], auth=token_auth, throttle=[TokenThrottle()])


class MeOut(Schema):
    username: str
    name: str
    role: str
    role_label: str
    organisation: str
    token_name: str


@router.get("me", url_name="me", response={200: MeOut, **AUTH_ERRORS}, summary="令牌所代表的账号")
def me(request):
    user = request.user
    org = user.unit or user.department or user.district
    return MeOut(username=user.username, name=user.display_name, role=user.role, role_label=user.get_role_display(),
                 organisation=getattr(org, "bureau_name", None) or (org.name if org else ""),
                 token_name=request.api_token.name)
