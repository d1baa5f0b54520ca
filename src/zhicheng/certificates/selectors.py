"""Reads of certificates, filtered to what the user may see."""

from django.db.models import Q

from zhicheng.accounts.models import Role

from .models import Certificate, IssueJob, IssueJobItem, JobStatus


def certificates_visible_to(user):
    """The holder; their unit's officers; the issuing district's bureau (admins city-wide)."""
    if not getattr(user, "is_authenticated", False) or not user.can_act:
        return Certificate.objects.none()
    if user.role == Role.APPLICANT:
        return Certificate.objects.filter(holder=user)
    if user.role == Role.UNIT_OFFICER:
        return Certificate.objects.filter(application__unit_id=user.unit_id)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return Certificate.objects.filter(application__unit__department_id=user.department_id)
    if user.role == Role.ADMIN and user.district_id is None:
        return Certificate.objects.all()
    if user.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
        return Certificate.objects.filter(district_id=user.district_id)
    return Certificate.objects.none()


def jobs_visible_to(user):
    if not getattr(user, "is_authenticated", False) or user.role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
        return IssueJob.objects.none()
    if user.role == Role.ADMIN and user.district_id is None:
        return IssueJob.objects.all()
    return IssueJob.objects.filter(Q(created_by=user) | Q(created_by__district_id=user.district_id))


def pending_items_for(user):
    """Certificates of this person still being generated (shown as progress on their pages)."""
    return (IssueJobItem.objects.filter(application__applicant=user,
                                        status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED])
            .exclude(application__certificate__isnull=False).select_related("application", "job"))


def certificate_state(application) -> dict:
    """Progress of an application's certificate: none / queued / running / done / failed."""
    certificate = Certificate.objects.filter(application=application).first()
    if certificate is not None:
        return {"state": "done", "label": "已签发" if certificate.is_valid else "已撤销",
                "number": certificate.number, "status": certificate.status, "certificate_id": certificate.pk}
    item = IssueJobItem.objects.filter(application=application).order_by("-id").first()
    if item is None:
        return {"state": "none", "label": "尚未签发", "number": "", "status": "", "certificate_id": None}
    return {"state": item.status, "label": JobStatus(item.status).label, "number": "", "status": "",
            "certificate_id": None, "error": item.error}
