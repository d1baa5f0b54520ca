"""Every way the signing keys change: the installation's CA, issuing/rotating/importing/revoking an
organisation's certificate. Each change is one transaction with its audit row (``signing.*`` actions)."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.orgs.models import Department, District, Unit

from . import keystore
from .models import AuthorityKind, CertificateAuthority, KeyStatus, OrgKind, SigningKey

MSG_CA_EXISTS = "本系统的根 CA 已存在（{name}，指纹 {fp}），无需再次创建。"
MSG_NO_CA = "尚未创建本系统的根 CA：请先运行 zhicheng signing init-ca，或导入外部 CA 签发的机构证书。"
MSG_BAD_CERT = "无法读取证书：需要 PEM 格式的 X.509 证书。"
MSG_BAD_KEY = "无法读取私钥：需要 PEM 格式的私钥（加密的请提供口令），且须与证书匹配。"
MSG_UNTRUSTED = "该证书不是由本系统信任的 CA 签发的：请先用 zhicheng signing import-ca 导入其根证书。"
MSG_REASON = "请填写吊销原因。"
MSG_NOT_ACTIVE = "该证书当前状态为“{state}”，不能吊销。"
MSG_KEY_MISMATCH = "私钥与证书不匹配。"
MSG_ORG = "不支持的机构类型。"


def org_kind(org) -> str:
    if isinstance(org, District):
        return OrgKind.BUREAU
    if isinstance(org, Department):
        return OrgKind.DEPARTMENT
    if isinstance(org, Unit):
        return OrgKind.UNIT
    raise ValueError(MSG_ORG)


def org_name(org) -> str:
    return org.bureau_name if isinstance(org, District) else org.name


def _org_filter(org) -> dict:
    return {{OrgKind.BUREAU: "district", OrgKind.DEPARTMENT: "department", OrgKind.UNIT: "unit"}[org_kind(org)]: org}


def _org_district_id(org):
    return org.pk if isinstance(org, District) else org.district_id


def _subject(org) -> dict:
    if isinstance(org, District):
        return {"common_name": org.bureau_name, "locality": f"{org.city}{org.name}"}
    if isinstance(org, Department):
        return {"common_name": org.name, "locality": f"{org.district.city}{org.district.name}"}
    return {"common_name": org.name, "locality": f"{org.district.city}{org.district.name}", "serial": org.uscc}


def own_ca() -> CertificateAuthority | None:
    return CertificateAuthority.objects.filter(kind=AuthorityKind.OWN, is_active=True).order_by("-id").first()


def trust_anchor_certificates():
    """Every CA certificate the platform trusts (its own and the imported ones)."""
    return [keystore.load_certificate(pem) for pem in CertificateAuthority.objects.values_list("certificate_pem",
                                                                                             flat=True)]


def trust_anchors_pem() -> str:
    """The trusted CA certificates as one PEM text (what a PDF reader imports to validate our signatures)."""
    pems = CertificateAuthority.objects.order_by("id").values_list("certificate_pem", flat=True)
    return "".join(pem.strip() + "\n" for pem in pems)


def ca_init(*, name: str = "", actor=None, now=None) -> CertificateAuthority:
    """Create the installation's root CA (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        existing = CertificateAuthority.objects.select_for_update().filter(kind=AuthorityKind.OWN,
                                                                           is_active=True).first()
        if existing is not None:
            raise ValidationError(MSG_CA_EXISTS.format(name=existing.name, fp=existing.fingerprint[:16]),
                                  code="exists")
        name = name or getattr(settings, "SIGNING_CA_NAME", "") or "初级职称考核认定平台根 CA"
        key, cert = keystore.make_ca(name, now=now)
        ca = CertificateAuthority.objects.create(
            kind=AuthorityKind.OWN, name=name, certificate_pem=keystore.certificate_pem(cert),
            encrypted_key=keystore.encrypt_key(key), fingerprint=keystore.fingerprint(cert), created_at=now)
        audit_record(actor=actor, action="signing.ca_init", obj=ca, comment=name,
                     changes={"fingerprint": ca.fingerprint, "not_after": cert.not_valid_after_utc.isoformat()}, now=now)
    return ca


def ca_import(*, certificate_pem: str, actor=None) -> CertificateAuthority:
    """Trust an external CA's root certificate (no private key), for importing organisations' certificates."""
    try:
        cert = keystore.load_certificate(certificate_pem)
    except ValueError:
        raise ValidationError(MSG_BAD_CERT, code="cert") from None
    fp = keystore.fingerprint(cert)
    with transaction.atomic():
        ca = CertificateAuthority.objects.filter(fingerprint=fp).first()
        if ca is not None:
            return ca
        ca = CertificateAuthority.objects.create(kind=AuthorityKind.EXTERNAL, name=keystore.subject_name(cert),
                                                 certificate_pem=keystore.certificate_pem(cert), fingerprint=fp,
                                                 is_active=False)
        audit_record(actor=actor, action="signing.ca_import", obj=ca, comment=ca.name, changes={"fingerprint": fp})
    return ca


def _retire_active(org, *, now, status=KeyStatus.RETIRED) -> SigningKey | None:
    old = SigningKey.objects.select_for_update().filter(status=KeyStatus.ACTIVE, **_org_filter(org)).first()
    if old is not None:
        old.status, old.retired_at = status, now
        old.save(update_fields=["status", "retired_at"])
        keystore.forget_signer(old.pk)
    return old


def _audit_key(key: SigningKey, *, actor, action: str, old: SigningKey | None, comment: str = "", now=None) -> None:
    audit_record(actor=actor, action=action, obj=key, district_id=_org_district_id(key.organisation), now=now,
                 from_state=old.status if old else "", to_state=key.status, comment=comment or key.subject_name,
                 changes={"org_kind": key.org_kind, "serial": key.serial, "fingerprint": key.fingerprint,
                          "not_after": key.not_after.isoformat(), "replaces": old.serial if old else None})


def key_issue(*, org, actor=None, now=None) -> SigningKey:
    """Issue this organisation a new signing certificate from the installation's CA; an active one is retired
    (rotation). Signatures made with the old key stay valid: its certificate is kept and still chains to the CA."""
    now = now or timezone.now()
    kind = org_kind(org)
    with transaction.atomic():
        ca = CertificateAuthority.objects.select_for_update().filter(kind=AuthorityKind.OWN, is_active=True).first()
        if ca is None:
            raise ValidationError(MSG_NO_CA, code="no_ca")
        ca_cert = keystore.load_certificate(ca.certificate_pem)
        private, cert = keystore.issue_certificate(ca_key=keystore.decrypt_key(ca.encrypted_key), ca_cert=ca_cert,
                                                   now=now, **_subject(org))
        old = _retire_active(org, now=now)
        key = SigningKey.objects.create(
            org_kind=kind, **_org_filter(org), subject_name=org_name(org), serial=f"{cert.serial_number:x}",
            fingerprint=keystore.fingerprint(cert), certificate_pem=keystore.certificate_pem(cert),
            chain_pem=ca.certificate_pem, encrypted_key=keystore.encrypt_key(private), authority=ca,
            not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc, created_at=now,
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        _audit_key(key, actor=actor, action="signing.key_rotate" if old else "signing.key_issue", old=old, now=now)
    return key


def key_import(*, org, certificate_pem: str, private_key_pem: str, password: str = "", chain_pem: str = "",
               actor=None, now=None) -> SigningKey:
    """Use a certificate issued by an external CA (whose root was imported with ``ca_import``) for this
    organisation; its private key is re-encrypted under the platform's passphrase."""
    now = now or timezone.now()
    kind = org_kind(org)
    try:
        cert = keystore.load_certificate(certificate_pem)
        chain = keystore.load_certificates(chain_pem)
    except ValueError:
        raise ValidationError(MSG_BAD_CERT, code="cert") from None
    try:
        private = serialization.load_pem_private_key(private_key_pem.encode(), password=password.encode() or None)
    except (ValueError, TypeError):
        raise ValidationError(MSG_BAD_KEY, code="key") from None
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if (private.public_key().public_bytes(serialization.Encoding.DER, public)
            != cert.public_key().public_bytes(serialization.Encoding.DER, public)):
        raise ValidationError(MSG_KEY_MISMATCH, code="mismatch")
    with transaction.atomic():
        path = [cert, *chain]
        linked = all(keystore.check_issued_by(path[i], path[i + 1]) for i in range(len(path) - 1))
        authority = None
        for ca in CertificateAuthority.objects.all() if linked else ():
            ca_cert = keystore.load_certificate(ca.certificate_pem)
            if path[-1] == ca_cert or keystore.check_issued_by(path[-1], ca_cert):
                authority = ca
                break
        if authority is None:
            raise ValidationError(MSG_UNTRUSTED, code="untrusted")
        old = _retire_active(org, now=now)
        key = SigningKey.objects.create(
            org_kind=kind, **_org_filter(org), subject_name=org_name(org), serial=f"{cert.serial_number:x}",
            fingerprint=keystore.fingerprint(cert), certificate_pem=keystore.certificate_pem(cert),
            chain_pem="".join(keystore.certificate_pem(c) for c in chain) or authority.certificate_pem,
            encrypted_key=keystore.encrypt_key(private), authority=authority,
            not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc, created_at=now,
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        _audit_key(key, actor=actor, action="signing.key_import", old=old, now=now)
    return key


def key_revoke(*, key: SigningKey, reason: str, actor=None, now=None) -> SigningKey:
    """Revoke a signing certificate (a key thought compromised): it signs nothing more, and verification reports
    every signature made with it as made with a revoked certificate."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(MSG_REASON, code="reason")
    now = now or timezone.now()
    with transaction.atomic():
        locked = SigningKey.objects.select_for_update().get(pk=key.pk)
        if locked.status == KeyStatus.REVOKED:
            raise ValidationError(MSG_NOT_ACTIVE.format(state=locked.get_status_display()), code="revoked")
        before = locked.status
        locked.status, locked.retired_at, locked.revoke_reason = KeyStatus.REVOKED, now, reason
        locked.save(update_fields=["status", "retired_at", "revoke_reason"])
        keystore.forget_signer(locked.pk)
        audit_record(actor=actor, action="signing.key_revoke", obj=locked,
                     district_id=_org_district_id(locked.organisation), from_state=before,
                     to_state=KeyStatus.REVOKED, comment=reason,
                     changes={"serial": locked.serial, "fingerprint": locked.fingerprint}, now=now)
    return locked


def all_organisations():
    yield from District.objects.order_by("id")
    yield from Department.objects.select_related("district").order_by("id")
    yield from Unit.objects.select_related("district").order_by("id")


def keys_issue_all(*, actor=None, rotate: bool = False, now=None) -> list[SigningKey]:
    """Issue a certificate to every bureau, department and unit that has none (``rotate``: to every one)."""
    have = set() if rotate else {
        (k.org_kind, k.district_id or k.department_id or k.unit_id)
        for k in SigningKey.objects.filter(status=KeyStatus.ACTIVE)}
    issued = []
    for org in all_organisations():
        if (org_kind(org), org.pk) not in have:
            issued.append(key_issue(org=org, actor=actor, now=now))
    return issued


def active_key(org) -> SigningKey:
    """The organisation's signing key. Where ``SIGNING_AUTO_ISSUE`` is on (the embedded default), a missing CA and
    key are created on first use; production issues them by command (see docs/deploy.md)."""
    key = SigningKey.objects.filter(status=KeyStatus.ACTIVE, **_org_filter(org)).first()
    if key is not None:
        return key
    if not getattr(settings, "SIGNING_AUTO_ISSUE", False):
        raise ValidationError(f"{org_name(org)}尚无电子签章证书，请管理员运行 zhicheng signing issue --all。",
                              code="no_key")
    if own_ca() is None:
        try:
            ca_init()
        except ValidationError:
            pass  # created meanwhile by another process
    return key_issue(org=org)
