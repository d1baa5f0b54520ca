"""Electronic seals on the 考核认定表 (batches whose bureau chose 电子签章).

After recognition the form is drawn once (``recognition_pdf``) with empty signature fields at the seal places of
section 十一; the unit, the department (none when the unit has none) and the bureau sign it in that order, each with
one click after re-entering its password. Each signature is a PAdES signature with the organisation's key
(``zhicheng.signing``), appended as an incremental update, so every earlier signature stays valid and shows what
was signed when. The bureau's signature completes the form and takes the place of 登记纸质认定表: the applicant
can claim the e-certificate straight away.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit.services import audit_record
from zhicheng.batches.models import Stamping
from zhicheng.notifications.services import notify

from .models import Application, SignedForm, Status

FIELDS = {"unit": "UnitSeal", "department": "DepartmentSeal", "bureau": "BureauSeal"}
LABELS = {"unit": "用人单位", "department": "主管部门", "bureau": "区人社局"}
ROLES = {"unit": Role.UNIT_OFFICER, "department": Role.DEPARTMENT_REVIEWER, "bureau": Role.BUREAU_REVIEWER}

MSG_PAPER_BATCH = "本批次采用纸质盖章：请导出考核认定表打印盖章，由单位经办人报送人社局。"
MSG_NOT_RECOGNISED = "该申报尚未认定通过（当前状态：{state}），不能签章。"
MSG_DONE = "考核认定表已完成电子签章（人社局于 {when} 签章）。"
MSG_WAITING = "现在等待{party}签章，您暂不能签章。"
MSG_NOT_PARTY = "只有{party}（{name}）的工作人员可以在此签章。"
MSG_PASSWORD = "密码不正确，未签章。请重新输入您的登录密码。"


def _organisation(app, party):
    return {"unit": app.unit, "department": app.unit.department, "bureau": app.batch.district}[party]


def _org_name(org) -> str:
    return getattr(org, "bureau_name", None) or org.name


def _needs_department(app) -> bool:
    from .recognition import recognition_context

    return not recognition_context(app)["no_department"]


def _is_party(actor, app, party) -> bool:
    if not getattr(actor, "is_authenticated", False) or not actor.can_act or actor.role != ROLES[party]:
        return False
    if party == "unit":
        return actor.unit_id == app.unit_id
    if party == "department":
        return actor.department_id is not None and actor.department_id == app.unit.department_id
    return actor.district_id == app.batch.district_id


def sign_blocked_reasons(app, form: SignedForm | None, actor) -> list[str]:
    """Why this person may not sign the form now (empty: they may)."""
    if app.batch.stamping != Stamping.ELECTRONIC:
        return [MSG_PAPER_BATCH]
    if app.status != Status.RECOGNISED:
        return [MSG_NOT_RECOGNISED.format(state=Status(app.status).label)]
    parties = (form.parties if form else (["unit", "department", "bureau"] if _needs_department(app)
                                          else ["unit", "bureau"]))
    party = form.next_party if form else parties[0]
    if party is None:
        return [MSG_DONE.format(when=f"{timezone.localtime(form.bureau_signed_at):%Y年%-m月%-d日 %H:%M}")]
    if _is_party(actor, app, party):
        return []
    for other in parties:
        if other != party and _is_party(actor, app, other):
            return [MSG_WAITING.format(party=LABELS[party])]
    return [MSG_NOT_PARTY.format(party=LABELS[party], name=_org_name(_organisation(app, party)))]


def _draw(app) -> tuple[bytes, bool]:
    from .recognition import recognition_context
    from .recognition_pdf import draw_recognition_form, form_content

    context = recognition_context(app)
    needs_department = not context["no_department"]
    fields = [FIELDS[p] if p != "department" or needs_department else None for p in ("unit", "department", "bureau")]
    return draw_recognition_form(form_content(context), signature_fields=fields), needs_department


def seal(app, data: bytes, party: str):
    """The form ``data`` with ``party``'s signature added (an incremental update); returns (PDF, key used)."""
    from zhicheng.signing.pdf import sign_pdf
    from zhicheng.signing.services import active_key

    from .recognition_pdf import seal_pdf

    org = _organisation(app, party)
    key = active_key(org)
    district = app.batch.district
    signed = sign_pdf(data, key_row=key, field_name=FIELDS[party], appearance=seal_pdf(_org_name(org)),
                      reason=f"{LABELS[party]}审核盖章", location=f"{district.city}{district.name}")
    return signed, key


def draw_unsigned(app) -> tuple[bytes, bool]:
    return _draw(app)


def form_sign(*, application, actor, password: str, now=None) -> SignedForm:
    """One party's electronic seal on the form: lock the case, check the guards and the password, sign with the
    organisation's key, audit, and tell the next party (or the applicant, once the bureau has signed)."""
    now = now or timezone.now()
    with transaction.atomic():
        app = (Application.objects.select_for_update(of=("self",))
               .select_related("batch__district", "unit__department", "applicant").get(pk=application.pk))
        form = SignedForm.objects.select_for_update().filter(application=app).first()
        reasons = sign_blocked_reasons(app, form, actor)
        if reasons:
            raise ValidationError(reasons, code="blocked")
        if not password or not actor.check_password(password):
            raise ValidationError(MSG_PASSWORD, code="password")
        if form is None:
            data, needs_department = _draw(app)
            form = SignedForm(application=app, needs_department=needs_department, created_at=now)
        else:
            with form.pdf.open("rb") as handle:
                data = handle.read()
        party = form.next_party
        org = _organisation(app, party)
        district = app.batch.district
        signed, key = seal(app, data, party)
        old = form.pdf.name if form.pdf else ""
        form.pdf.save(f"{app.pk}-{party}.pdf", ContentFile(signed), save=False)
        setattr(form, f"{party}_signed_at", now)
        setattr(form, f"{party}_signed_by", actor)
        form.save()
        if old and old != form.pdf.name:
            form.pdf.storage.delete(old)
        audit_record(actor=actor, action="application.form_sign", obj=app, district_id=district.pk,
                     from_state=app.status, to_state=app.status, comment=f"{LABELS[party]}电子签章：{_org_name(org)}",
                     changes={"party": party, "key_serial": key.serial, "key_fingerprint": key.fingerprint})
        link = reverse("applications:signed_form", args=[app.pk])
        following = form.next_party
        if following is None:
            # The bureau's seal completes the form: it stands for the stamped paper form received (notice 三（四）).
            app.paper_received_on = timezone.localtime(now).date()
            app.paper_received_by = actor
            app.save(update_fields=["paper_received_on", "paper_received_by", "updated_at"])
            notify(users=[app.applicant], title="考核认定表已完成电子签章",
                   body="单位、主管部门和人社局已完成电子签章，您现在可以申领电子职称证书。",
                   link=reverse("applications:detail", args=[app.pk]))
        else:
            nxt = _organisation(app, following)
            users = User.objects.filter(role=ROLES[following], is_active=True,
                                        **{"unit": {"unit_id": app.unit_id},
                                           "department": {"department_id": app.unit.department_id},
                                           "bureau": {"district_id": district.pk}}[following])
            notify(users=list(users), title="考核认定表待电子签章",
                   body=f"{app.applicant.display_name}的考核认定表已由{LABELS[party]}签章，请{_org_name(nxt)}签章。",
                   link=link)
    return form
