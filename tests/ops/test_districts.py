"""One installation, several districts: each bureau sees only its own; the city administrator sees all."""

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import visible_districts, visible_units


@pytest.mark.django_db
def test_wuhua_bureau_cannot_see_panlong_units(world):
    wuhua_bureau = world.users["bureau_wuhua"]
    units = set(visible_units(wuhua_bureau))
    assert units == {world.units["wuhua_firm"]}
    assert world.units["school"] not in units
    assert list(visible_districts(wuhua_bureau)) == [world.districts["wuhua"]]


@pytest.mark.django_db
def test_panlong_bureau_sees_only_panlong_units(world):
    units = set(visible_units(world.users["bureau"]))
    assert world.units["school"] in units and world.units["branch"] in units
    assert world.units["wuhua_firm"] not in units


@pytest.mark.django_db
def test_city_admin_sees_both_districts(world):
    admin = world.users["admin"]
    assert admin.role == Role.ADMIN and admin.district_id is None
    assert set(visible_units(admin)) >= {world.units["school"], world.units["wuhua_firm"]}
    assert set(visible_districts(admin)) == {world.districts["panlong"], world.districts["wuhua"]}


@pytest.mark.django_db
def test_district_admin_is_limited_to_its_district(world):
    from zhicheng.accounts.models import User

    wuhua_admin = User.objects.create(username="admin_wuhua", role=Role.ADMIN, district=world.districts["wuhua"])
    assert set(visible_units(wuhua_admin)) == {world.units["wuhua_firm"]}
