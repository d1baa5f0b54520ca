"""Who may see what. Querysets are filtered by these scopes before any object is looked up."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from zhicheng.orgs.models import District, Unit

from .models import Role

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
    """Units whose data this user may see."""
    if not user.is_authenticated or not user.can_act:
        return Unit.objects.none()
    if user.role == Role.UNIT_OFFICER:
        return Unit.objects.filter(pk=user.unit_id)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return Unit.objects.filter(department_id=user.department_id)
    if user.role == Role.BUREAU_REVIEWER:
        return Unit.objects.filter(district_id=user.district_id)
    if user.role == Role.ADMIN:
        return Unit.objects.all() if user.district_id is None else Unit.objects.filter(district_id=user.district_id)
    return Unit.objects.none()


def visible_districts(user):
    if not user.is_authenticated:
        return District.objects.none()
    if user.role == Role.ADMIN and user.district_id is None:
        return District.objects.all()
    if user.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
        return District.objects.filter(pk=user.district_id)
    return District.objects.none()
