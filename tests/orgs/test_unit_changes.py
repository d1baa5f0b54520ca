"""Issue 14.4: a unit's details are maintained by its officer (单位信息) and the district bureau (单位信息变更申请),
through the real pages: propose → approve changes the unit, reject keeps it, cases in review hold the kind and
the department, another district's bureau gets 404, and bad input is refused in Chinese with nothing changed."""

import threading
import time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from zhicheng.applications.demo import submitted
from zhicheng.applications.selectors import MSG_UNIT_IN_REVIEW
from zhicheng.audit.labels import action_label, describe
from zhicheng.audit.models import AuditEntry
from zhicheng.core.demo import make_uscc
from zhicheng.notifications.models import Notification
from zhicheng.orgs import services
from zhicheng.orgs.models import Unit, UnitChangeRequest, UnitChangeStatus, UnitKind, unit_values
from zhicheng.orgs.validators import MSG_USCC_CHECK

from ..applications.conftest import NOW, put_on_list

pytestmark = pytest.mark.django_db

MY_UNIT = reverse("orgs:my_unit")
QUEUE = reverse("orgs:change_queue")


def _form(unit, **changes) -> dict:
    """The 单位信息 form as the page fills it in, with the officer's edits."""
    data = {k: ("" if v is None else v) for k, v in unit_values(unit).items()}
    data["reason"] = "单位更名，已换发营业执照。"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}  # an unticked box is not sent


def _approve_form(change, **changes) -> dict:
    data = {f"approve-{k}": ("" if v is None else v) for k, v in change.proposed_values().items()
            if v is not False}
    data.update({f"approve-{k}": v for k, v in changes.items()})
    return data


def _text(response) -> str:
    return response.content.decode()


def test_the_officer_proposes_and_the_bureau_approves_the_unit_changes(world, login):
    unit = world.units["private"]
    officer = login(world.users["unit_private"])
    assert f'href="{MY_UNIT}"' in _text(officer.get(reverse("core:landing")))  # the workbench links to it
    page = _text(officer.get(MY_UNIT))
    assert unit.name in page and unit.uscc in page and "提交变更申请" in page

    new_uscc = make_uscc("91530103MA6K00099")
    page = _text(officer.post(MY_UNIT, _form(unit, name="云南星辰数智科技有限公司", uscc=new_uscc.lower()),
                              follow=True))
    assert "变更申请已提交" in page and "待审核的变更申请" in page and "提交变更申请" not in page
    change = UnitChangeRequest.objects.get(unit=unit)
    assert change.status == UnitChangeStatus.PENDING and change.uscc == new_uscc
    assert Unit.objects.get(pk=unit.pk).name == "云南星辰信息科技有限公司"  # nothing applied before the decision
    told = Notification.objects.get(user=world.users["bureau"])
    assert told.link == reverse("orgs:change_detail", args=[change.pk])

    bureau = login(world.users["bureau"])
    assert f'href="{QUEUE}"' in _text(bureau.get(reverse("core:landing")))
    assert "云南星辰信息科技有限公司" in _text(bureau.get(QUEUE))
    detail = _text(bureau.get(told.link))
    assert "云南星辰信息科技有限公司" in detail and "云南星辰数智科技有限公司" in detail and new_uscc in detail
    # The bureau corrects the name against the licence before approving.
    page = _text(bureau.post(told.link, _approve_form(change, name="云南星辰数智科技股份有限公司",
                                                     note="按营业执照更正名称。"), follow=True))
    assert "单位信息已变更" in page and "没有待审核的变更申请" in page

    unit.refresh_from_db()
    assert (unit.name, unit.uscc) == ("云南星辰数智科技股份有限公司", new_uscc)
    change.refresh_from_db()
    assert change.status == UnitChangeStatus.APPROVED and change.decided_by == world.users["bureau"]
    entry = AuditEntry.objects.get(action="unit_change.approve")
    assert entry.changes["name"] == {"from": "云南星辰信息科技有限公司", "to": "云南星辰数智科技股份有限公司"}
    assert entry.changes["corrected_by_bureau"] == ["name"] and entry.district_id == unit.district_id
    assert action_label("unit_change.approve") == "单位信息变更审核通过"
    assert describe(entry) == ("状态：待审核 → 已变更；单位名称：云南星辰信息科技有限公司 → 云南星辰数智科技股份有限公司；"
                               f"统一社会信用代码：91530103MA6K00002H → {new_uscc}；人社局更正的项目：单位名称")
    assert AuditEntry.objects.filter(action="unit_change.propose", actor=world.users["unit_private"]).exists()

    page = _text(login(world.users["unit_private"]).get(MY_UNIT))
    assert "已变更" in page and "云南星辰信息科技有限公司 → 云南星辰数智科技股份有限公司" in page
    assert "提交变更申请" in page  # a new request may be made again
    assert Notification.objects.filter(user=world.users["unit_private"], title="单位信息变更已审核通过").exists()


def test_a_rejected_request_leaves_the_unit_as_it_was(world, login):
    unit = world.units["soe"]
    login(world.users["unit_soe"]).post(MY_UNIT, _form(unit, kind=UnitKind.NON_PUBLIC, department=""))
    change = UnitChangeRequest.objects.get(unit=unit)
    bureau = login(world.users["bureau"])
    detail = _text(bureau.get(reverse("orgs:change_detail", args=[change.pk])))
    assert "国有企业" in detail and "非公经济组织" in detail and "盘龙区住房和城乡建设局" in detail

    reject = reverse("orgs:change_reject", args=[change.pk])
    page = _text(bureau.post(reject, {"reject-reason": ""}, follow=True))
    assert str(services.MSG_NO_REJECT_REASON) in page
    assert UnitChangeRequest.objects.get(pk=change.pk).status == UnitChangeStatus.PENDING

    page = _text(bureau.post(reject, {"reject-reason": "国有企业改制尚未完成，请改制后再申请。"}, follow=True))
    assert "已作出不予变更的决定" in page
    unit.refresh_from_db()
    assert unit.kind == UnitKind.STATE_OWNED and unit.department == world.departments["build"]
    assert UnitChangeRequest.objects.get(pk=change.pk).status == UnitChangeStatus.REJECTED
    assert AuditEntry.objects.filter(action="unit_change.reject", comment__contains="改制").exists()
    page = _text(login(world.users["unit_soe"]).get(MY_UNIT))
    assert "未通过" in page and "国有企业改制尚未完成" in page
    # A decided request cannot be decided again.
    bureau = login(world.users["bureau"])
    bureau.post(reverse("orgs:change_detail", args=[change.pk]), _approve_form(change))
    assert Unit.objects.get(pk=unit.pk).kind == UnitKind.STATE_OWNED


def test_kind_and_department_wait_while_an_application_is_in_review(world, login):
    put_on_list(world, "li_si")
    with time_machine.travel(NOW, tick=False):
        submitted(world.users["li_si"], world.batches["current"], now=NOW)  # at 单位审核
    unit = world.units["soe"]
    officer = login(world.users["unit_soe"])
    page = _text(officer.get(MY_UNIT))
    reason = MSG_UNIT_IN_REVIEW.format(count=1, stages="单位审核 1 件")
    assert reason in page  # said before anyone tries
    page = _text(officer.post(MY_UNIT, _form(unit, department=world.departments["edu"].pk)))
    assert reason in page
    assert not UnitChangeRequest.objects.exists()
    assert Unit.objects.get(pk=unit.pk).department == world.departments["build"]
    # The name is not held back.
    officer.post(MY_UNIT, _form(unit, name="昆明盘龙城投集团有限公司"))
    change = UnitChangeRequest.objects.get()
    # Nor may the bureau slip a department change into its approval.
    bureau = login(world.users["bureau"])
    url = reverse("orgs:change_detail", args=[change.pk])
    page = _text(bureau.post(url, _approve_form(change, department=world.departments["edu"].pk)))
    assert reason in page
    assert Unit.objects.get(pk=unit.pk).name == "昆明盘龙城市建设投资集团有限公司"
    bureau.post(url, _approve_form(change))
    unit.refresh_from_db()
    assert unit.name == "昆明盘龙城投集团有限公司" and unit.department == world.departments["build"]


def test_another_districts_bureau_and_another_unit_get_404(world, login):
    unit = world.units["private"]
    login(world.users["unit_private"]).post(MY_UNIT, _form(unit, address="昆明市盘龙区北京路1号"))
    change = UnitChangeRequest.objects.get()
    wuhua = login(world.users["bureau_wuhua"])
    assert "云南星辰信息科技有限公司" not in _text(wuhua.get(QUEUE))
    for url in (reverse("orgs:change_detail", args=[change.pk]), reverse("orgs:change_reject", args=[change.pk])):
        assert wuhua.post(url, {"reject-reason": "无", **_approve_form(change)}).status_code == 404
    assert wuhua.get(reverse("orgs:change_detail", args=[change.pk])).status_code == 404
    assert login(world.users["unit_school"]).get(reverse("orgs:change_detail", args=[change.pk])).status_code == 403
    assert UnitChangeRequest.objects.get().status == UnitChangeStatus.PENDING
    assert Unit.objects.get(pk=unit.pk).address == ""


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"uscc": "91530103MA6K00002X"}, "uscc", str(MSG_USCC_CHECK)),
    ({"name": ""}, "name", str(services.MSG_NAME_EMPTY)),
    ({"name": "\u200b\u200c\u2060"}, "name", str(services.MSG_NAME_INVISIBLE)),
    ({"uscc": make_uscc("91530103MA6K00001")}, "uscc", "该统一社会信用代码已登记为另一家单位（昆明盘龙城市建设投资集团有限公司）"),
    ({"is_out_of_province_branch": "on", "parent_company_name": ""}, "parent_company_name",
     str(services.MSG_PARENT_NEEDED)),
    ({"reason": ""}, "reason", str(services.MSG_NO_REASON)),
    ({}, None, str(services.MSG_NOTHING_CHANGED)),
])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, login, changes, field, message):
    unit = world.units["private"]
    before = unit_values(unit)
    response = login(world.users["unit_private"]).post(MY_UNIT, _form(unit, **changes))
    assert response.status_code == 200
    page = _text(response)
    assert message in page and "请修改以下问题后再提交" in page
    if field:
        assert f'id="id_{field}_error"' in page
    assert not UnitChangeRequest.objects.exists() and not AuditEntry.objects.filter(action__startswith="unit_change")
    assert unit_values(Unit.objects.get(pk=unit.pk)) == before


def test_the_bureaus_corrections_are_checked_too(world, login):
    unit = world.units["private"]
    login(world.users["unit_private"]).post(MY_UNIT, _form(unit, contact_phone="0871-65000000"))
    change = UnitChangeRequest.objects.get()
    bureau = login(world.users["bureau"])
    url = reverse("orgs:change_detail", args=[change.pk])
    page = _text(bureau.post(url, _approve_form(change, name="\u3000\u200b")))
    assert str(services.MSG_NAME_INVISIBLE) in page or str(services.MSG_NAME_EMPTY) in page
    page = _text(bureau.post(url, _approve_form(change, contact_phone="")))
    assert str(services.MSG_APPROVE_NOTHING) in page
    assert UnitChangeRequest.objects.get().status == UnitChangeStatus.PENDING
    assert Unit.objects.get(pk=unit.pk).contact_phone == ""


def test_one_pending_request_at_a_time(world, login):
    unit = world.units["private"]
    officer = login(world.users["unit_private"])
    with time_machine.travel("2026-11-27 09:30 +0800", tick=False):
        officer.post(MY_UNIT, _form(unit, address="昆明市盘龙区北京路1号"))
    page = _text(officer.post(MY_UNIT, _form(unit, address="昆明市盘龙区北京路2号"), follow=True))
    # The service's sentence (with the day the pending request was made), not a second wording in the view.
    assert str(services.MSG_PENDING_EXISTS).format(day="2026年11月27日") in page
    assert UnitChangeRequest.objects.count() == 1
    with pytest.raises(Exception, match="已有一份待审核的变更申请"):
        services.unit_change_propose(unit=unit, actor=world.users["unit_private"], reason="再次申请",
                                     values={"address": "昆明市盘龙区北京路3号"})


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two transactions at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_units_approved_at_once_for_one_uscc_the_second_is_told_not_a_500(world):
    """Both requests pass the uniqueness check while neither is committed; the unique index stops the second,
    which the bureau is told in words, and its unit keeps its old code."""
    uscc = make_uscc("91530103MA6K00077")
    first, second = world.units["private"], world.units["soe"]
    requests = [services.unit_change_propose(unit=unit, actor=world.users[officer], reason="换发营业执照。",
                                             values={**unit_values(unit), "uscc": uscc})
                for unit, officer in ((first, "unit_private"), (second, "unit_soe"))]
    first_saved, outcome = threading.Event(), {}

    def approve_first_and_hold():
        try:
            with transaction.atomic():
                services.unit_change_approve(request=requests[0], actor=world.users["bureau"])
                first_saved.set()
                time.sleep(1.0)  # the second approval runs its check now, and waits at the index
        finally:
            connection.close()

    def approve_second():
        try:
            first_saved.wait(10)
            services.unit_change_approve(request=requests[1], actor=world.users["bureau"])
            outcome["result"] = "approved"
        except ValidationError as exc:
            outcome["result"] = " ".join(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_first_and_hold), threading.Thread(target=approve_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome["result"] == str(services.MSG_USCC_TAKEN_JUST_NOW)
    assert Unit.objects.get(pk=first.pk).uscc == uscc
    assert Unit.objects.get(pk=second.pk).uscc == second.uscc
    assert UnitChangeRequest.objects.get(pk=requests[1].pk).status == UnitChangeStatus.PENDING
