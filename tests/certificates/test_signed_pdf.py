"""The certificate PDF is signed by the issuing bureau (PAdES) and carries GB/T 36903 metadata and a GB/T 36904
identifier; a revoked certificate's PDF, downloaded again, says so."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.metadata.xmp_xml import parse_xmp
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel

from tests.documents.pdfcheck import pdf_text
from tests.factories import world_application
from tests.signing.helpers import validate_all
from zhicheng.applications.models import Status
from zhicheng.certificates import standard
from zhicheng.certificates.services import certificate_issue, certificate_revoke

pytestmark = pytest.mark.django_db


def issued(world, username="zhang_san"):
    app = world_application(world, username, status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
    return certificate_issue(application=app, actor=world.users["bureau"])


def download(login, world, certificate, username="zhang_san") -> bytes:
    response = login(world.users[username]).get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def xmp_values(data: bytes) -> dict[str, str]:
    reader = PdfFileReader(io.BytesIO(data))
    stream = reader.root["/Metadata"].get_object()
    values = {}
    for root in parse_xmp(io.BytesIO(stream.data)):
        for name, value in root:
            if name.ns == standard.XMP_NAMESPACE:
                values[name.local_name] = str(value.value)
    return values


def test_the_pdf_is_signed_by_the_bureau_and_validates_against_the_installations_ca(world, login):
    certificate = issued(world)
    data = download(login, world, certificate)
    (status,) = validate_all(data)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "盘龙区人力资源和社会保障局"
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert signature.field_name == "Issuer" and signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_a_changed_byte_fails_verification(world, login):
    data = bytearray(download(login, world, issued(world)))
    reader = PdfFileReader(io.BytesIO(bytes(data)))
    byte_range = reader.embedded_signatures[0].sig_object["/ByteRange"]
    start, length = int(byte_range[0]), int(byte_range[1])
    offset = start + length // 2  # inside the signed page content
    data[offset] = (data[offset] + 1) % 256
    try:
        statuses = validate_all(bytes(data))
    except Exception:  # noqa: BLE001 - a file pyHanko cannot even read is just as refused
        statuses = []
    assert not any(s.bottom_line for s in statuses)
    assert not all(s.intact for s in statuses) or not statuses


def test_xmp_carries_the_gbt_36903_metadata_and_the_gbt_36904_identifier(world, login):
    certificate = issued(world)
    values = xmp_values(download(login, world, certificate))
    assert values["certificateNumber"] == certificate.number
    assert values["certificateIdentifier"] == certificate.identifier
    assert values["issuingAuthority"] == "盘龙区人力资源和社会保障局"
    assert values["issuingAuthorityCode"] == world.districts["panlong"].bureau_uscc
    assert values["holder"] == "张三" and values["holderId"] == "530103199803120313"
    assert values["holderIdType"].startswith("111") and values["status"] == "有效"
    assert values["issueDate"] == timezone.localtime(certificate.issued_at).date().isoformat()
    assert values["certificateName"] and values["certificateTypeCode"]
    # type code . issuer code . serial . version . ISO 7064 MOD 37,36 check character
    type_code, issuer, serial, version, check = certificate.identifier.rsplit(".", 4)
    assert issuer == world.districts["panlong"].bureau_uscc and version == "001"
    assert serial == f"2024{certificate.application_id:07d}" and len(check) == 1
    assert standard.identifier_is_valid(certificate.identifier)
    wrong = "0" if check != "0" else "1"
    assert not standard.identifier_is_valid(certificate.identifier[:-1] + wrong)
    assert certificate.identifier.replace(".", "").isalnum()


def test_a_revoked_certificate_downloaded_again_carries_the_mark_and_the_date(world, login):
    certificate = issued(world)
    before = download(login, world, certificate)
    assert "撤销，不再具有效力" not in pdf_text(before)
    certificate_revoke(certificate=certificate, actor=world.users["bureau"], reason="经复查提供虚假学历材料")
    certificate.refresh_from_db()
    after = download(login, world, certificate)
    assert after != before
    text = pdf_text(after)
    revoked_on = timezone.localtime(certificate.revoked_at).date()
    assert "已撤销" in text
    assert f"本证书已于{revoked_on.year}年{revoked_on.month}月{revoked_on.day}日撤销，不再具有效力" in text.replace(" ", "")
    (status,) = validate_all(after)
    assert status.bottom_line
    assert xmp_values(after)["status"] == "已撤销"
    assert download(login, world, certificate) == after  # stored once, served as is


def test_the_ca_certificate_is_published_for_pdf_readers(world, client, login):
    download(login, world, issued(world))
    pem = client.get(reverse("certificates:ca_certificate"))
    assert pem.status_code == 200 and b"BEGIN CERTIFICATE" in pem.content
