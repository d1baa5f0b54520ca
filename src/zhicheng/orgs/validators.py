"""Validators for organisation identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity import normalise_code

# GB 32100-2015 统一社会信用代码: 18 characters from this 31-character alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MSG_USCC_LENGTH = _("统一社会信用代码应为 18 位，请核对营业执照或登记证书。")
MSG_USCC_CHARS = _("统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z），请核对。")
MSG_USCC_CHECK = _("统一社会信用代码校验位不正确，请逐位核对后重新输入。")
MSG_USCC_AUTHORITY = _("统一社会信用代码第 1 位（登记管理部门）或第 2 位（机构类别）不是国家标准规定的代码"
                       "（企业为 91，个体工商户为 92，事业单位为 12，社会团体为 51……），请核对营业执照或登记证书。")
MSG_USCC_DIVISION = _("统一社会信用代码第 3–8 位应为登记管理机关的行政区划代码（如昆明市盘龙区为 530103），请核对。")

# GB 32100-2015 表 1 and the codes assigned since: registration authority (1st character) → institution types
# (2nd character). 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (市场监管),
# A 中央军委改革和编制办公室, N 农业, Y 其他.
USCC_TYPES = {
    "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129", "8": "19",
    "9": "123", "A": "19", "N": "1239", "Y": "1",
}
# Characters 3–8: the registering authority's GB/T 2260 division code; its first two digits are a province,
# or 10 for the authorities of the central government (100000).
USCC_PROVINCES = frozenset(
    ["10", *(f"{n}" for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                             *range(61, 66)))]
)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(value) -> str:
    """The one form a USCC is stored and compared in (see ``zhicheng.core.identity``)."""
    return normalise_code(value)


def validate_uscc(value: str) -> None:
    code = normalise_uscc(value)
    if len(code) != 18:
        raise ValidationError(MSG_USCC_LENGTH, code="uscc_length")
    if any(c not in USCC_ALPHABET for c in code):
        raise ValidationError(MSG_USCC_CHARS, code="uscc_chars")
    if code[1] not in USCC_TYPES.get(code[0], ""):
        raise ValidationError(MSG_USCC_AUTHORITY, code="uscc_authority")
    division = code[2:8]
    if not division.isdigit() or division[:2] not in USCC_PROVINCES or (
            division[:2] == "10" and division != "100000"):  # 10 is the central level only, not a province
        raise ValidationError(MSG_USCC_DIVISION, code="uscc_division")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(MSG_USCC_CHECK, code="uscc_check")
