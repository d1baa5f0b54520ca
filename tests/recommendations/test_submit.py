import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zhicheng.audit.models import AuditEntry
from zhicheng.core.demo import at
from zhicheng.notifications.models import Notification
from zhicheng.orgs.models import Unit
from zhicheng.recommendations import checks, services
from zhicheng.recommendations.demo import pdf_upload
from zhicheng.recommendations.models import ListStatus
from zhicheng.supervision.models import PenaltyKind, UnitPenalty

from .conftest import BEFORE_DEADLINE, entry_data, person


def test_submit_just_before_the_deadline_succeeds_and_notifies_the_bureau(world, policy, make_list):
    policy()
    rec_list = make_list()
    with time_machine.travel(at(2026, 11, 20, 16, 59), tick=False):
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"])
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.SUBMITTED and rec_list.submitted_at == at(2026, 11, 20, 16, 59)
    assert AuditEntry.objects.filter(action="recommendation_list.submit", to_state="submitted").exists()
    note = Notification.objects.get(user=world.users["bureau"])
    assert "昆明盘龙城市建设投资集团有限公司" in note.title and "共 1 人" in note.body
    assert not Notification.objects.filter(user=world.users["bureau_wuhua"]).exists()
    with pytest.raises(ValidationError, match="不能重复报送"):
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"])


def test_the_bureau_of_the_batchs_district_is_notified_even_after_the_unit_moved(world, policy, make_list):
    """The list is the batch's district's (scope, audit chain): its bureau is told, not the unit's new district."""
    policy()
    rec_list = make_list()
    # The Django admin can move a unit to another district after its list for this batch was opened.
    Unit.objects.filter(pk=world.units["soe"].pk).update(district=world.districts["wuhua"])
    rec_list.refresh_from_db()
    services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    entry = AuditEntry.objects.get(action="recommendation_list.submit")
    assert entry.district_id == world.batches["current"].district_id == world.districts["panlong"].pk
    assert Notification.objects.filter(user=world.users["bureau"], title__contains="推荐人员名单").exists()
    assert not Notification.objects.filter(user=world.users["bureau_wuhua"]).exists()


def test_submit_after_the_deadline_is_refused_for_good(world, policy, make_list):
    policy()
    rec_list = make_list()
    with time_machine.travel(at(2026, 11, 20, 17, 0), tick=False), pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"])
    assert "2026年11月20日 17:00" in exc.value.messages[0] and "不予网络审核" in exc.value.messages[0]
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.DRAFT
    with pytest.raises(ValidationError, match="已过"):
        services.recommendation_entry_add(rec_list=rec_list, actor=world.users["unit_soe"],
                                          data=entry_data(id_number=person(2)), now=at(2026, 11, 21))


def test_no_recommendation_system_refuses_submission(world, make_list):
    rec_list = make_list()
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    assert checks.MSG_NO_POLICY in exc.value.messages


def test_suspended_unit_is_refused(world, policy, make_list):
    policy()
    rec_list = make_list()
    batch = world.batches["current"]
    # A first lax review suspends exactly the next batch (the supervision app may record this as a scope).
    scope = {"scope": "next_batch"} if any(f.name == "scope" for f in UnitPenalty._meta.fields) else {}
    UnitPenalty.objects.create(unit=world.units["soe"], kind=PenaltyKind.LAX_REVIEW, facts="推荐不符合条件人员",
                               decided_on=dt.date(2026, 9, 30), suspended_from=dt.date(2026, 10, 1),
                               suspended_batch=batch, recorded_by=world.users["bureau"], **scope)
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    assert any("暂停" in m for m in exc.value.messages)
    assert rec_list.status == ListStatus.DRAFT


def test_empty_list_is_refused(world, policy, make_list):
    policy()
    rec_list = make_list(entries=[])
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    assert checks.MSG_NO_ENTRIES in exc.value.messages


def test_publicity_problems_are_reported_per_entry(world, policy, make_list):
    """Dragon Boat week 2024: 6月5日–11日 has only 4 working days (10 June is a holiday)."""
    policy()
    rec_list = make_list(batch="2024q3", now=at(2024, 8, 20), entries=[
        entry_data(real_name="端午", id_number=person(1), publicity_start=dt.date(2024, 6, 5),
                   publicity_end=dt.date(2024, 6, 11), pledge_date=dt.date(2024, 6, 4),
                   opinion_date=dt.date(2024, 6, 12)),
        entry_data(real_name="承诺晚", id_number=person(2), publicity_start=dt.date(2024, 8, 5),
                   publicity_end=dt.date(2024, 8, 9), pledge_date=dt.date(2024, 8, 5),
                   opinion_date=dt.date(2024, 8, 9)),
        entry_data(real_name="有异议", id_number=person(3), publicity_start=dt.date(2024, 8, 5),
                   publicity_end=dt.date(2024, 8, 9), pledge_date=dt.date(2024, 8, 2),
                   opinion_date=dt.date(2024, 8, 12), publicity_objection=True, assessment_result="failed"),
        entry_data(real_name="合格", id_number=person(4), publicity_start=dt.date(2024, 8, 5),
                   publicity_end=dt.date(2024, 8, 9), pledge_date=dt.date(2024, 8, 2),
                   opinion_date=dt.date(2024, 8, 12)),
    ])
    with pytest.raises(services.ListSubmitError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=at(2024, 8, 26))
    assert "有 3 名人员不符合推荐要求" in " ".join(exc.value.reasons)
    problems = {rec_list.entries.get(pk=k).real_name: v for k, v in exc.value.entry_problems.items()}
    assert problems["端午"] == ["公示期2024年6月5日至2024年6月11日仅4个工作日，须不少于5个工作日（周末、法定节假日不计）。"]
    assert problems["承诺晚"] == [
        "“本人郑重承诺”落款日期（2024年8月5日）须早于公示开始日期（2024年8月5日）。",
        "“单位审核意见”落款日期（2024年8月9日）须在公示期满（2024年8月9日）之后。",
    ]
    assert checks.MSG_FAILED in problems["有异议"] and checks.MSG_OBJECTION in problems["有异议"]
    assert problems["合格"] == []


def test_series_outside_this_recognition_is_refused(world, make_list):
    rec_list = make_list(entries=[])
    with pytest.raises(ValidationError) as exc:
        services.recommendation_entry_add(rec_list=rec_list, actor=world.users["unit_soe"],
                                          data=entry_data(series="会计"), now=BEFORE_DEADLINE)
    assert "会计系列属于实行“以考代评”的系列" in exc.value.message_dict["series"][0]
    assert rec_list.entries.count() == 0


def test_bad_id_number_and_duplicate_are_refused(world, make_list):
    rec_list = make_list()
    officer = world.users["unit_soe"]
    with pytest.raises(ValidationError) as exc:
        services.recommendation_entry_add(rec_list=rec_list, actor=officer, data=entry_data(
            id_number=person(5)[:-1] + ("0" if person(5)[-1] != "0" else "1")), now=BEFORE_DEADLINE)
    assert "校验位" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as exc:
        services.recommendation_entry_add(rec_list=rec_list, actor=officer, data=entry_data(), now=BEFORE_DEADLINE)
    assert "已在本名单中" in exc.value.message_dict["id_number"][0]


def test_dispatch_unit_needs_double_publicity_approval_and_agreement(world, policy, make_list):
    policy("dispatch")
    rec_list = make_list("dispatch")
    officer = world.users["unit_dispatch"]
    with pytest.raises(services.ListSubmitError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE)
    [problems] = exc.value.entry_problems.values()
    assert checks.MSG_DISPATCH_USING_UNIT in problems and checks.MSG_DISPATCH_AGREEMENT in problems
    assert checks.MSG_DISPATCH_APPROVAL in problems and checks.MSG_DISPATCH_SECOND in problems
    entry = rec_list.entries.get()
    services.recommendation_entry_update(
        entry=entry, actor=officer, now=BEFORE_DEADLINE, dispatch_agreement=pdf_upload("a.pdf", "agreement"),
        data=entry_data(using_unit_name="某用工单位", second_publicity_start=dt.date(2026, 11, 2),
                        second_publicity_end=dt.date(2026, 11, 5), using_unit_approved=True))
    with pytest.raises(services.ListSubmitError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE)
    [problems] = exc.value.entry_problems.values()
    assert problems == ["用工单位公示期2026年11月2日至2026年11月5日仅4个工作日，须不少于5个工作日。"]
    services.recommendation_entry_update(
        entry=entry, actor=officer, now=BEFORE_DEADLINE,
        data=entry_data(using_unit_name="某用工单位", second_publicity_start=dt.date(2026, 11, 2),
                        second_publicity_end=dt.date(2026, 11, 6), using_unit_approved=True))
    services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE)
    assert rec_list.entries.get().dispatch_agreement


def test_branch_needs_the_parent_company_report(world, policy, make_list):
    policy("branch")
    rec_list = make_list("branch")
    officer = world.users["unit_branch"]
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE)
    assert checks.MSG_NO_PARENT_REPORT in exc.value.messages
    services.parent_recommendation_upload(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE,
                                          file=pdf_upload("r.pdf", "parent report"))
    services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=BEFORE_DEADLINE)
    rec_list.refresh_from_db()
    assert rec_list.status == ListStatus.SUBMITTED


def test_upload_that_is_not_pdf_or_image_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        services.recommendation_policy_upload(
            unit=world.units["soe"], actor=world.users["unit_soe"], title="办法", adopted_on=dt.date(2024, 6, 1),
            file=SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf"))
    assert "PDF、JPEG 或 PNG" in exc.value.message_dict["file"][0]
    assert not world.units["soe"].recommendation_policies.exists()


def test_officer_of_another_unit_cannot_use_the_services(world, make_list):
    rec_list = make_list()
    with pytest.raises(ValidationError, match="本单位"):
        services.recommendation_entry_add(rec_list=rec_list, actor=world.users["unit_school"],
                                          data=entry_data(id_number=person(7)), now=BEFORE_DEADLINE)
