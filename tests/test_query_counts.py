"""No page's query count grows with the data (issue 17.3).

Every queue, list, export and review page is opened by the people who use it with 10 applications in the
district, then again after 190 more have gone through the same services (submitted, approved by the unit and
the department, recognised, certified, some recorded in the integrity archive). A page that fetches a related
row per line (an N+1) shows more queries the second time; the ceiling is the count at 10 rows.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.accounts.models import Role, User
from zhicheng.applications import services
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.models import Application, Status
from zhicheng.certificates.services import certificate_issue
from zhicheng.core.demo import make_id_number, make_uscc
from zhicheng.orgs.models import Unit, UnitKind
from zhicheng.orgs.services import unit_change_approve, unit_change_propose
from zhicheng.recommendations.models import RecommendationList
from zhicheng.supervision.services import integrity_record_create

from .applications.conftest import NOW, UNIT_OF, put_on_list

UNITS = ("private", "soe", "school")  # no department, 住建局, 教育体育局


def _person(world, i: int) -> User:
    unit_key = UNITS[i % len(UNITS)]
    username = f"load{i}"
    user = User.objects.create(username=username, role=Role.APPLICANT, real_name=f"测试{i:03d}",
                               id_number=make_id_number("530103", dt.date(1985, 1, 1) + dt.timedelta(days=i),
                                                        i % 100, i % 2 == 0))
    world.users[username] = user
    UNIT_OF[username] = unit_key
    try:
        put_on_list(world, username, series="中小学教师" if unit_key == "school" else "工程",
                    specialty="小学数学" if unit_key == "school" else "建筑工程")
    finally:
        UNIT_OF.pop(username)
    return user


def _officer(world, app):
    return next(u for u in world.users.values() if u.role == Role.UNIT_OFFICER and u.unit_id == app.unit_id)


def _dept(world, app):
    return next(u for u in world.users.values()
                if u.role == Role.DEPARTMENT_REVIEWER and u.department_id == app.unit.department_id)


def _unit_changes(world, i: int) -> None:
    """The private unit's address changed once more (its history grows) and a new unit's request waiting (the
    bureau's queue grows), through the services."""
    change = unit_change_propose(unit=world.units["private"], actor=world.users["unit_private"], reason="单位搬迁。",
                                 values={"address": f"昆明市盘龙区北京路{i}号"})
    unit_change_approve(request=change, actor=world.users["bureau"])
    unit = Unit.objects.create(name=f"云南测试{i:03d}有限公司", uscc=make_uscc(f"91530103MA7Q{i:05d}"),
                               kind=UnitKind.NON_PUBLIC, district=world.districts["panlong"])
    officer = User.objects.create(username=f"officer{i}", role=Role.UNIT_OFFICER, real_name=f"经办{i:03d}", unit=unit,
                                  is_approved=True)
    unit_change_propose(unit=unit, actor=officer, reason="单位更名。", values={"name": f"云南测试{i:03d}股份有限公司"})


def grow(world, start: int, count: int) -> None:
    """``count`` more applications of the current batch, spread over every review state, via the services."""
    batch, bureau = world.batches["current"], world.users["bureau"]
    for i in range(start, start + count):
        app = submitted(_person(world, i), batch, now=NOW)
        step = i % 5
        if step >= 1:
            app = services.application_approve(application=app, actor=_officer(world, app), opinion=OPINION, now=NOW)
        if step >= 2 and app.status == Status.DEPARTMENT_RECHECK:
            app = services.application_approve(application=app, actor=_dept(world, app), comment="复核通过。", now=NOW)
        if step == 4:
            app = services.application_approve(application=app, actor=bureau, comment="同意认定。", now=NOW)
            app = services.application_record_paper(application=app, actor=bureau, received_on=NOW.date(),
                                                    delivered_by=_officer(world, app), now=NOW)
            certificate_issue(application=app, actor=bureau)
        if i % 10 == 3:
            integrity_record_create(actor=bureau, finding="提供虚假学历证明。", decided_on=NOW.date(),
                                    name=f"外单位{i}", id_number=make_id_number("530102", dt.date(1980, 2, 1), i, True))
        if i % 10 == 5:
            _unit_changes(world, i)


def pages(world) -> dict[str, tuple[User, str]]:
    """Every page whose length follows the data, with the person who opens it."""
    u, batch = world.users, world.batches["current"]
    first = Application.objects.filter(unit=world.units["private"]).order_by("pk").first()
    private_list = RecommendationList.objects.get(unit=world.units["private"], batch=batch)
    return {
        "unit queue": (u["unit_private"], reverse("applications:queue")),
        "unit review page": (u["unit_private"], reverse("applications:review", args=[first.pk])),
        "unit dashboard": (u["unit_private"], reverse("recommendations:dashboard")),
        "unit list (edit)": (u["unit_private"], reverse("recommendations:list", args=[batch.pk])),
        "unit list (read)": (u["unit_private"], reverse("recommendations:list_detail", args=[private_list.pk])),
        "unit list export": (u["unit_private"], reverse("recommendations:export", args=[private_list.pk])),
        "unit workbench": (u["unit_private"], reverse("core:landing")),
        "unit notifications": (u["unit_private"], reverse("notifications:list")),
        "unit details": (u["unit_private"], reverse("orgs:my_unit")),
        "department queue": (u["dept_build"], reverse("applications:queue")),
        "department workbench": (u["dept_build"], reverse("core:landing")),
        "bureau queue": (u["bureau"], reverse("applications:queue")),
        "bureau queue, all": (u["bureau"], reverse("applications:queue") + "?status=all"),
        "bureau review page": (u["bureau"], reverse("applications:review", args=[first.pk])),
        "bureau recognised": (u["bureau"], reverse("applications:recognised")),
        "bureau certificates to issue": (u["bureau"], reverse("certificates:issue")),
        "bureau lists of the batch": (u["bureau"], reverse("recommendations:bureau_lists", args=[batch.pk])),
        "bureau batches": (u["bureau"], reverse("batches:list")),
        "bureau batch": (u["bureau"], reverse("batches:detail", args=[batch.pk])),
        "bureau results xlsx": (u["bureau"], reverse("documents:batch_results_xlsx", args=[batch.pk])),
        "bureau results pdf": (u["bureau"], reverse("documents:batch_results_pdf", args=[batch.pk])),
        "bureau integrity records": (u["bureau"], reverse("supervision:records")),
        "bureau integrity export": (u["bureau"], reverse("supervision:records_export", args=["xlsx"])),
        "bureau supervision": (u["bureau"], reverse("supervision:dashboard")),
        "bureau statistics": (u["bureau"], reverse("supervision:stats") + f"?batch={batch.pk}"),
        "bureau year statistics": (u["bureau"], reverse("supervision:stats") + f"?year={batch.year}"),
        "bureau audit trail": (u["bureau"], reverse("supervision:audit")),
        "bureau audit trail, one person": (u["bureau"], reverse("supervision:audit") + "?person=测试"),
        "department audit trail": (u["dept_build"], reverse("supervision:audit")),
        "bureau revocations": (u["bureau"], reverse("supervision:revocations")),
        "bureau appeals": (u["bureau"], reverse("supervision:appeals")),
        "bureau unit changes": (u["bureau"], reverse("orgs:change_queue")),
        "bureau workbench": (u["bureau"], reverse("core:landing")),
        "applicant's applications": (u["wang_wu"], reverse("applications:mine")),
    }


# Pages that list the grown rows themselves: their responses must get longer, or the rows were not there.
LISTING = ("unit queue", "unit list (edit)", "unit list (read)", "unit list export", "department queue",
           "bureau queue", "bureau queue, all", "bureau recognised", "bureau lists of the batch",
           "bureau results xlsx", "bureau results pdf", "bureau integrity records", "bureau integrity export",
           "unit details", "bureau unit changes")
# Paginated pages (50 rows a page) are as long with 200 applications as with 10 once their first page is full
# (which rows fill it, and so the page's length, differs between databases): their "共 N 条" must grow instead.
PAGINATED = ("bureau audit trail", "department audit trail")


def query_counts(client, world) -> tuple[dict[str, int], dict[str, int]]:
    counts, sizes = {}, {}
    for name, (user, url) in pages(world).items():
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
        body = b"".join(response) if response.streaming else response.content
        sizes[name] = len(body)
        if name in PAGINATED:
            sizes[name] = int(re.search(r"共 (\d+) 条", body.decode()).group(1))
    return counts, sizes


@pytest.mark.django_db
def test_no_page_asks_the_database_more_often_when_the_district_has_more_applications(world, client):
    with time_machine.travel(NOW, tick=False):
        put_on_list(world, "wang_wu")
        submitted(world.users["wang_wu"], world.batches["current"], now=NOW)
        grow(world, 0, 9)
        small, small_sizes = query_counts(client, world)
        grow(world, 9, 190)
        assert Application.objects.count() == 200
        large, large_sizes = query_counts(client, world)
    assert not [name for name in LISTING + PAGINATED if large_sizes[name] <= small_sizes[name]], \
        "rows missing from a listing"
    grown = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grown, f"pages whose query count grew from 10 to 200 applications (10 → 200): {grown}"
