"""Identity text normalised once, at the edge: ID numbers, USCCs and people's names.

Every path that takes an identity (registration, the 附件3 screen, the Excel import, the API, integrity records,
certificate verification) calls these before validating and before comparing, so a number typed in full-width
digits (１１０１…), Arabic-Indic digits (١١٠١…) or with a zero-width space inside is the same number as the ASCII
one, and a name made only of invisible characters is refused.

NFKC (unicodedata) folds compatibility forms (full-width digits and letters, the ideographic space); the
``regex`` module's Unicode properties name the characters that show nothing (Default_Ignorable_Code_Point:
zero-width spaces and joiners, the BOM, soft hyphen, bidi controls, Hangul fillers, variation selectors; plus
every control and format character), which the standard ``re`` cannot.
"""

from __future__ import annotations

import unicodedata

import regex
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]")
_SPACES = regex.compile(r"\s+")
_LETTER = regex.compile(r"\p{L}")

MSG_NAME_INVISIBLE = _("姓名须包含至少一个汉字或字母，不能只有空格、符号或不可见字符，请按身份证填写。")


def _fold(value) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", "" if value is None else str(value)))


def normalise_code(value) -> str:
    """An ID number or USCC as stored and compared: NFKC, every decimal digit as ASCII (NFKC leaves
    Arabic-Indic and other scripts' digits alone), no invisible characters or spaces, upper case (末位 X)."""
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in _fold(value))
    return _SPACES.sub("", text).upper()


def normalise_name(value) -> str:
    """A person's name as stored and compared: NFKC, no invisible characters, runs of spaces as one, trimmed."""
    return _SPACES.sub(" ", _fold(value)).strip()


def has_visible_letter(name: str) -> bool:
    return bool(_LETTER.search(normalise_name(name)))


def validate_person_name(value) -> None:
    """Refuse a non-empty name with no letter in it (only zero-width spaces, fillers, dots...)."""
    if not has_visible_letter(value):
        raise ValidationError(MSG_NAME_INVISIBLE, code="name_invisible")


class _NormalisedField(forms.CharField):
    """A form field that normalises before its validators run (max_length counts the normalised text); the
    browser lets a pasted value with spaces through (``input_max``) so the server, not the widget, decides."""

    input_max: int | None = None

    def to_python(self, value):
        return self.normalise(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.input_max and "maxlength" in attrs:
            attrs["maxlength"] = str(self.input_max)
        return attrs


class PersonNameField(_NormalisedField):
    normalise = staticmethod(normalise_name)
    default_validators = [validate_person_name]

    def to_python(self, value):
        typed = forms.CharField.to_python(self, value)
        name = normalise_name(typed)
        if typed and not name:  # only invisible characters: say so, not "请填写"
            raise ValidationError(MSG_NAME_INVISIBLE, code="name_invisible")
        return name


class CodeField(_NormalisedField):
    """An ID number or USCC field (pass the validator)."""

    normalise = staticmethod(normalise_code)
    input_max = 40
