import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zhicheng.accounts.validators import mask_id_number, parse_id_number, validate_id_number
from zhicheng.orgs.validators import MSG_USCC_CHECK, validate_uscc


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the example printed in GB 32100-2015
    "91530103MA6K1A2B15",  # the eligibility contract's example unit
    "91440300708461136T",
    "12530103MB0000001F",
])
def test_valid_usccs_pass(code):
    validate_uscc(code)


@pytest.mark.parametrize("code, expected_code", [
    ("91350100M000100Y44", "uscc_check"),   # one digit off in the check character
    ("91350100M000100Y4", "uscc_length"),
    ("91350100M000100YI3", "uscc_chars"),   # I is not in the alphabet
    ("", "uscc_length"),
])
def test_invalid_usccs_are_refused_with_a_reason(code, expected_code):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == expected_code


def test_uscc_check_message_says_what_to_do():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y44")
    assert exc.value.messages == [str(MSG_USCC_CHECK)]
    assert "核对" in exc.value.messages[0]


def test_standard_id_number_example_gives_birth_date_and_sex():
    facts = parse_id_number("11010519491231002X")  # the example printed in GB 11643-1999
    assert facts.birth_date == dt.date(1949, 12, 31)
    assert facts.sex == "F"


def test_lower_case_x_is_accepted():
    validate_id_number("11010519491231002x")


@pytest.mark.parametrize("number, code", [
    ("110105194912310021", "id_check"),   # wrong check digit
    ("11010519491331002X", "id_date"),    # month 13
    ("11010519490230002X", "id_date"),    # 30 February
    ("1101051949123100", "id_format"),
    ("11010519491231002Y", "id_format"),
    ("A1010519491231002X", "id_format"),
])
def test_bad_id_numbers_are_refused(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.code == code


def test_masking_keeps_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"


@pytest.mark.parametrize("code, expected_code", [
    ("000000000000000000", "uscc_authority"),   # check character right, no registration authority 0
    ("Y2" + "530103MA6K00001", "uscc_authority"),  # 其他 (Y) has only type 1
    ("93X00000MA6K00001", "uscc_division"),     # division code not digits
    ("91990000MA6K00001", "uscc_division"),     # no province 99
    ("91105301MA6K00001", "uscc_division"),     # 10 is the central level (100000), not a province
])
def test_uscc_authority_type_and_division_are_checked(code, expected_code):
    from zhicheng.orgs.validators import uscc_check_char

    full = code if len(code) == 18 else code + uscc_check_char(code)  # make_uscc refuses these bodies
    with pytest.raises(ValidationError) as exc:
        validate_uscc(full)
    assert exc.value.code == expected_code


@pytest.mark.parametrize("area, ok", [("000000", False), ("990101", False), ("100000", False), ("530103", True),
                                      ("810000", True), ("830000", True)])
def test_id_number_province_code(area, ok):
    from zhicheng.accounts.validators import id_check_char

    first17 = f"{area}19900506121"  # make_id_number refuses the bad areas
    number = first17 + id_check_char(first17)
    if ok:
        validate_id_number(number)
    else:
        with pytest.raises(ValidationError) as exc:
            validate_id_number(number)
        assert exc.value.code == "id_area"


def test_a_central_registration_authoritys_uscc_passes():
    from zhicheng.core.demo import make_uscc

    validate_uscc(make_uscc("12100000MB0000001"))  # division 100000: registered by a central authority
