"""Every way a certificate changes: issuing (one, or many in the background), the applicant's claim, rendering,
revoking, lookups."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.scope import Scope
from zhicheng.accounts.validators import mask_id_number
from zhicheng.applications.models import Application, Status
from zhicheng.audit.services import audit_record
from zhicheng.core.clientip import client_ip
from zhicheng.notifications.services import notify
from zhicheng.ops.background import enqueue
from zhicheng.recommendations.models import LEVEL_LABELS

from . import signing, standard
from .models import Certificate, CertificateStatus, IssueJob, IssueJobItem, JobStatus, VerificationLog
from .pdf import render_certificate_pdf
from .tasks import issue_certificates

logger = logging.getLogger(__name__)

MSG_ISSUE_FAULT = "系统生成证书时出错（已记录，技术人员会处理），请稍后再试。"
MSG_NOT_RECOGNISED = "该申报尚未通过认定（当前状态：{state}），不能签发电子证书。"
MSG_NO_PAPER = "人社局尚未登记收到盖章的纸质考核认定表，收到后方可签发电子证书。"
MSG_ALREADY = "该申报已签发电子证书（{number}）。"
MSG_NOT_BUREAU = "只有申报所在辖区的人社局工作人员可以签发或撤销电子证书。"
MSG_ALREADY_REVOKED = "该证书已于 {date} 撤销。"
MSG_REASON = "请填写撤销原因。"
MSG_NO_APPLICATIONS = "没有可签发证书的申报：需已认定通过、已登记纸质表且尚未签发。"
MSG_CLAIM_NOT_APPLICANT = "只有申报人本人可以申领电子职称证书。"
MSG_CLAIM_NOT_RECOGNISED = "该申报当前状态为“{state}”，认定通过后方可申领电子职称证书。"
MSG_CLAIM_NO_PAPER = ("{bureau}尚未登记收到盖章的纸质考核认定表，暂不能申领电子职称证书。请导出考核认定表，"
                      "用 A4 纸双面打印一式两份，经用人单位及主管部门（无主管部门的除外）签字盖章后，"
                      "交单位经办人统一报送{bureau}盖章（不接受个人自行报送）；人社局登记收到后即可申领。")


def certificate_number(application) -> str:
    """云职初认〔2024〕盘龙0000123: year of recognition, district short name, application id."""
    district = application.batch.district
    short = district.name.removesuffix("区") if len(district.name) > 2 else district.name
    return f"云职初认〔{application.recognised_on.year}〕{short}{application.pk:07d}"


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                           "［": "〔", "］": "〕", "{": "〔", "}": "〕"})


def normalise_number(text: str) -> str:
    """Accept the number typed with other brackets or spaces: 云职初认[2024]盘龙0000123."""
    return re.sub(r"\s+", "", (text or "")).translate(_BRACKETS)[:40]


def _is_bureau_of(actor, district_id) -> bool:
    return Scope.for_actor(actor).is_bureau_of(district_id)


def _is_applicant_of(actor, application) -> bool:
    return (actor is not None and getattr(actor, "is_authenticated", False) and actor.can_act
            and actor.role == Role.APPLICANT and actor.pk == application.applicant_id)


def certificate_issue_blocked_reason(application, *, for_applicant: bool = False) -> str:
    """Why the certificate cannot be issued now ("" when it can): recognised online, then the stamped paper form
    recorded by the bureau, and not issued yet (notice 三（四）). ``for_applicant`` words it for the applicant's
    claim (what to do next) instead of for the bureau."""
    if application.status != Status.RECOGNISED:
        message = MSG_CLAIM_NOT_RECOGNISED if for_applicant else MSG_NOT_RECOGNISED
        return message.format(state=Status(application.status).label)
    if not application.paper_received_on:
        return (MSG_CLAIM_NO_PAPER.format(bureau=application.batch.district.bureau_name) if for_applicant
                else MSG_NO_PAPER)
    existing = Certificate.objects.filter(application=application).values_list("number", flat=True).first()
    if existing:
        return MSG_ALREADY.format(number=existing)
    return ""


def certificate_payload(certificate: Certificate) -> dict:
    """The signed facts. Status is not in here: revocation is checked online on the verification page."""
    return {
        "type": "zhicheng.certificate/1",
        "number": certificate.number,
        "holder_name": certificate.holder_name,
        "id_number_masked": certificate.id_number_masked,
        "series": certificate.series,
        "specialty": certificate.specialty,
        "level": certificate.level,
        "unit_name": certificate.unit_name,
        "recognised_on": certificate.recognised_on.isoformat(),
        "issuing_bureau": certificate.issuing_bureau,
        "issued_on": timezone.localtime(certificate.issued_at).date().isoformat(),
        "key_id": certificate.key_id,
    }


def certificate_issue(*, application, actor, claimed_by=None) -> Certificate:
    """Issue and sign the certificate of a recognised application whose stamped paper form has arrived.

    ``actor`` is the district bureau's staff issuing it (None when the system issues it, as in the demo). When the
    applicant has claimed it (``claimed_by``, see ``certificate_claim``) the system issues it on the bureau's
    behalf: ``actor`` must be None, the staff who recorded the paper form is the issuer of record, and the audit
    row names the claimant and that recorded paper form as the basis.
    """
    district_id = application.batch.district_id
    if claimed_by is not None and actor is not None:
        raise ValueError("a claimed certificate is issued by the system on the bureau's behalf: pass actor=None")
    if actor is not None and not _is_bureau_of(actor, district_id):
        raise PermissionDenied(MSG_NOT_BUREAU)
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("applicant", "unit", "batch__district", "paper_received_by").get(pk=application.pk))
        if claimed_by is not None and not _is_applicant_of(claimed_by, locked):
            raise PermissionDenied(MSG_CLAIM_NOT_APPLICANT)
        reason = certificate_issue_blocked_reason(locked)
        if reason:
            raise ValidationError(reason, code="blocked")
        person = locked.applicant
        district = locked.batch.district
        certificate = Certificate(
            number=certificate_number(locked), application=locked, holder=person,
            holder_name=person.display_name, id_number=person.id_number or "",
            id_number_masked=mask_id_number(person.id_number or ""), series=locked.series,
            specialty=locked.specialty, level=LEVEL_LABELS.get(locked.recognised_level or locked.level, ""),
            unit_name=locked.unit.name, recognised_on=locked.recognised_on, district=district,
            issuing_bureau=district.bureau_name, issued_at=timezone.now(),
            issued_by=locked.paper_received_by if claimed_by is not None else actor, key_id=signing.key_id(),
        )
        certificate.identifier = standard.certificate_identifier(application=locked, district=district)
        certificate.payload = signing.canonical_json(certificate_payload(certificate))
        certificate.signature = signing.sign(certificate.payload)
        certificate.save()
        changes = {"application": locked.pk, "key_id": certificate.key_id}
        comment = certificate.number
        if claimed_by is not None:
            changes.update(_claim_basis(locked), claimed_by=claimed_by.pk, claimed_by_name=claimed_by.display_name)
            comment = f"{certificate.number}（{claimed_by.display_name}申领；{_paper_basis_text(locked)}）"
        audit_record(actor=actor, action="certificate.issue", obj=certificate, district_id=district.pk,
                     to_state=CertificateStatus.VALID, comment=comment, changes=changes,
                     now=certificate.issued_at)
        notify(users=[person], title="电子职称证书已签发",
               body=f"您的{certificate.series}系列{certificate.level}职称电子证书（{certificate.number}）已签发，可在“我的证书”下载。",
               link=reverse("certificates:mine"))
    return certificate


def certificate_render_pdf(*, certificate) -> Certificate:
    """Render the certificate PDF, signed by the issuing bureau, and store it through the storage API (replacing an
    earlier rendering). A revoked certificate's PDF is drawn with the 已撤销 mark and its date."""
    revoked = not certificate.is_valid
    data = render_certificate_pdf(certificate, revoked=revoked)
    old = certificate.pdf.name if certificate.pdf else ""
    suffix = "-revoked" if revoked else ""
    certificate.pdf.save(f"{certificate.application_id}-{certificate.key_id}{suffix}.pdf", ContentFile(data),
                         save=False)
    certificate.pdf_revoked = revoked
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name, pdf_revoked=revoked)
    if old and old != certificate.pdf.name:
        certificate.pdf.storage.delete(old)
    return certificate


def certificate_pdf_bytes(*, certificate) -> bytes:
    """The PDF to hand out: rendered on first download, and again once after revocation (with the mark)."""
    if not certificate.pdf or certificate.pdf_revoked != (not certificate.is_valid):
        certificate_render_pdf(certificate=certificate)
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def issuable_applications(actor):
    """Recognised applications of the actor's district with paper forms received and no certificate yet."""
    bureau = Scope.for_actor(actor).district_q("batch__district_id")
    if bureau is None:
        return Application.objects.none()
    return Application.objects.filter(bureau, status=Status.RECOGNISED, paper_received_on__isnull=False,
                                      certificate__isnull=True)


def certificate_issue_start(*, applications, actor) -> IssueJob:
    """Queue a background job issuing the certificates of these applications; returns the job to follow."""
    ids = list(issuable_applications(actor).filter(pk__in=[a.pk if hasattr(a, "pk") else a for a in applications])
               .values_list("pk", flat=True))
    if not ids:
        raise ValidationError(MSG_NO_APPLICATIONS, code="none")
    with transaction.atomic():
        job = IssueJob.objects.create(created_by=actor, total=len(ids))
        IssueJobItem.objects.bulk_create([IssueJobItem(job=job, application_id=pk) for pk in ids])
        audit_record(actor=actor, action="certificate.issue_start", obj=job, district_id=actor.district_id,
                     comment=f"{len(ids)} 份", changes={"applications": ids[:50], "total": len(ids)})
        transaction.on_commit(lambda: enqueue(issue_certificates, ids, actor_id=actor.pk, job_id=job.pk))
    return job


def _claim_basis(application) -> dict:
    clerk = application.paper_received_by
    return {"paper_received_on": application.paper_received_on, "paper_received_by": clerk.pk if clerk else None,
            "paper_received_by_name": clerk.display_name if clerk else ""}


def _paper_basis_text(application) -> str:
    clerk = application.paper_received_by
    who = clerk.display_name if clerk else "人社局"
    return f"依据{who}于{application.paper_received_on:%Y年%-m月%-d日}登记收到的盖章纸质考核认定表"


# A one-certificate job takes seconds; one still unfinished after this long lost its worker (a crash past
# the broker's redelivery), and claiming again starts a new one instead of waiting on it for ever.
CLAIM_STALE_AFTER = dt.timedelta(minutes=15)


def _unfinished_item(application):
    return (IssueJobItem.objects.filter(application=application, status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
                                        job__created_at__gte=timezone.now() - CLAIM_STALE_AFTER)
            .select_related("job").order_by("-id").first())


def certificate_claim(*, application, actor) -> IssueJob:
    """The applicant claims the e-certificate once the bureau has recorded the stamped paper form (notice 三（四）).

    Queues a one-item job that issues and renders it in the background on the bureau's behalf (the issuer of
    record is the staff who recorded the paper form): the request returns at once, also in the embedded set-up
    (``ops.background``), and the applicant's page shows the job's progress. Claiming again while a job for this
    application is queued or running returns that job instead of starting another (a double click makes one).
    """
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("batch__district", "paper_received_by").get(pk=application.pk))
        if not _is_applicant_of(actor, locked):
            raise PermissionDenied(MSG_CLAIM_NOT_APPLICANT)
        reason = certificate_issue_blocked_reason(locked, for_applicant=True)
        if reason:
            raise ValidationError(reason, code="blocked")
        unfinished = _unfinished_item(locked)
        if unfinished is not None:
            return unfinished.job
        job = IssueJob.objects.create(created_by=actor, total=1)
        IssueJobItem.objects.create(job=job, application=locked)
        audit_record(actor=actor, action="certificate.claim", obj=locked, district_id=locked.batch.district_id,
                     from_state=locked.status, to_state=locked.status, comment=_paper_basis_text(locked),
                     changes={"job": job.pk, **_claim_basis(locked)})
        transaction.on_commit(lambda: enqueue(issue_certificates, [locked.pk], claimed_by_id=actor.pk, job_id=job.pk))
    return job


def run_issue_job(*, job: IssueJob, actor, claimed_by=None) -> IssueJob:
    """Issue and render each item of a job, recording progress as it goes (one failure does not stop the rest).
    A claim's job runs with ``actor=None`` and ``claimed_by`` the applicant (see ``certificate_issue``)."""
    IssueJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    for item in job.items.select_related("application__batch__district").order_by("id"):
        if item.status == JobStatus.DONE:
            continue
        IssueJobItem.objects.filter(pk=item.pk).update(status=JobStatus.RUNNING)
        try:
            certificate = certificate_issue(application=item.application, actor=actor, claimed_by=claimed_by)
            certificate_render_pdf(certificate=certificate)
        except (ValidationError, PermissionDenied) as exc:
            message = "；".join(getattr(exc, "messages", None) or [str(exc)])
            IssueJobItem.objects.filter(pk=item.pk).update(status=JobStatus.FAILED, error=message)
            IssueJob.objects.filter(pk=job.pk).update(failed=F("failed") + 1)
            continue
        except Exception:  # a fault of ours (storage, signing key): say so and let the person try again
            logger.exception("issuing the certificate of application %s failed", item.application_id)
            IssueJobItem.objects.filter(pk=item.pk).update(status=JobStatus.FAILED, error=MSG_ISSUE_FAULT)
            IssueJob.objects.filter(pk=job.pk).update(failed=F("failed") + 1)
            continue
        IssueJobItem.objects.filter(pk=item.pk).update(status=JobStatus.DONE, error="")
        IssueJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    job.refresh_from_db()
    job.status = JobStatus.FAILED if job.failed and not job.done else JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


def certificate_revoke(*, certificate, actor, reason: str) -> Certificate:
    """Revoke a certificate (called by supervision when a title is revoked); the holder and unit are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(MSG_REASON, code="reason")
    if not _is_bureau_of(actor, certificate.district_id):
        raise PermissionDenied(MSG_NOT_BUREAU)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update(of=("self",)).select_related("application__unit").get(pk=certificate.pk)
        if locked.status == CertificateStatus.REVOKED:
            raise ValidationError(MSG_ALREADY_REVOKED.format(date=timezone.localtime(locked.revoked_at)
                                                             .strftime("%Y年%m月%d日")), code="revoked")
        locked.status = CertificateStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.revoke_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
        audit_record(actor=actor, action="certificate.revoke", obj=locked, district_id=locked.district_id,
                     from_state=CertificateStatus.VALID, to_state=CertificateStatus.REVOKED, comment=reason,
                     now=locked.revoked_at)
        officers = User.objects.filter(role=Role.UNIT_OFFICER, unit_id=locked.application.unit_id, is_active=True)
        body = f"证书 {locked.number}（{locked.holder_name}，{locked.series}{locked.level}）已被撤销。原因：{reason}"
        # Each recipient's link opens a page they may see: the holder's certificates, the unit's case page.
        notify(users=[locked.holder], title="电子职称证书已撤销", body=body, link=reverse("certificates:mine"))
        notify(users=list(officers), title="电子职称证书已撤销", body=body,
               link=reverse("applications:review", args=[locked.application_id]))
    certificate.refresh_from_db()
    return certificate


def verification_log(*, certificate, method: str, request=None) -> VerificationLog:
    user = getattr(request, "user", None) if request is not None else None
    return VerificationLog.objects.create(
        certificate=certificate, method=method,
        ip=(client_ip(request) or None) if request is not None else None,
        user=user if user is not None and user.is_authenticated else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:200] if request is not None else ""),
    )


MSG_PDF_ONLY = "请上传 PDF 格式的电子职称证书（从本平台下载的原始文件）。"


def certificate_check_upload(*, uploaded, request=None):
    """Check an uploaded certificate PDF: first the platform's upload checks (size, truncation, hostile structure;
    ``documents.uploads``), then the signature and the records (``verification``). A certificate found valid is
    logged as looked up, as the other ways of verifying are."""
    from zhicheng.documents.uploads import PDF, validate_upload

    from .models import VerificationMethod
    from .verification import check_certificate_pdf

    if validate_upload(uploaded).content_type != PDF:
        raise ValidationError(MSG_PDF_ONLY, code="not_pdf")
    uploaded.seek(0)
    check = check_certificate_pdf(uploaded.read())
    if check.certificate is not None and check.signature_valid:
        verification_log(certificate=check.certificate, method=VerificationMethod.PDF, request=request)
    return check
