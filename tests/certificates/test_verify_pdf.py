"""Anyone can check a certificate PDF: `zhicheng certificate verify FILE.pdf` and the public page's upload say whether
the signature is valid, who signed, whether the file changed after signing and whether the certificate is revoked;
forged, truncated and re-saved files are reported as such, in Chinese, never as valid and never as a 500."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.factories import world_application
from tests.signing.helpers import one_page_pdf
from zhicheng.applications.models import Status
from zhicheng.certificates import verification
from zhicheng.certificates.models import VerificationLog
from zhicheng.certificates.services import certificate_issue, certificate_pdf_bytes, certificate_revoke
from zhicheng.signing import keystore, services
from zhicheng.signing.models import SigningKey
from zhicheng.signing.pdf import sign_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def issued(world):
    app = world_application(world, "zhang_san", status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
    certificate = certificate_issue(application=app, actor=world.users["bureau"])
    return certificate, certificate_pdf_bytes(certificate=certificate)


def resaved(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def forged(world, data: bytes) -> bytes:
    """The same page signed by a look-alike key from a CA the platform does not trust."""
    now = dt.datetime.now(dt.UTC)
    ca_key, ca = keystore.make_ca("初级职称考核认定平台根 CA", now=now)
    key, cert = keystore.issue_certificate(ca_key=ca_key, ca_cert=ca, common_name="盘龙区人力资源和社会保障局", now=now)
    row = SigningKey(pk=999_999, subject_name="盘龙区人力资源和社会保障局", fingerprint=keystore.fingerprint(cert),
                     certificate_pem=keystore.certificate_pem(cert), chain_pem=keystore.certificate_pem(ca),
                     encrypted_key=keystore.encrypt_key(key))
    reader_page = one_page_pdf("certificate")
    return sign_pdf(reader_page, key_row=row, field_name="Issuer", box=(72, 72, 200, 140))


def test_a_genuine_certificate_is_valid_and_names_its_signer(world):
    certificate, data = issued(world)
    check = verification.check_certificate_pdf(data)
    assert check.valid and check.signature_valid and check.altered is False and not check.revoked
    assert check.signer == "盘龙区人力资源和社会保障局" and check.certificate == certificate
    assert "证书有效" in check.summary


@pytest.mark.parametrize("damage, expected", [
    ("byte", ("签名之后文件内容被改动过", "签名无法校验")),
    ("truncated", ("已损坏或不完整", "签名无法校验")),
    ("resaved", ("修改或另存过", "签名之后文件内容被改动过", "没有电子签名")),
    ("appended", ("修改或另存过",)),
    ("not_pdf", ("这不是 PDF 文件",)),
    ("unsigned", ("没有电子签名",)),
])
def test_damaged_files_are_reported_as_such_and_never_valid(world, damage, expected):
    _certificate, data = issued(world)
    if damage == "byte":
        data = bytearray(data)
        data[len(data) // 5] ^= 0x01
        data = bytes(data)
    elif damage == "truncated":
        data = data[: len(data) * 2 // 3]
    elif damage == "resaved":
        data = resaved(data)
    elif damage == "appended":
        from pyhanko.pdf_utils.generic import pdf_string
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        writer.root["/Lang"] = pdf_string("en")
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    elif damage == "not_pdf":
        data = b"MZ\x90\x00" + data
    elif damage == "unsigned":
        data = one_page_pdf()
    check = verification.check_certificate_pdf(data)
    assert not check.valid
    assert any(e in p for p in check.problems for e in expected), check.problems


def test_a_forged_signature_is_not_trusted(world):
    _certificate, data = issued(world)
    check = verification.check_certificate_pdf(forged(world, data))
    assert not check.valid and not check.signature_valid
    assert any("不是由本平台信任的 CA 签发的" in p for p in check.problems)


def test_a_revoked_certificate_is_reported_revoked_even_from_the_file_issued_before(world):
    certificate, before = issued(world)
    certificate_revoke(certificate=certificate, actor=world.users["bureau"], reason="经复查提供虚假学历材料")
    check = verification.check_certificate_pdf(before)
    assert check.signature_valid and check.revoked and not check.valid
    assert any("已于" in p and "撤销" in p for p in check.problems)


def test_a_signature_made_with_a_revoked_key_is_not_trusted(world):
    _certificate, data = issued(world)
    key = services.active_key(world.districts["panlong"])
    services.key_revoke(key=key, reason="密钥疑似泄露")
    check = verification.check_certificate_pdf(data)
    assert not check.valid and any("已于" in p and "吊销" in p for p in check.problems)


def test_command_line(world, tmp_path, capsys):
    _certificate, data = issued(world)
    path = tmp_path / "cert.pdf"
    path.write_bytes(data)
    call_command("certificate", "verify", str(path))
    out = capsys.readouterr().out
    assert "电子签名：有效" in out and "签署者：盘龙区人力资源和社会保障局" in out and "签署后被改动：否" in out
    assert "已撤销：否" in out and "证书有效" in out
    path.write_bytes(data[:-4000])
    with pytest.raises(SystemExit) as exit_info:
        call_command("certificate", "verify", str(path))
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "证书有效" not in captured.out and ("损坏" in captured.err or "改动" in captured.err)


def test_public_page_accepts_an_upload(world, client):
    certificate, data = issued(world)
    page = client.get(reverse("certificates:verify")).content.decode()
    assert "上传证书 PDF 查验" in page
    response = client.post(reverse("certificates:verify_pdf"),
                           {"file": SimpleUploadedFile("证书.pdf", data, content_type="application/pdf")})
    html = response.content.decode()
    assert response.status_code == 200 and "证书有效" in html and "盘龙区人力资源和社会保障局" in html
    assert "未被改动" in html and certificate.number in html and "530103199803120313" not in html
    assert VerificationLog.objects.filter(certificate=certificate, method="pdf").count() == 1
    for bad in (data[:5000], resaved(data), b"not a pdf at all", b""):
        response = client.post(reverse("certificates:verify_pdf"),
                               {"file": SimpleUploadedFile("x.pdf", bad, content_type="application/pdf")})
        html = response.content.decode()
        assert response.status_code in (200, 400) and "证书有效" not in html
        assert any(word in html for word in ("损坏", "另存", "PDF", "文件")), html[:500]
