import time_machine
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import OPINION, submitted

from .conftest import NOW


def test_review_page_trail_reads_in_chinese(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
        services.application_approve(application=app, actor=listed.users["unit_soe"], opinion=OPINION, now=NOW)
        page = login(listed.users["dept_build"]).get(reverse("applications:review", args=[app.pk])).content.decode()
    assert "单位审核通过（待单位审核 → 待主管部门复核）" in page
    assert "提交申报" in page
    assert "application.unit_approve" not in page


def test_my_applications_shows_no_empty_deadline_once_recognised(listed, login):
    wang_wu = listed.users["wang_wu"]
    with time_machine.travel(NOW, tick=False):
        app = submitted(wang_wu, listed.batches["current"], now=NOW)
        app = services.application_approve(application=app, actor=listed.users["unit_private"], opinion=OPINION,
                                           now=NOW)
        app = services.application_approve(application=app, actor=listed.users["bureau"], comment="同意认定。",
                                           now=NOW)
        page = login(wang_wu).get(reverse("applications:mine")).content.decode()
    assert app.status == "recognised" and "已认定" in page
    assert 'data-label="截止时间"' not in page
