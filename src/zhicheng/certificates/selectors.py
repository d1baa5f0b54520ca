"""Reads of certificates, filtered to what the user may see."""


from zhicheng.accounts.models import Role
from zhicheng.accounts.scope import Scope
from zhicheng.applications.models import Application, Status

from .models import Certificate, IssueJobItem, JobStatus
from .services import certificate_issue_blocked_reason, normalise_number

# The one answer to a lookup that matches nothing: it says nothing about which of number or name was wrong.
MSG_NOT_FOUND = "未找到与该编号和姓名相符的证书。请核对证书编号（含年份和辖区）和姓名后重试。"


def certificate_by_number_and_name(number: str, name: str) -> Certificate | None:
    """The certificate with this number whose holder has this name, or None (public verification, 实名举报).

    The number is accepted as typed (other brackets, spaces); the name must match exactly. Callers charge the
    lookup to ``throttle`` so that neither page can be used to try names against numbers."""
    from zhicheng.core.identity import normalise_name

    name = normalise_name(name)
    if not name:
        return None
    return Certificate.objects.filter(number=normalise_number(number), holder_name=name).first()


def certificates_visible_to(user):
    """The holder; their unit's officers; the unit's department; the issuing district's bureau (admins city-wide)."""
    return Scope.for_actor(user).certificates()


def jobs_visible_to(user):
    return Scope.for_actor(user).issue_jobs()


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
