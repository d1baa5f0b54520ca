"""Who may see what. Querysets are filtered by these scopes before any object is looked up."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .scope import Scope

MSG_NOT_APPROVED = "您的单位经办人账号尚待辖区人社局审核，审核通过后方可办理业务。"


def role_required(*roles: str):
    """Allow only logged-in users of these roles (and approved unit officers) into a view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in roles:
                raise PermissionDenied("您的角色无权访问此页面。")
            if not user.can_act:
                raise PermissionDenied(MSG_NOT_APPROVED)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def visible_units(user):
    """Units whose data this user may see (zhicheng.accounts.scope)."""
    return Scope.for_actor(user).units()


def visible_districts(user):
    return Scope.for_actor(user).districts()
