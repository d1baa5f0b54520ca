"""Signing keys per organisation: the installation's CA, issue/rotate/revoke by command, audited, keys encrypted."""

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command

from zhicheng.audit.models import AuditEntry
from zhicheng.audit.services import audit_verify
from zhicheng.orgs.models import Department, District, Unit
from zhicheng.signing import keystore, services
from zhicheng.signing.models import CertificateAuthority, KeyStatus, SigningKey
from zhicheng.signing.pdf import sign_pdf

from .helpers import one_page_pdf, validate_all

pytestmark = pytest.mark.django_db


def test_init_ca_and_issue_all_give_every_organisation_a_certificate_from_the_ca(world, capsys):
    call_command("signing", "init-ca")
    call_command("signing", "issue", "--all")
    out = capsys.readouterr().out
    orgs = District.objects.count() + Department.objects.count() + Unit.objects.count()
    assert f"已签发 {orgs} 张机构证书" in out
    ca = keystore.load_certificate(CertificateAuthority.objects.get().certificate_pem)
    for key in SigningKey.objects.all():
        cert = keystore.load_certificate(key.certificate_pem)
        assert keystore.check_issued_by(cert, ca)
        assert keystore.subject_name(cert) == key.subject_name
    bureau = SigningKey.objects.get(district=world.districts["panlong"])
    assert bureau.subject_name == "盘龙区人力资源和社会保障局"
    assert SigningKey.objects.filter(unit=world.units["private"], status=KeyStatus.ACTIVE).count() == 1
    # Running it again issues nothing new; a second CA is refused.
    call_command("signing", "issue", "--all")
    assert "已签发 0 张" in capsys.readouterr().out
    with pytest.raises(CommandError, match="根 CA 已存在"):
        call_command("signing", "init-ca")


def test_private_keys_are_stored_encrypted_and_need_the_passphrase(world, settings):
    key = services.active_key(world.units["school"])
    assert "ENCRYPTED PRIVATE KEY" in key.encrypted_key
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(key.encrypted_key.encode(), password=None)
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(key.encrypted_key.encode(), password=b"wrong passphrase")
    assert keystore.decrypt_key(key.encrypted_key).public_key().public_numbers() == \
        keystore.load_certificate(key.certificate_pem).public_key().public_numbers()


def test_rotation_keeps_old_signatures_valid_and_is_audited(world):
    bureau = world.districts["panlong"]
    old = services.active_key(bureau)
    signed = sign_pdf(one_page_pdf(), key_row=old, field_name="Bureau", box=(72, 72, 200, 140))
    new = services.key_issue(org=bureau)
    old.refresh_from_db()
    assert old.status == KeyStatus.RETIRED and new.status == KeyStatus.ACTIVE and new.serial != old.serial
    assert services.active_key(bureau) == new
    (status,) = validate_all(signed)
    assert status.bottom_line and status.trusted and status.intact
    rotate = AuditEntry.objects.get(action="signing.key_rotate")
    assert rotate.changes["replaces"] == old.serial and rotate.changes["serial"] == new.serial
    assert rotate.district_id == bureau.pk
    assert audit_verify() == []


def test_revoke_by_command_is_audited_and_refused_twice(world, capsys):
    key = services.active_key(world.departments["edu"])
    call_command("signing", "revoke", key.serial[:10], "--reason", "密钥疑似泄露")
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED and key.revoke_reason == "密钥疑似泄露"
    entry = AuditEntry.objects.get(action="signing.key_revoke")
    assert entry.comment == "密钥疑似泄露" and entry.to_state == KeyStatus.REVOKED
    with pytest.raises(CommandError, match="不能吊销"):
        call_command("signing", "revoke", key.serial[:10], "--reason", "再次")
    # The next signature of that department uses a fresh key.
    assert services.active_key(world.departments["edu"]).pk != key.pk


def test_without_auto_issue_an_organisation_without_key_is_told_what_to_do(world, settings):
    settings.SIGNING_AUTO_ISSUE = False
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="zhicheng signing issue --all"):
        services.active_key(world.units["soe"])


def test_import_from_an_external_ca(world, tmp_path, monkeypatch):
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    ext_key, ext_ca = keystore.make_ca("某省电子认证服务中心", now=now)
    org_key, org_cert = keystore.issue_certificate(ca_key=ext_key, ca_cert=ext_ca, common_name="五华区人力资源和社会保障局",
                                                   now=now)
    (tmp_path / "ca.pem").write_text(keystore.certificate_pem(ext_ca))
    (tmp_path / "cert.pem").write_text(keystore.certificate_pem(org_cert))
    (tmp_path / "key.pem").write_bytes(org_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"s3cret")))
    monkeypatch.setenv("ZC_TEST_KEY_PASSWORD", "s3cret")
    # Not trusted yet: refused.
    with pytest.raises(CommandError, match="不是由本系统信任的 CA 签发"):
        call_command("signing", "import", "--district", "530102", "--cert", str(tmp_path / "cert.pem"),
                     "--key", str(tmp_path / "key.pem"), "--password-env", "ZC_TEST_KEY_PASSWORD")
    call_command("signing", "import-ca", str(tmp_path / "ca.pem"))
    call_command("signing", "import", "--district", "530102", "--cert", str(tmp_path / "cert.pem"),
                 "--key", str(tmp_path / "key.pem"), "--password-env", "ZC_TEST_KEY_PASSWORD")
    key = services.active_key(world.districts["wuhua"])
    assert key.authority.kind == "external"
    signed = sign_pdf(one_page_pdf(), key_row=key, field_name="Bureau", box=(72, 72, 200, 140))
    (status,) = validate_all(signed)
    assert status.bottom_line
    assert AuditEntry.objects.filter(action__in=["signing.ca_import", "signing.key_import"]).count() == 2
