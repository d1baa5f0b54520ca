"""Reads about supervision that other apps reuse. Querysets are already scoped to what the user may see."""

from django.db.models import Q

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Status

from .models import (
    Appeal,
    AppealAbout,
    AppealStatus,
    IntegrityRecord,
    RevocationRequest,
    UnitPenalty,
)

# --- Scoping -----------------------------------------------------------------------------------------------


def _bureau_district_filter(user, field: str = "district_id") -> Q | None:
    """Q for a bureau reviewer's / admin's districts, or None if the user is not bureau-side."""
    if user.role == Role.BUREAU_REVIEWER and user.district_id:
        return Q(**{field: user.district_id})
    if user.role == Role.ADMIN:
        return Q() if user.district_id is None else Q(**{field: user.district_id})
    return None


def is_bureau(user) -> bool:
    return user.is_authenticated and user.can_act and _bureau_district_filter(user) is not None


def integrity_records_visible_to(user):
    qs = IntegrityRecord.objects.select_related("person", "unit", "district", "application", "recorded_by")
    if not user.is_authenticated or not user.can_act:
        return qs.none()
    scope = _bureau_district_filter(user)
    if scope is not None:
        return qs.filter(scope)
    if user.role == Role.APPLICANT:
        who = Q(person_id=user.pk)
        if user.id_number:
            who |= Q(id_number=user.id_number)
        return qs.filter(who)
    return qs.none()


def penalties_visible_to(user):
    qs = UnitPenalty.objects.select_related("unit", "department", "suspended_batch", "recorded_by")
    if not user.is_authenticated or not user.can_act:
        return qs.none()
    scope = _bureau_district_filter(user)
    if scope is not None:
        return qs.filter(scope)
    if user.role == Role.UNIT_OFFICER:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return qs.filter(Q(department_id=user.department_id, unit__isnull=True)
                         | Q(unit__department_id=user.department_id))
    return qs.none()


def appeals_visible_to(user):
    """Appellants and reporters see what they filed; a department reviewer the appeals and reports it handles; the
    bureau its district's. Nobody else — in particular not the person a report is about."""
    qs = Appeal.objects.select_related("appellant", "application__applicant", "application__certificate", "unit",
                                       "batch", "department", "district")
    if not user.is_authenticated or not user.can_act:
        return qs.none()
    own = Q(appellant_id=user.pk)
    scope = _bureau_district_filter(user)
    if scope is not None:
        return qs.filter(scope | own)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return qs.filter(Q(department_id=user.department_id) | own)
    return qs.filter(own)


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
    scope = _bureau_district_filter(user)
    if scope is not None and user.can_act:
        return qs.filter(scope).filter(Q(department__isnull=True, status__in=[AppealStatus.FILED,
                                                                               AppealStatus.UNDER_DEPARTMENT_REVIEW])
                                       | Q(status=AppealStatus.ESCALATED))
    return qs.none()


def revocation_requests_visible_to(user):
    qs = RevocationRequest.objects.select_related("application__applicant", "application__unit", "application__batch",
                                                  "requested_by", "appeal")
    if not user.is_authenticated or not user.can_act:
        return qs.none()
    scope = _bureau_district_filter(user)
    if scope is not None:
        return qs.filter(scope)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return qs.filter(application__unit__department_id=user.department_id)
    return qs.none()


def revocable_applications(user):
    """Recognised applications the bureau user may revoke."""
    scope = _bureau_district_filter(user, "batch__district_id")
    if scope is None or not user.can_act:
        return Application.objects.none()
    return Application.objects.filter(scope, status=Status.RECOGNISED).select_related("applicant", "unit", "batch")
