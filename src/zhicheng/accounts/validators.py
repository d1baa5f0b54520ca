"""GB 11643-1999 居民身份证号码 validation and the facts it carries."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity import normalise_code

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

MSG_ID_FORMAT = _("身份证号码应为 18 位：前 17 位为数字，最后一位为数字或 X。")
MSG_ID_DATE = _("身份证号码中的出生日期不存在，请核对。")
MSG_ID_CHECK = _("身份证号码校验位不正确，请逐位核对后重新输入。")
MSG_ID_AREA = _("身份证号码前两位不是有效的省级行政区划代码（如云南为 53），请逐位核对后重新输入。")

# GB/T 2260 provinces (first two digits of the address code): 华北 11–15, 东北 21–23, 华东 31–37, 中南 41–46,
# 西南 50–54, 西北 61–65, 台湾 71, 香港 81, 澳门 82; 83 is the code of 台湾居民居住证 numbers (港澳台居民居住证
# follow GB 11643 with 810000 / 820000 / 830000), whose holders may apply for titles on the mainland.
PROVINCE_CODES = frozenset(
    [f"{n}" for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                      *range(61, 66), 71, 81, 82, 83)]
)


@dataclass(frozen=True)
class IdFacts:
    birth_date: dt.date
    sex: str  # "M" or "F"


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value) -> str:
    """The one form an ID number is stored and compared in (see ``zhicheng.core.identity``)."""
    return normalise_code(value)


def parse_id_number(value: str) -> IdFacts:
    code = normalise_id_number(value)
    if (len(code) != 18 or not code.isascii() or not code[:17].isdigit()
            or not (code[17].isdigit() or code[17] == "X")):
        raise ValidationError(MSG_ID_FORMAT, code="id_format")
    if code[:2] not in PROVINCE_CODES:
        raise ValidationError(MSG_ID_AREA, code="id_area")
    try:
        birth = dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        raise ValidationError(MSG_ID_DATE, code="id_date") from None
    if birth.year < 1900 or birth > dt.date.today():
        raise ValidationError(MSG_ID_DATE, code="id_date")
    if id_check_char(code[:17]) != code[17]:
        raise ValidationError(MSG_ID_CHECK, code="id_check")
    return IdFacts(birth_date=birth, sex="M" if int(code[16]) % 2 else "F")


def validate_id_number(value: str) -> None:
    parse_id_number(value)


def mask_phone(value: str) -> str:
    """A phone number as the audit trail keeps it: 139****1234."""
    if not value or len(value) < 7:
        return "*" * len(value or "")
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    """An e-mail address as the audit trail keeps it: the first character of the local part and the domain."""
    local, at, domain = (value or "").partition("@")
    if not at:
        return "*" * len(local)
    return (local[:1] + "***" if local else "") + "@" + domain


def mask_id_number(value: str) -> str:
    """Show the first 6 and last 4 characters only: 530103********123X."""
    if not value or len(value) < 10:
        return value or ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
