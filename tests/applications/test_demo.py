from collections import Counter

import time_machine

from zhicheng.applications.models import Application, Status
from zhicheng.core.demo import at


@time_machine.travel(at(2026, 11, 27, 10), tick=False)
def test_demo_has_applications_in_every_state(db):
    from zhicheng.core.demo import build_demo

    build_demo()
    states = Counter(Application.objects.values_list("status", flat=True))
    for status in (Status.DRAFT, Status.UNIT_REVIEW, Status.DEPARTMENT_RECHECK, Status.BUREAU_RECOGNITION,
                   Status.RETURNED, Status.RECOGNISED, Status.REJECTED, Status.CLOSED):
        assert states[status] >= 1, status
    returned = sorted(Application.objects.filter(status=Status.RETURNED).values_list("return_count", flat=True))
    assert returned == [1, 2]
    assert Application.objects.filter(status=Status.CLOSED, return_count=3).exists()
    assert Application.objects.filter(status=Status.RECOGNISED, paper_received_on__isnull=False).exists()


def test_demo_login_list_names_the_address_make_run_serves(world):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", "--once", "--url", "http://127.0.0.1:8100/", stdout=out)  # data exists: logins only
    text = out.getvalue()
    assert "演示数据已存在" in text and "bureau" in text
    assert "打开 http://127.0.0.1:8100/ 登录。" in text and ":8000" not in text
