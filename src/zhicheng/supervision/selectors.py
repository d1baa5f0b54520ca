"""Reads about supervision that other apps reuse. Querysets are already scoped to what the user may see."""

from django.db.models import Q

from zhicheng.accounts.models import Role
from zhicheng.accounts.scope import Scope
from zhicheng.applications.models import Application, Status

from .models import (
    AppealAbout,
    AppealStatus,
)

# --- Scoping -----------------------------------------------------------------------------------------------


def is_bureau(user) -> bool:
    return Scope.for_actor(user).is_bureau


def integrity_records_visible_to(user):
    return Scope.for_actor(user).records()


def penalties_visible_to(user):
    return Scope.for_actor(user).penalties()


def appeals_visible_to(user):
    """Appellants and reporters see what they filed; a department reviewer the appeals and reports it handles; the
    bureau its district's. Nobody else — in particular not the person a report is about."""
    return Scope.for_actor(user).appeals()


def appeals_filed_by(user):
    """The appeals this person filed about their own applications (不含举报), newest first."""
    return appeals_visible_to(user).filter(appellant_id=user.pk).exclude(about=AppealAbout.REPORT)


def reports_filed_by(user):
    """The 实名举报 this person filed, newest first (their 我的举报 list)."""
    return appeals_visible_to(user).filter(appellant_id=user.pk, about=AppealAbout.REPORT)


def appeals_to_handle(user):
    """The appeals waiting for this user's body to act."""
    qs = appeals_visible_to(user)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return qs.filter(department_id=user.department_id,
                         status__in=[AppealStatus.FILED, AppealStatus.UNDER_DEPARTMENT_REVIEW])
    bureau = Scope.for_actor(user).district_q()
    if bureau is not None:
        return qs.filter(bureau).filter(Q(department__isnull=True, status__in=[AppealStatus.FILED,
                                                                               AppealStatus.UNDER_DEPARTMENT_REVIEW])
                                       | Q(status=AppealStatus.ESCALATED))
    return qs.none()


def revocation_requests_visible_to(user):
    return Scope.for_actor(user).revocation_requests()


def revocable_applications(user):
    """Recognised applications the bureau user may revoke."""
    bureau = Scope.for_actor(user).district_q("batch__district_id")
    if bureau is None:
        return Application.objects.none()
    return Application.objects.filter(bureau, status=Status.RECOGNISED).select_related("applicant", "unit", "batch")
