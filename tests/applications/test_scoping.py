"""Who sees what: others' applications are 404; the queue stays within a fixed number of queries."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.models import Application, Status
from zhicheng.applications.selectors import QueueFilters, applications_visible_to, review_queue

from .conftest import NOW, extra_person, put_on_list


@pytest.fixture
def two_apps(listed):
    with time_machine.travel(NOW, tick=False):
        return (submitted(listed.users["li_si"], listed.batches["current"], now=NOW),
                submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW))


def test_other_units_officer_department_and_district_get_404(listed, two_apps, login):
    soe_app, private_app = two_apps
    with time_machine.travel(NOW, tick=False):
        for username, app in [("unit_private", soe_app), ("unit_soe", private_app), ("dept_edu", soe_app),
                              ("bureau_wuhua", soe_app), ("bureau_wuhua", private_app)]:
            client = login(listed.users[username])
            assert client.get(reverse("applications:review", args=[app.pk])).status_code == 404, username
            assert client.post(reverse("applications:review", args=[app.pk]),
                               {"action": "approve", **OPINION}).status_code == 404
        # another applicant
        client = login(listed.users["zhao_liu"])
        assert client.get(reverse("applications:detail", args=[soe_app.pk])).status_code == 404
        assert client.get(reverse("applications:check", args=[soe_app.pk])).status_code == 404
        assert client.post(reverse("applications:submit", args=[soe_app.pk])).status_code == 404
        # the right people see it
        assert login(listed.users["unit_soe"]).get(reverse("applications:review", args=[soe_app.pk])).status_code == 200
        assert login(listed.users["dept_build"]).get(
            reverse("applications:review", args=[soe_app.pk])).status_code == 200
        assert login(listed.users["bureau"]).get(reverse("applications:review", args=[soe_app.pk])).status_code == 200
        wuhua_queue = login(listed.users["bureau_wuhua"]).get(reverse("applications:queue") + "?status=all")
        assert "李四" not in wuhua_queue.content.decode()
    soe_app.refresh_from_db()
    assert soe_app.status == Status.UNIT_REVIEW


def test_applicant_cannot_review_and_reviewer_cannot_edit(listed, two_apps, login):
    soe_app, _ = two_apps
    with time_machine.travel(NOW, tick=False):
        assert login(listed.users["li_si"]).get(reverse("applications:queue")).status_code == 403
        with pytest.raises(ValidationError):
            services.application_approve(application=soe_app, actor=soe_app.applicant, opinion=OPINION)
        with pytest.raises(ValidationError) as exc:
            services.application_approve(application=soe_app, actor=listed.users["unit_private"], opinion=OPINION)
        assert "办理范围" in " ".join(exc.value.messages)


def test_visible_to_each_role(listed, two_apps):
    soe_app, private_app = two_apps
    users = listed.users
    assert set(applications_visible_to(users["li_si"])) == {soe_app}
    assert set(applications_visible_to(users["unit_soe"])) == {soe_app}
    assert set(applications_visible_to(users["dept_build"])) == {soe_app}
    assert set(applications_visible_to(users["bureau"])) == {soe_app, private_app}
    assert set(applications_visible_to(users["bureau_wuhua"])) == set()
    assert set(applications_visible_to(users["admin"])) == {soe_app, private_app}


def test_queue_counts_filters_and_bounded_queries(listed, login, django_assert_max_num_queries):
    world = listed
    with time_machine.travel(NOW, tick=False):
        submitted(world.users["wang_wu"], world.batches["current"], now=NOW)
        for i in range(11):  # eleven more people of the private unit in the queue
            submitted(extra_person(world, i), world.batches["current"], now=NOW)
        client = login(world.users["unit_private"])
        with django_assert_max_num_queries(14):
            page = client.get(reverse("applications:queue"))
        assert page.status_code == 200
        text = page.content.decode()
        assert "共 12 件" in text and "还剩" in text
        with django_assert_max_num_queries(6):
            queue = review_queue(world.users["unit_private"], QueueFilters(status=Status.UNIT_REVIEW))
            assert queue.counts[Status.UNIT_REVIEW] == 12 and queue.total == 12
            assert all("还剩" in row["deadline"] for row in queue.rows)
        assert "员工3" in client.get(reverse("applications:queue") + "?sort=name").content.decode()
        assert "共 0 件" in client.get(reverse("applications:queue") + "?overdue=1").content.decode()
    with time_machine.travel(NOW.replace(year=2027), tick=False):
        queue = review_queue(world.users["unit_private"], QueueFilters(status=Status.UNIT_REVIEW, overdue=True))
        assert queue.total == 12 and all(row["overdue"] for row in queue.rows)


def test_next_case_moves_on_without_the_queue(listed, login):
    with time_machine.travel(NOW, tick=False):
        first = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        second = submitted(extra_person(listed, 1), listed.batches["current"], now=NOW + dt.timedelta(minutes=5))
        client = login(listed.users["unit_private"])
        page = client.get(reverse("applications:review", args=[first.pk])).content.decode()
        assert reverse("applications:review", args=[second.pk]) in page  # 下一件
        r = client.post(reverse("applications:review", args=[first.pk]), {"action": "approve", **OPINION})
        assert r.status_code == 302 and r.url.startswith(reverse("applications:review", args=[second.pk]))
        r = client.post(r.url, {"action": "approve", **OPINION})
        assert r.url.startswith(reverse("applications:queue"))  # the queue is empty now


def test_bad_input_gives_messages_not_errors(listed, two_apps, login):
    soe_app, _ = two_apps
    with time_machine.travel(NOW, tick=False):
        client = login(listed.users["unit_soe"])
        r = client.post(reverse("applications:review", args=[soe_app.pk]), {"action": "return"})
        assert r.status_code == 200 and "至少列出一项" in r.content.decode()
        r = client.post(reverse("applications:review", args=[soe_app.pk]), {"action": "nonsense"})
        assert r.status_code == 200
        r = client.post(reverse("applications:review", args=[soe_app.pk]), {"action": "approve"})
        assert "不少于 10 个字" in r.content.decode()
        applicant = login(listed.users["li_si"])
        assert applicant.get(reverse("applications:section", args=[soe_app.pk, "nope"])).status_code == 404
        r = applicant.post(reverse("applications:section", args=[soe_app.pk, "work"]), {"rows": "x"})
        assert r.status_code == 200
    soe_app.refresh_from_db()
    assert soe_app.status == Status.UNIT_REVIEW and soe_app.return_count == 0


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_exactly_one_wins(world):
    from zhicheng.accounts.models import Role, User

    put_on_list(world, "wang_wu")
    second = User.objects.create(username="unit_private_2", role=Role.UNIT_OFFICER, real_name="第二经办人",
                                 unit=world.units["private"])
    with time_machine.travel(NOW, tick=False):
        app = submitted(world.users["wang_wu"], world.batches["current"], now=NOW)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(actor, kind):
        try:
            barrier.wait()
            if kind == "approve":
                services.application_approve(application=app, actor=actor, opinion=OPINION, now=NOW)
            else:
                services.application_return(application=app, actor=actor, now=NOW,
                                            items=[{"section": "achievements", "reason": "请补充。"}])
            outcomes.append(("ok", kind))
        except ValidationError as exc:
            outcomes.append(("refused", " ".join(exc.messages)))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(world.users["unit_private"], "approve")),
               threading.Thread(target=act, args=(second, "return"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o[0] for o in outcomes) == ["ok", "refused"]
    refused = next(o[1] for o in outcomes if o[0] == "refused")
    assert "其他人处理" in refused
    app = Application.objects.get(pk=app.pk)
    assert app.status in (Status.BUREAU_RECOGNITION, Status.RETURNED)
    assert app.reviews.filter(stage="unit_review").count() == 1
