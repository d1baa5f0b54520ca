"""Reads of certificates, filtered to what the user may see."""

from django.db.models import Q

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Status

from .models import Certificate, IssueJob, IssueJobItem, JobStatus
from .services import certificate_issue_blocked_reason, normalise_number

# The one answer to a lookup that matches nothing: it says nothing about which of number or name was wrong.
MSG_NOT_FOUND = "未找到与该编号和姓名相符的证书。请核对证书编号（含年份和辖区）和姓名后重试。"


def certificate_by_number_and_name(number: str, name: str) -> Certificate | None:
    """The certificate with this number whose holder has this name, or None (public verification, 实名举报).

    The number is accepted as typed (other brackets, spaces); the name must match exactly. Callers charge the
    lookup to ``throttle`` so that neither page can be used to try names against numbers."""
    name = (name or "").strip()
    if not name:
        return None
    return Certificate.objects.filter(number=normalise_number(number), holder_name=name).first()


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


def applications_of_applicant(user):
    """The applicant's own applications (the only ones they may claim a certificate for); nobody else's."""
    if not getattr(user, "is_authenticated", False) or not user.can_act or user.role != Role.APPLICANT:
        return Application.objects.none()
    return Application.objects.filter(applicant=user).select_related("batch__district", "paper_received_by")


def certificate_claim_state(application) -> dict:
    """What the applicant's pages show about the e-certificate of a recognised application:
    ``done`` (with the certificate), ``queued``/``running`` (being generated), ``claimable`` (with the error of an
    earlier failed attempt, if any) or ``blocked`` (with the reason, e.g. the paper form has not reached the bureau)."""
    certificate = Certificate.objects.filter(application=application).first()
    if certificate is not None:
        return {"state": "done", "certificate": certificate}
    item = IssueJobItem.objects.filter(application=application).order_by("-id").first()
    if item is not None and item.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return {"state": item.status, "label": JobStatus(item.status).label}
    reason = certificate_issue_blocked_reason(application, for_applicant=True)
    return {"state": "blocked" if reason else "claimable", "reason": reason,
            "error": item.error if item is not None and item.status == JobStatus.FAILED else ""}


def certificate_claims_for(user) -> list[dict]:
    """The applicant's recognised applications still without a certificate, each with its claim state (我的证书)."""
    applications = (applications_of_applicant(user).filter(status=Status.RECOGNISED, certificate__isnull=True)
                    .order_by("-recognised_on", "-pk"))
    return [{"app": application, **certificate_claim_state(application)} for application in applications]
