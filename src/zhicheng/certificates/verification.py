"""Checking a certificate PDF someone has in hand: is the bureau's signature valid, who signed, was the file changed
after signing, is the certificate revoked. Used by ``zhicheng certificate verify FILE.pdf`` and the public page.

The checks are pyHanko's PAdES validation, trusting only the installation's CAs (``signing.services``), as a
PDF reader does once it trusts ``/certificates/ca.pem``; then the platform's own records: the signing key's status
(a revoked organisation key), the certificate named in the signed XMP, and whether it has been revoked since.

Bad input is an answer, never an exception: a file that is not a PDF, cut short, re-saved by another program
(which drops or breaks the signature), forged (signed by a key the platform does not trust) or altered after
signing comes back as ``CertificateCheck(valid=False, problems=[...])`` with the reason in Chinese.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

from django.utils import timezone

from . import standard
from .models import Certificate

log = logging.getLogger(__name__)

MSG_NOT_PDF = "这不是 PDF 文件，无法核验。请上传从本平台下载的电子职称证书 PDF。"
MSG_UNREADABLE = "PDF 文件已损坏或不完整（可能被截断），无法读取，不能认定为有效证书。"
MSG_NO_SIGNATURE = ("文件中没有电子签名：它不是本平台签发的证书原件，或被其他程序另存、打印为新文件（这样会去掉签名）。"
                    "请使用从本平台下载的原始 PDF。")
MSG_BROKEN_SIGNATURE = "电子签名无法校验：文件被改动、截断或签名是伪造的，不能认定为有效证书。"
MSG_ALTERED = "签名之后文件内容被改动过（签名与内容不符），不能认定为有效证书。"
MSG_RESAVED = "签名之后文件又被其他程序修改或另存过（签名只覆盖了文件的一部分），请使用从本平台下载的原始 PDF。"
MSG_UNTRUSTED = "签名证书不是由本平台信任的 CA 签发的：这份文件不是本平台发证机关签署的（可能是伪造的）。"
MSG_INVALID = "电子签名无效，不能认定为有效证书。"
MSG_KEY_REVOKED = "签名所用的机构证书（{name}）已于 {date} 吊销，这份文件的签名不再可信。请向发证机关核实。"
MSG_NO_METADATA = "签名有效，但文件中没有证书信息（GB/T 36903 元数据），它不是本平台签发的电子职称证书。"
MSG_UNKNOWN = "签名有效，但本平台没有编号为 {number} 的证书记录。请向发证机关核实。"
MSG_WRONG_SIGNER = "证书由{issuer}颁发，但文件的签名者是{signer}，不能认定为有效证书。"
MSG_REVOKED = "证书 {number} 已于 {date} 被{issuer}撤销，不再具有效力。"


@dataclass
class CertificateCheck:
    valid: bool = False
    signature_valid: bool = False
    altered: bool | None = None  # None: could not tell (no readable signature)
    signer: str = ""
    signed_at: object = None
    number: str = ""
    identifier: str = ""
    certificate: Certificate | None = None
    revoked: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.valid:
            return f"证书有效：签名有效，由{self.signer}签署，签名后未被改动，证书 {self.number} 未被撤销。"
        return self.problems[0] if self.problems else MSG_INVALID


def _date(value) -> str:
    return f"{timezone.localtime(value):%Y年%-m月%-d日}" if value else ""


def _xmp_values(reader) -> dict[str, str]:
    from pyhanko.pdf_utils.metadata.xmp_xml import parse_xmp

    try:
        stream = reader.root["/Metadata"].get_object()
        roots = parse_xmp(io.BytesIO(stream.data))
    except Exception:  # noqa: BLE001 - missing or malformed XMP is "no metadata", reported as such
        return {}
    values = {}
    for root in roots:
        for name, value in root:
            if name.ns == standard.XMP_NAMESPACE:
                values[name.local_name] = str(value.value)
    return values


def _validate(signature):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from zhicheng.signing.services import trust_anchor_certificates

    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in trust_anchor_certificates()]
    return validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))


def check_certificate_pdf(data: bytes) -> CertificateCheck:
    """What the file in hand proves (see the module's docstring)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    from zhicheng.signing.keystore import fingerprint, load_certificate
    from zhicheng.signing.models import KeyStatus, SigningKey

    result = CertificateCheck()
    if not data.startswith(b"%PDF-"):
        result.problems.append(MSG_NOT_PDF)
        return result
    # pyHanko raises many kinds of errors on malformed files (PdfReadError, KeyError, ValueError, ...): every one
    # of them means the file cannot be shown to be a signed certificate, which is the answer to give.
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001
        result.problems.append(MSG_UNREADABLE)
        return result
    if not signatures:
        result.problems.append(MSG_NO_SIGNATURE)
        return result
    signature = signatures[-1]
    try:
        status = _validate(signature)
    except Exception:  # noqa: BLE001
        log.info("certificate PDF: signature could not be validated", exc_info=True)
        result.altered = True
        result.problems.append(MSG_BROKEN_SIGNATURE)
        return result
    try:
        result.signer = status.signing_cert.subject.native.get("common_name", "") or ""
    except Exception:  # noqa: BLE001
        result.signer = ""
    result.signed_at = status.signer_reported_dt
    result.altered = not status.intact or status.coverage != SignatureCoverageLevel.ENTIRE_FILE
    if not status.intact:
        result.problems.append(MSG_ALTERED)
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        result.problems.append(MSG_RESAVED)
    elif not status.trusted:
        result.problems.append(MSG_UNTRUSTED)
    elif not status.valid:
        result.problems.append(MSG_INVALID)
    result.signature_valid = not result.problems

    key = None
    if result.signature_valid:
        der = status.signing_cert.dump()
        key = SigningKey.objects.filter(fingerprint=fingerprint(load_certificate(der))).first()
        if key is not None and key.status == KeyStatus.REVOKED:
            result.signature_valid = False
            result.problems.append(MSG_KEY_REVOKED.format(name=key.subject_name, date=_date(key.retired_at)))

    values = _xmp_values(reader)
    result.number = values.get("certificateNumber", "")
    result.identifier = values.get("certificateIdentifier", "")
    if result.signature_valid:
        if not result.number:
            result.problems.append(MSG_NO_METADATA)
        else:
            certificate = (Certificate.objects.filter(number=result.number).select_related("district").first())
            result.certificate = certificate
            if certificate is None:
                result.problems.append(MSG_UNKNOWN.format(number=result.number))
            elif key is None or key.district_id != certificate.district_id:
                result.problems.append(MSG_WRONG_SIGNER.format(issuer=certificate.issuing_bureau,
                                                               signer=result.signer or "未知机构"))
            elif not certificate.is_valid:
                result.revoked = True
                result.problems.append(MSG_REVOKED.format(number=certificate.number, date=_date(certificate.revoked_at),
                                                          issuer=certificate.issuing_bureau))
    result.valid = result.signature_valid and not result.problems
    return result
