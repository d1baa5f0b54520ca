"""Validators for organisation identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 统一社会信用代码: 18 characters from this 31-character alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MSG_USCC_LENGTH = _("统一社会信用代码应为 18 位，请核对营业执照或登记证书。")
MSG_USCC_CHARS = _("统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z），请核对。")
MSG_USCC_CHECK = _("统一社会信用代码校验位不正确，请逐位核对后重新输入。")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(MSG_USCC_LENGTH, code="uscc_length")
    if any(c not in USCC_ALPHABET for c in code):
        raise ValidationError(MSG_USCC_CHARS, code="uscc_chars")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(MSG_USCC_CHECK, code="uscc_check")
