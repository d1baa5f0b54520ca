import pytest
from django.urls import reverse

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import visible_units
from zhicheng.audit.models import AuditEntry
from zhicheng.core.demo import make_id_number, make_uscc

pytestmark = pytest.mark.django_db

LANDING_HEADINGS = {
    "zhang_san": "我的申报工作台",
    "unit_private": "用人单位工作台",
    "dept_edu": "主管部门复核工作台",
    "bureau": "区人社局认定工作台",
    "admin": "系统管理工作台",
}


@pytest.mark.parametrize("username", list(LANDING_HEADINGS))
def test_each_role_lands_on_its_own_work_page_after_login(client, world, password, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password}, follow=True)
    assert response.status_code == 200
    assert LANDING_HEADINGS[username] in response.content.decode()


def test_home_page_is_chinese_and_offers_login(client, db):
    body = client.get(reverse("core:home")).content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "初级职称考核认定" in body and reverse("accounts:login") in body


def test_applicant_registers_with_id_number_and_gets_birth_date(client, world):
    id_number = make_id_number("530102", __import__("datetime").date(2000, 2, 29), 7, male=True)
    response = client.post(reverse("accounts:register"), {
        "username": "new_person", "password1": "Kunming#2024x", "password2": "Kunming#2024x",
        "real_name": "钱八", "id_number": id_number, "phone": "", "email": "",
    }, follow=True)
    assert response.status_code == 200
    user = User.objects.get(username="new_person")
    assert user.role == Role.APPLICANT
    assert str(user.birth_date) == "2000-02-29" and user.sex_display == "男"
    assert AuditEntry.objects.filter(action="account.register_applicant", object_id=str(user.pk)).exists()


def test_registration_with_bad_id_number_says_why_and_creates_nothing(client, world):
    response = client.post(reverse("accounts:register"), {
        "username": "bad_person", "password1": "Kunming#2024x", "password2": "Kunming#2024x",
        "real_name": "钱八", "id_number": "110105194912310021",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码校验位不正确" in body and "请修改以下问题" in body
    assert not User.objects.filter(username="bad_person").exists()


def test_second_account_with_same_id_number_is_refused(client, world):
    taken = world.users["zhang_san"].id_number
    response = client.post(reverse("accounts:register"), {
        "username": "twin", "password1": "Kunming#2024x", "password2": "Kunming#2024x",
        "real_name": "张三", "id_number": taken,
    })
    assert "已注册账号" in response.content.decode()
    assert not User.objects.filter(username="twin").exists()


def _unit_form(world, **overrides):
    data = {
        "username": "new_unit", "password1": "Kunming#2024x", "password2": "Kunming#2024x",
        "real_name": "新经办人", "phone": "13900000000", "email": "",
        "unit_name": "云南新公司有限公司", "uscc": make_uscc("91530103MA6K00009"), "kind": "non_public",
        "affiliation": "district", "district": world.districts["panlong"].pk, "department": "",
    }
    data.update(overrides)
    return data


def test_unit_officer_cannot_act_until_the_district_bureau_approves(client, world, password, login):
    client.post(reverse("accounts:register_unit"), _unit_form(world))
    officer = User.objects.get(username="new_unit")
    assert officer.role == Role.UNIT_OFFICER and not officer.is_approved
    assert visible_units(officer).count() == 0

    other_bureau = login(world.users["bureau_wuhua"])
    other_bureau.post(reverse("accounts:approve_officer", args=[officer.pk]))
    officer.refresh_from_db()
    assert not officer.is_approved  # another district's bureau cannot approve it

    bureau = login(world.users["bureau"])
    page = bureau.get(reverse("accounts:pending_officers")).content.decode()
    assert "云南新公司有限公司" in page
    bureau.post(reverse("accounts:approve_officer", args=[officer.pk]))
    officer.refresh_from_db()
    assert officer.is_approved and officer.approved_by == world.users["bureau"]
    assert list(visible_units(officer)) == [officer.unit]


def test_unit_registration_with_bad_uscc_is_refused(client, world):
    response = client.post(reverse("accounts:register_unit"), _unit_form(world, uscc="91350100M000100Y44"))
    assert "统一社会信用代码校验位不正确" in response.content.decode()
    assert not User.objects.filter(username="new_unit").exists()


def test_one_units_officer_sees_only_their_own_unit(world):
    officer = world.users["unit_private"]
    assert list(visible_units(officer)) == [world.units["private"]]
    dept = world.users["dept_edu"]
    assert set(visible_units(dept)) == {world.units["school"]}
    bureau = world.users["bureau"]
    assert world.units["wuhua_firm"] not in set(visible_units(bureau))


def test_pending_page_is_refused_to_unit_officers(world, login):
    client = login(world.users["unit_private"])
    assert client.get(reverse("accounts:pending_officers")).status_code == 403


def test_login_is_locked_after_repeated_failures(client, world, password):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "wang_wu", "password": "wrong-password"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(url, {"username": "wang_wu", "password": password}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()
