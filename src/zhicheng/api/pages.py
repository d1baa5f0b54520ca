"""The account's own API token page: create (the secret shown once), list and revoke."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhicheng.accounts.permissions import role_required
from zhicheng.core.formtools import apply_errors

from . import tokens


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=60, help_text=_("说明用途，例如：人事系统同步名单"))


@never_cache
@role_required(*tokens.TOKEN_ROLES)
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm()
            messages.success(request, f"已创建令牌“{token.name}”。令牌只显示这一次，请立即复制保存。")
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret, "tokens": tokens.tokens_for(request.user),
        "max_active": tokens.MAX_ACTIVE,
    })


@require_POST
@role_required(*tokens.TOKEN_ROLES)
def token_revoke(request, pk: int):
    token = get_object_or_404(tokens.tokens_for(request.user), pk=pk)
    try:
        tokens.token_revoke(token=token, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"令牌“{token.name}”已吊销，用它调用接口将被拒绝。")
    return redirect("api_tokens:list")
