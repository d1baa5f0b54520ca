"""Issue 12.4: identity fields normalised once at the edge, through the real pages.

A number in Arabic-Indic or full-width digits, or with a zero-width space, is the same number; a name of only
invisible characters, an all-zero USCC and an ID with area code 000000 are refused with a Chinese reason; the
district bureau is told when one ID number is on the lists of more than one unit in a batch.
"""

import datetime as dt
import importlib

import time_machine
from django.apps import apps
from django.db import connection
from django.urls import reverse

from zhicheng.accounts.models import User
from zhicheng.accounts.validators import id_check_char
from zhicheng.core.demo import make_id_number, make_uscc
from zhicheng.orgs.models import Unit
from zhicheng.orgs.validators import uscc_check_char
from zhicheng.recommendations import services
from zhicheng.recommendations.demo import pdf_upload
from zhicheng.recommendations.models import RecommendationEntry

from ..recommendations.conftest import BEFORE_DEADLINE, entry_data
from ..recommendations.test_excel import filled_template, row

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９ｘ")
ZWSP = "\u200b"
PERSON = make_id_number("530102", dt.date(1994, 3, 8), 41, False)
FORM = {"series": "工程", "specialty": "建筑工程", "level": "zhuliji", "assessment_result": "passed",
        "publicity_start": "2026-11-02", "publicity_end": "2026-11-06", "pledge_date": "2026-10-30",
        "opinion_date": "2026-11-09"}


def _add_on_screen(client, batch, name, id_number):
    return client.post(reverse("recommendations:entry_add", args=[batch.pk]),
                       {**FORM, "real_name": name, "id_number": id_number})


def test_arabic_indic_digits_are_stored_as_the_number_and_the_same_person_cannot_be_listed_twice(world, login):
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        first = _add_on_screen(client, batch, "王芳", PERSON.translate(ARABIC_INDIC))
        again = _add_on_screen(client, batch, "王芳", PERSON)
        spaced = _add_on_screen(client, batch, "王芳", f"{PERSON[:6]}{ZWSP} {PERSON[6:]}")
    assert first.status_code == 302
    assert list(RecommendationEntry.objects.values_list("id_number", flat=True)) == [PERSON]
    for response in (again, spaced):
        assert response.status_code == 200 and "已在本名单中（王芳）" in response.content.decode()
    assert RecommendationEntry.objects.count() == 1


def test_excel_import_with_full_width_digits_meets_the_screen_entry(world, login):
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        assert _add_on_screen(client, batch, "王芳", PERSON).status_code == 302
        response = client.post(reverse("recommendations:import", args=[batch.pk]),
                               {"file": filled_template([row("王芳", PERSON.translate(FULL_WIDTH))])})
    assert response.status_code == 200
    assert "第 3 行" in response.content.decode() and "已在本名单中（王芳）" in response.content.decode()
    assert RecommendationEntry.objects.count() == 1


def test_a_name_of_only_a_zero_width_space_is_refused_everywhere(world, login, client):
    officer = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        screen = _add_on_screen(officer, batch, ZWSP, PERSON)
        imported = officer.post(reverse("recommendations:import", args=[batch.pk]),
                                {"file": filled_template([row(ZWSP + "\u3164", PERSON)])})
    assert "姓名须包含至少一个汉字或字母" in screen.content.decode()
    assert "姓名须包含至少一个汉字或字母" in imported.content.decode()
    assert RecommendationEntry.objects.count() == 0
    client.logout()
    registered = client.post(reverse("accounts:register"), {
        "username": "ghost", "password1": "Kunming#2024x", "password2": "Kunming#2024x",
        "real_name": ZWSP, "id_number": make_id_number("530102", dt.date(1999, 1, 2), 5, True)})
    assert registered.status_code == 200 and "姓名须包含至少一个汉字或字母" in registered.content.decode()
    assert not User.objects.filter(username="ghost").exists()


def test_registration_refuses_area_code_000000_and_stores_full_width_numbers_plainly(client, world):
    form = {"username": "nobody", "password1": "Kunming#2024x", "password2": "Kunming#2024x", "real_name": "钱八"}
    zero_area = "00000019900101121" + id_check_char("00000019900101121")  # make_id_number refuses it
    refused = client.post(reverse("accounts:register"), {**form, "id_number": zero_area})
    assert "不是有效的省级行政区划代码" in refused.content.decode()
    assert not User.objects.filter(username="nobody").exists()
    number = make_id_number("530102", dt.date(1990, 1, 1), 12, True)
    client.post(reverse("accounts:register"), {**form, "id_number": number.translate(FULL_WIDTH)})
    assert User.objects.get(username="nobody").id_number == number
    twin = client.post(reverse("accounts:register"), {**form, "username": "twin", "id_number":
                                                      number.translate(ARABIC_INDIC)})
    assert "已注册账号" in twin.content.decode() and not User.objects.filter(username="twin").exists()


def _unit_form(world, uscc):
    return {"username": "new_unit", "password1": "Kunming#2024x", "password2": "Kunming#2024x",
            "real_name": "新经办人", "phone": "13900000000", "email": "", "unit_name": "云南新公司有限公司",
            "uscc": uscc, "kind": "non_public", "affiliation": "district",
            "district": world.districts["panlong"].pk, "department": ""}


def _with_check(body17):
    """A USCC with the right check character but a body make_uscc refuses."""
    return body17 + uscc_check_char(body17)


def test_unit_registration_refuses_uscc_with_no_registration_authority_or_division(client, world):
    for uscc, reason in [("000000000000000000", "第 1 位（登记管理部门）或第 2 位（机构类别）"),
                         (_with_check("94530103MA6K00009"), "第 1 位（登记管理部门）或第 2 位（机构类别）"),
                         (_with_check("91000000MA6K00009"), "第 3–8 位应为登记管理机关的行政区划代码"),
                         (_with_check("91105301MA6K00009"), "第 3–8 位应为登记管理机关的行政区划代码")]:
        response = client.post(reverse("accounts:register_unit"), _unit_form(world, uscc))
        assert response.status_code == 200 and reason in response.content.decode(), uscc
    assert not User.objects.filter(username="new_unit").exists()
    good = make_uscc("91530103MA6K00009")
    client.post(reverse("accounts:register_unit"), _unit_form(world, f" {good.lower().translate(FULL_WIDTH)}{ZWSP}"))
    assert User.objects.get(username="new_unit").unit.uscc == good


def _list_with(world, key, name, number):
    officer = world.users[f"unit_{key}"]
    services.recommendation_policy_upload(unit=world.units[key], actor=officer, title="办法",
                                          file=pdf_upload("p.pdf", "policy"), adopted_on=dt.date(2024, 6, 1))
    rec_list = services.recommendation_list_open(unit=world.units[key], batch=world.batches["current"],
                                                 actor=officer, now=BEFORE_DEADLINE)
    services.recommendation_entry_add(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE,
                                      data=entry_data(real_name=name, id_number=number))
    return rec_list


def test_bureau_is_warned_when_one_id_number_is_on_three_units_lists(world, login):
    lists = [_list_with(world, "soe", "王芳", PERSON),
             _list_with(world, "private", "王方", PERSON.translate(ARABIC_INDIC)),
             _list_with(world, "school", "汪芳", PERSON.translate(FULL_WIDTH))]
    _list_with(world, "dispatch", "李雷", make_id_number("530102", dt.date(1993, 5, 6), 7, True))
    bureau = login(world.users["bureau"])
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        overview = bureau.get(reverse("recommendations:bureau_lists", args=[world.batches["current"].pk]))
        detail = bureau.get(reverse("recommendations:list_detail", args=[lists[0].pk]))
    for page in (overview.content.decode(), detail.content.decode()):
        assert "同时列在 3 个单位的推荐名单上" in page
        for unit, name in [("soe", "王芳"), ("private", "王方"), ("school", "汪芳")]:
            assert f"{world.units[unit].name}（{name}）" in page
        assert "李雷）" not in page
    unit_page = login(world.users["unit_soe"]).get(reverse("recommendations:list_detail", args=[lists[0].pk]))
    assert unit_page.status_code == 200 and "同时列在" not in unit_page.content.decode()


def test_migration_normalises_stored_numbers_and_leaves_a_clash_on_a_unique_column(world):
    person = world.users["zhang_san"]
    clash = world.users["li_si"]
    typed = person.id_number.translate(FULL_WIDTH)
    rec_list = _list_with(world, "soe", "王芳", PERSON)
    # Rows as stored before the normalisation (written past the ORM, whose fields now normalise every write).
    legacy = [(RecommendationEntry, "id_number", PERSON.translate(ARABIC_INDIC), rec_list.entries.get().pk),
              (User, "id_number", typed, clash.pk),  # the same number as zhang_san's, typed differently
              (Unit, "uscc", world.units["soe"].uscc.lower(), world.units["soe"].pk)]
    with connection.cursor() as cursor:
        for model, column, value, pk in legacy:
            cursor.execute(f'UPDATE "{model._meta.db_table}" SET "{column}" = %s WHERE id = %s', [value, pk])
    migration = importlib.import_module("zhicheng.recommendations.migrations.0004_normalise_identities")
    migration.forwards(apps, None)
    assert RecommendationEntry.objects.get(recommendation_list=rec_list).id_number == PERSON
    assert Unit.objects.get(pk=world.units["soe"].pk).uscc == world.units["soe"].uscc
    assert User.objects.get(pk=clash.pk).id_number == typed  # left for a person to resolve, not merged
