"""One scope for every reader: the bureau that decides a case is the district of the case's batch.

A unit that moved to another district keeps its open application with the batch (and the bureau) it applied
under; the new district's bureau must not see it, and the batch's bureau must see its material too (the old
documents fallback scoped attachments by the unit's district and got both wrong)."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from zhicheng.accounts import scope as scope_module
from zhicheng.accounts.scope import REACH, Scope, reviewers_for
from zhicheng.applications.demo import submitted
from zhicheng.applications.models import Application
from zhicheng.applications.selectors import attachments_visible_to
from zhicheng.applications.workflow import STAGES
from zhicheng.orgs.models import Unit
from zhicheng.recommendations.selectors import lists_for_user

from ..applications.conftest import NOW, put_on_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_unit_case(world):
    put_on_list(world, "li_si")
    app = submitted(world.users["li_si"], world.batches["current"], now=NOW)
    assert app.batch.district == world.districts["panlong"]
    Unit.objects.filter(pk=app.unit_id).update(district=world.districts["wuhua"])
    return Application.objects.get(pk=app.pk)


def test_the_batchs_bureau_sees_the_case_and_its_files_the_units_new_district_does_not(world, moved_unit_case):
    app = moved_unit_case
    panlong, wuhua = Scope.for_actor(world.users["bureau"]), Scope.for_actor(world.users["bureau_wuhua"])
    files = list(app.attachments.values_list("pk", flat=True))
    assert files
    assert panlong.applications().filter(pk=app.pk).exists()
    assert set(panlong.attachments().filter(application=app).values_list("pk", flat=True)) == set(files)
    assert not wuhua.applications().filter(pk=app.pk).exists()
    assert not wuhua.attachments().filter(application=app).exists()


def test_the_units_new_district_gets_404_on_the_case_and_its_material(world, moved_unit_case, login, client):
    app = moved_unit_case
    attachment = app.attachments.first()
    assert attachments_visible_to(world.users["bureau"]).filter(pk=attachment.pk).exists()
    assert not attachments_visible_to(world.users["bureau_wuhua"]).filter(pk=attachment.pk).exists()
    login(world.users["bureau_wuhua"])
    assert client.get(reverse("applications:review", args=[app.pk])).status_code == 404


def test_reviewers_are_the_batchs_bureau(world, moved_unit_case):
    bureau_stage = STAGES[-1]
    assert list(reviewers_for(bureau_stage, moved_unit_case)) == [world.users["bureau"]]


def test_the_batchs_bureau_keeps_the_moved_units_list_for_its_batch(world, moved_unit_case):
    """The 附件3 list belongs to the batch's district too (it was scoped by the unit's district)."""
    rec_list = moved_unit_case.recommendation_entry.recommendation_list
    assert lists_for_user(world.users["bureau"]).filter(pk=rec_list.pk).exists()
    assert not lists_for_user(world.users["bureau_wuhua"]).filter(pk=rec_list.pk).exists()


def test_every_kind_answers_for_every_role(world, moved_unit_case):
    """Each entry of the scope's table resolves for every account of the demo (paths and models are real)."""
    for user in world.users.values():
        scope = Scope.for_actor(user)
        for kind in REACH:
            scope.of(kind).count()


def test_the_scope_imports_no_domain_app():
    """Every app may ask the scope: it names models by label, so it imports only accounts and orgs."""
    tree = ast.parse(Path(scope_module.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0
                and (node.module or "").startswith("zhicheng.")}
    assert {module.split(".")[1] for module in imported} <= {"accounts", "orgs"}, imported
