"""The e-certificate as an 电子证照: GB/T 36903-2018 metadata and a GB/T 36904-2018 identifier.

Identifier (电子证照标识): ``证照类型代码.颁发机构代码.顺序号.版本号.校验位`` —

- 证照类型代码: ``settings.CERTIFICATE_TYPE_CODE`` (the code the provincial e-licence catalogue assigns to the
  初级职称证书; the embedded default is a local placeholder, see docs/deploy.md);
- 颁发机构代码: the issuing bureau's 统一社会信用代码 (``District.bureau_uscc``; the 6-digit district code where a
  district has none recorded yet, so the identifier is still unique within the installation);
- 顺序号: year of recognition and the application's number (11 digits), unique per issuer;
- 版本号: 3 digits, 001 for the first issue;
- 校验位: ISO 7064 MOD 37,36 over the alphanumeric characters before it (``python-stdnum``'s implementation).

The parts are separated by dots, as in the national e-licence identifiers, so an identifier reads back unambiguously
from the right even when the type code itself contains dots.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from stdnum.iso7064 import mod_37_36

VERSION = 1
# XMP namespace of the metadata block (GB/T 36903 elements; local names are the standard's English terms).
XMP_NAMESPACE = "urn:zhicheng:gbt36903:1.0"
XMP_PREFIX = "gbt36903"
# 持证主体代码类型 for a 居民身份证 (GA/T 517 证件类型代码).
ID_TYPE_RESIDENT_CARD = "111"
ID_TYPE_LABEL = "居民身份证"


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


def check_character(body: str) -> str:
    return mod_37_36.calc_check_digit(_alnum(body))


def build_identifier(*, type_code: str, issuer_code: str, serial: str, version: int = VERSION) -> str:
    body = f"{type_code.upper()}.{issuer_code.upper()}.{serial}.{version:03d}"
    return f"{body}.{check_character(body)}"


def identifier_is_valid(identifier: str) -> bool:
    body, _, check = (identifier or "").rpartition(".")
    return body.count(".") >= 3 and len(check) == 1 and bool(_alnum(body)) and check_character(body) == check


def issuer_code(district) -> str:
    return (getattr(district, "bureau_uscc", "") or "").strip().upper() or district.code


def certificate_identifier(*, application, district) -> str:
    serial = f"{application.recognised_on.year}{application.pk:07d}"
    return build_identifier(type_code=settings.CERTIFICATE_TYPE_CODE, issuer_code=issuer_code(district),
                            serial=serial)


TYPE_NAME = "专业技术人员职称证书（初级）"

# (XMP local name, GB/T 36903 element) in the order the standard lists them.
FIELDS = (
    ("certificateName", "证照名称"),
    ("certificateTypeCode", "证照类型代码"),
    ("certificateNumber", "证照编号"),
    ("certificateIdentifier", "证照标识"),
    ("issuingAuthority", "证照颁发机构"),
    ("issuingAuthorityCode", "证照颁发机构代码"),
    ("issueDate", "证照颁发日期"),
    ("holder", "持证主体"),
    ("holderIdType", "持证主体代码类型"),
    ("holderId", "持证主体代码"),
    ("status", "证照状态"),
)


def metadata(certificate, *, revoked: bool = False) -> dict[str, str]:
    """The GB/T 36903 elements of this certificate, keyed by their XMP local names (values as written)."""
    district = certificate.district
    return {
        "certificateName": TYPE_NAME,
        "certificateTypeCode": settings.CERTIFICATE_TYPE_CODE,
        "certificateNumber": certificate.number,
        "certificateIdentifier": certificate.identifier,
        "issuingAuthority": certificate.issuing_bureau,
        "issuingAuthorityCode": issuer_code(district),
        "issueDate": timezone.localtime(certificate.issued_at).date().isoformat(),
        "holder": certificate.holder_name,
        "holderIdType": f"{ID_TYPE_RESIDENT_CARD} {ID_TYPE_LABEL}",
        "holderId": certificate.id_number,
        "status": "已撤销" if revoked else "有效",
    }
