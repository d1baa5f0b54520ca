"""Every way an account is created or changes."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.core.identity import normalise_name, validate_person_name
from zhicheng.notifications.services import notify
from zhicheng.orgs.models import Unit
from zhicheng.orgs.validators import normalise_uscc

from .models import Role, User
from .validators import mask_email, mask_phone, normalise_id_number, parse_id_number

MSG_ID_TAKEN = "该身份证号码已注册账号，请直接登录；如忘记密码请联系单位经办人或人社局。"
MSG_USERNAME_TAKEN = "该用户名已被使用，请换一个。"
MSG_NOT_PENDING = "该账号不是待审核的单位经办人账号。"
MSG_OTHER_DISTRICT = "只能审核本辖区单位的经办人账号。"


@dataclass(frozen=True)
class UnitDetails:
    name: str
    uscc: str
    kind: str
    district_id: int
    department_id: int | None = None
    affiliation: str = "district"
    is_labour_dispatch: bool = False
    is_out_of_province_branch: bool = False
    parent_company_name: str = ""
    legal_representative: str = ""
    address: str = ""
    contact_phone: str = ""


def _check_username(username: str) -> None:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": MSG_USERNAME_TAKEN})


@transaction.atomic
def applicant_register(*, username: str, password: str, real_name: str, id_number: str,
                       phone: str = "", email: str = "") -> User:
    id_number, real_name = normalise_id_number(id_number), normalise_name(real_name)
    parse_id_number(id_number)
    try:
        validate_person_name(real_name)
    except ValidationError as exc:
        raise ValidationError({"real_name": exc.messages}) from None
    _check_username(username)
    if User.objects.filter(id_number=id_number).exists():
        raise ValidationError({"id_number": MSG_ID_TAKEN})
    user = User(username=username, real_name=real_name, id_number=id_number, phone=phone, email=email,
                role=Role.APPLICANT)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=user, action="account.register_applicant", obj=user)
    return user


@transaction.atomic
def unit_officer_register(*, username: str, password: str, real_name: str, phone: str, email: str,
                          unit: UnitDetails) -> User:
    """A unit creates its officer account (and the unit if new); the district bureau approves it."""
    _check_username(username)
    real_name = normalise_name(real_name)
    try:
        validate_person_name(real_name)
    except ValidationError as exc:
        raise ValidationError({"real_name": exc.messages}) from None
    uscc = normalise_uscc(unit.uscc)
    existing = Unit.objects.filter(uscc=uscc).first()
    if existing is None:
        existing = Unit(**{**unit.__dict__, "uscc": uscc})
        existing.full_clean()
        existing.save()
    user = User(username=username, real_name=real_name, phone=phone, email=email,
                role=Role.UNIT_OFFICER, unit=existing, is_approved=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=user, action="account.register_unit_officer", obj=user, district_id=existing.district_id,
                 changes={"unit": existing.name})
    bureau = User.objects.filter(role=Role.BUREAU_REVIEWER, district_id=existing.district_id, is_active=True)
    notify(users=bureau, title=f"单位经办人账号待审核：{existing.name}", link="/accounts/pending/")
    return user


def pending_officers_for(actor):
    """Unit officer accounts waiting for this bureau reviewer's district."""
    return (User.objects.filter(role=Role.UNIT_OFFICER, is_approved=False, is_active=True,
                                unit__district_id=actor.district_id)
            .select_related("unit").order_by("date_joined"))


@transaction.atomic
def unit_officer_approve(*, officer_id: int, actor: User) -> User:
    if actor.role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
        raise PermissionDenied(MSG_OTHER_DISTRICT)
    officer = (User.objects.select_for_update(of=("self",)).select_related("unit")
               .filter(pk=officer_id, role=Role.UNIT_OFFICER).first())
    if officer is None or (actor.district_id and officer.unit.district_id != actor.district_id):
        raise PermissionDenied(MSG_OTHER_DISTRICT)
    if officer.is_approved:
        raise ValidationError(MSG_NOT_PENDING)
    officer.is_approved = True
    officer.approved_at = timezone.now()
    officer.approved_by = actor
    officer.save(update_fields=["is_approved", "approved_at", "approved_by"])
    audit_record(actor=actor, action="account.approve_unit_officer", obj=officer,
                 district_id=officer.unit.district_id, from_state="pending", to_state="approved",
                 now=officer.approved_at)
    notify(users=[officer], title="您的单位经办人账号已审核通过", body="现在可以登录办理考核推荐和单位审核。", link="/")
    return officer


MSG_BAD_PHONE = "手机号码应为 11 位数字，以 1 开头，例如 13800001234。"


def profile_update(*, user, actor, email: str, phone: str, now=None) -> User:
    """个人信息: the person's own contact details, which e-mail notices and reviewers use. Audited with what changed."""
    email, phone = (email or "").strip(), (phone or "").strip().replace(" ", "").replace("-", "")
    if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        raise ValidationError({"phone": MSG_BAD_PHONE})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if actor.pk != locked.pk:
            raise PermissionDenied("只能修改本人的个人信息。")
        # The trail says that and roughly what changed, never the whole address or number: everyone who reads
        # the audit page would otherwise have every person's contact details.
        changes = {name: {"from": mask(getattr(locked, name)), "to": mask(value)}
                   for name, value, mask in (("email", email, mask_email), ("phone", phone, mask_phone))
                   if getattr(locked, name) != value}
        if changes:
            locked.email, locked.phone = email, phone
            locked.save(update_fields=["email", "phone"])
            audit_record(actor=actor, action="account.profile_update", obj=locked, changes=changes,
                         district_id=locked.district_id, now=now)
    return locked


def password_changed(*, user, now=None) -> None:
    """Record a password change (Django's PasswordChangeView has saved it) as a security event."""
    with transaction.atomic():
        audit_record(actor=user, action="account.password_change", obj=user, district_id=user.district_id,
                     is_security_event=True, now=now)
