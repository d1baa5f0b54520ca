"""ID numbers: masked by default, full only for roles that need them, and every full view is logged."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from zhicheng.accounts.idview import reveal_id_number
from zhicheng.audit.models import AuditEntry
from zhicheng.recommendations import demo as recommendations_demo
from zhicheng.recommendations.models import RecommendationEntry

pytestmark = pytest.mark.django_db


def test_bureau_sees_the_full_number_and_the_view_is_logged(world):
    person = world.users["li_si"]
    shown = reveal_id_number(viewer=world.users["bureau"], person=person, purpose="核对身份证")
    assert shown == person.id_number
    entry = AuditEntry.objects.get(action="id_number.view")
    assert entry.is_security_event and entry.actor == world.users["bureau"] and entry.comment == "核对身份证"
    assert entry.object_id == str(person.pk)


def test_another_applicant_gets_the_masked_number_and_nothing_is_logged(world):
    person = world.users["li_si"]
    shown = reveal_id_number(viewer=world.users["zhang_san"], person=person, purpose="x")
    assert shown == person.id_number[:6] + "********" + person.id_number[-4:]
    assert not AuditEntry.objects.filter(action="id_number.view").exists()


def test_own_number_is_shown_without_a_security_event(world):
    person = world.users["zhang_san"]
    assert reveal_id_number(viewer=person, person=person, purpose="") == person.id_number
    assert not AuditEntry.objects.filter(is_security_event=True).exists()


def test_template_tag_reveals_for_the_unit_and_logs_in_its_district(world):
    recommendations_demo.seed(world)
    entry = RecommendationEntry.objects.filter(recommendation_list__unit=world.units["school"]).first()
    request = RequestFactory().get("/unit/lists/1/")
    request.user = world.users["unit_school"]
    html = Template('{% load idnumbers %}{% reveal_id_number entry %}|{{ entry|mask_id }}').render(
        Context({"request": request, "entry": entry}))
    full, masked = html.split("|")
    assert full == entry.id_number and masked == entry.id_number[:6] + "********" + entry.id_number[-4:]
    logged = AuditEntry.objects.get(action="id_number.view")
    assert logged.district_id == world.districts["panlong"].pk and logged.comment == "/unit/lists/1/"


# Pages that show other people's full ID numbers on purpose, per role, and why. Everything else masks.
FULL_NUMBER_PAGES = {
    ("unit_officer", "recommendations"): "附件3 名单：经办人录入并核对本单位人员的身份证号码",
    ("bureau_reviewer", "supervision"): "诚信档案：人社局凭身份证号码记录和拒绝申报",
    ("bureau_reviewer", "recommendations"): "人社局核对各单位报送的名单",
}


@pytest.mark.parametrize("username", ["zhang_san", "unit_school", "dept_edu", "bureau"])
def test_pages_mask_other_peoples_id_numbers(client, username):
    from tests.security.test_authorisation_matrix import _pages_without_objects
    from zhicheng.accounts.models import User
    from zhicheng.core.demo import build_demo

    world = build_demo()
    viewer = world.users[username]
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    numbers = set(User.objects.exclude(pk=viewer.pk).exclude(id_number=None).values_list("id_number", flat=True))
    numbers |= set(RecommendationEntry.objects.exclude(id_number=viewer.id_number or "-")
                   .values_list("id_number", flat=True))
    leaks = []
    for route, url in _pages_without_objects():
        if (viewer.role, route.namespace) in FULL_NUMBER_PAGES or route.namespace in ("api",):
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        shown = [n for n in numbers if n in body]
        if shown:
            leaks.append(f"{url}: {len(shown)} full ID numbers, e.g. {shown[0][:6]}…")
    assert not leaks, f"{username} sees full ID numbers of other people:\n" + "\n".join(leaks)
