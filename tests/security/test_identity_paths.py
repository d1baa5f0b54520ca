"""Issue 12.4, the paths beside the unit's screen, the Excel import and registration: the API, integrity
records (the bureau's form, the ban check, the search), the admin and anything that writes a model directly
store and compare identity codes in the one normalised form; the demo's codes pass the stricter checks.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zhicheng.accounts.models import User
from zhicheng.accounts.validators import id_check_char, validate_id_number
from zhicheng.core.demo import at, make_id_number, make_uscc
from zhicheng.orgs.models import Unit
from zhicheng.orgs.validators import validate_uscc
from zhicheng.recommendations.models import RecommendationEntry
from zhicheng.supervision.models import IntegrityRecord
from zhicheng.supervision.sanctions import integrity_ban_until_for_id_number

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ZWSP = "\u200b"
BEFORE_DEADLINE = at(2026, 11, 16, 10)
PERSON = make_id_number("530102", dt.date(1995, 4, 9), 69, True)
ZERO_AREA = "00000019900101121"  # area code 000000, a real birth date, the right check digit
ZERO_AREA += id_check_char(ZERO_AREA)


def _api_entry(**overrides) -> dict:
    return {"real_name": "刘洋", "id_number": PERSON, "series": "工程", "specialty": "建筑工程", "level": "zhuliji",
            "post": "技术员", "assessment_result": "passed", "assessment_date": "2026-10-29",
            "publicity_start": "2026-11-02", "publicity_end": "2026-11-06", "pledge_date": "2026-10-30",
            "opinion_date": "2026-11-09", **overrides}


@pytest.fixture
def officer_token(world):
    from zhicheng.api.tokens import token_create

    return token_create(actor=world.users["unit_soe"], name="人事系统")[1]


def _post_entries(client, world, token, entries):
    return client.post(f"/api/v1/unit/batches/{world.batches['current'].pk}/list/entries",
                       data={"entries": entries}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_stores_arabic_indic_digits_as_the_number_and_refuses_the_same_person_again(
        world, client, officer_token):
    from zhicheng.recommendations import services
    from zhicheng.recommendations.demo import pdf_upload

    services.recommendation_policy_upload(unit=world.units["soe"], actor=world.users["unit_soe"], title="办法",
                                          file=pdf_upload("p.pdf", "policy"), adopted_on=dt.date(2024, 6, 1))
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        first = _post_entries(client, world, officer_token, [_api_entry(id_number=PERSON.translate(ARABIC_INDIC))])
        again = _post_entries(client, world, officer_token, [_api_entry(id_number=f"{PERSON[:9]}{ZWSP}{PERSON[9:]}")])
        ghost = _post_entries(client, world, officer_token, [_api_entry(
            real_name=ZWSP, id_number=make_id_number("530102", dt.date(1995, 4, 10), 70, True))])
    assert first.status_code == 201, first.json()
    assert first.json()["entries"][0]["id_number"] == PERSON
    assert list(RecommendationEntry.objects.values_list("id_number", flat=True)) == [PERSON]
    assert again.status_code == 422
    assert any(p["field"] == "entries[0].id_number" and "已在本名单中（刘洋）" in p["message"]
               for p in again.json()["problems"])
    assert ghost.status_code == 422
    assert {p["field"] for p in ghost.json()["problems"]} == {"entries[0].real_name"}
    assert RecommendationEntry.objects.count() == 1


@time_machine.travel(at(2026, 11, 25, 10), tick=False)
def test_integrity_record_in_full_width_digits_bars_the_person_and_is_found_by_the_search(world, login):
    person = world.users["zhang_san"]
    bureau = login(world.users["bureau"])
    typed = person.id_number.translate(FULL_WIDTH)
    response = bureau.post(reverse("supervision:record_new"), {
        "name": f" {person.real_name}{ZWSP}", "id_number": typed, "unit": world.units["school"].pk,
        "finding": "伪造《事业单位聘用通知书》", "decided_on": "2026-11-20"})
    assert response.status_code == 302
    record = IntegrityRecord.objects.get()
    assert (record.id_number, record.name, record.person) == (person.id_number, person.real_name, person)
    assert integrity_ban_until_for_id_number(typed) == record.ban_until
    assert integrity_ban_until_for_id_number(person.id_number.translate(ARABIC_INDIC)) == record.ban_until
    found = bureau.get(reverse("supervision:records"), {"q": person.id_number.translate(ARABIC_INDIC)})
    assert reverse("supervision:record_detail", args=[record.pk]) in found.content.decode()


@time_machine.travel(at(2026, 11, 25, 10), tick=False)
def test_integrity_record_with_an_invisible_name_or_area_code_000000_is_refused(world, login):
    bureau = login(world.users["bureau"])
    invisible = bureau.post(reverse("supervision:record_new"), {
        "name": ZWSP, "id_number": make_id_number("530102", dt.date(1990, 1, 1), 12, True),
        "finding": "伪造材料", "decided_on": "2026-11-20"})
    zero_area = bureau.post(reverse("supervision:record_new"), {
        "name": "钱八", "id_number": ZERO_AREA,
        "finding": "伪造材料", "decided_on": "2026-11-20"})
    assert invisible.status_code == 200 and "不可见字符" in invisible.content.decode()
    assert zero_area.status_code == 200 and "行政区划代码" in zero_area.content.decode()
    assert not IntegrityRecord.objects.exists()


def test_admin_edit_stores_a_full_width_uscc_plainly_and_refuses_all_zeros(world, login):
    admin = login(world.users["admin"])
    unit = world.units["private"]
    url = reverse("admin:orgs_unit_change", args=[unit.pk])
    form = {"name": unit.name, "kind": unit.kind, "affiliation": unit.affiliation, "district": unit.district_id,
            "department": "", "parent_company_name": "", "legal_representative": unit.legal_representative,
            "address": "", "contact_phone": ""}
    refused = admin.post(url, {**form, "uscc": "000000000000000000"})
    assert refused.status_code == 200
    unit.refresh_from_db()
    assert unit.uscc == world.units["private"].uscc
    good = make_uscc("91530103MA6K00077")
    saved = admin.post(url, {**form, "uscc": good.translate(FULL_WIDTH).lower()})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.uscc == good
    assert Unit.objects.get(uscc=good.translate(FULL_WIDTH)) == unit  # a look-up by the look-alike finds it


def test_a_model_written_directly_keeps_the_normal_form(world):
    """Services that write with objects.create/update (and the admin, and data fixes) store what the pages
    store: the normalisation sits on the model fields, not only in the forms."""
    number = make_id_number("530102", dt.date(1991, 2, 3), 15, False)
    user = User.objects.create(username="direct", real_name="直写", id_number=number.translate(ARABIC_INDIC))
    assert User.objects.filter(pk=user.pk).values_list("id_number", flat=True).get() == number
    assert User.objects.get(id_number=number.translate(FULL_WIDTH)) == user


def test_demo_codes_pass_the_standards_checks(world):
    """make_id_number / make_uscc refuse a code the validators would refuse, so demo and test data stay valid."""
    for unit in Unit.objects.all():
        validate_uscc(unit.uscc)
    for number in User.objects.exclude(id_number=None).exclude(id_number="").values_list("id_number", flat=True):
        validate_id_number(number)
    with pytest.raises(ValueError):
        make_id_number("000000", dt.date(1990, 1, 1), 12, True)
    with pytest.raises(ValueError):
        make_uscc("00000000000000000")
