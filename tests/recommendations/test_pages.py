import datetime as dt
import re

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.core.demo import at
from zhicheng.recommendations import services
from zhicheng.recommendations.demo import minimal_pdf
from zhicheng.recommendations.models import RecommendationEntry
from zhicheng.recommendations.selectors import entry_for_applicant, listing_problem

from .conftest import BEFORE_DEADLINE, entry_data, person


def test_dashboard_warns_without_a_recommendation_system(world, login):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        text = login(world.users["unit_soe"]).get(reverse("recommendations:dashboard")).content.decode()
    assert "本单位尚未上传考核推荐制度" in text and "没有制度不能推荐任何人员" in text
    assert "2026年第四期（12月）" in text and "未开始" in text


def test_policy_upload_page_then_dashboard_shows_it(world, login):
    client = login(world.users["unit_soe"])
    response = client.post(reverse("recommendations:policy_upload"), {
        "title": "城投集团初级职称考核推荐办法", "adopted_on": "2024-06-20",
        "file": SimpleUploadedFile("办法.pdf", minimal_pdf("policy")),
    })
    assert response.status_code == 302
    text = client.get(reverse("recommendations:dashboard")).content.decode()
    assert "已备案" in text and "城投集团初级职称考核推荐办法" in text and "2024年6月20日" in text
    policy = world.units["soe"].recommendation_policies.get()
    assert client.get(reverse("recommendations:policy_file", args=[policy.pk])).status_code == 200
    bad = client.post(reverse("recommendations:policy_upload"), {
        "title": "伪装的文件", "adopted_on": "2024-06-20", "file": SimpleUploadedFile("x.pdf", b"<html>")})
    assert bad.status_code == 200 and "只能上传 PDF、JPEG 或 PNG" in bad.content.decode()


def test_unit_adds_an_entry_and_sees_problems_per_entry(world, login, policy):
    policy()
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.post(reverse("recommendations:entry_add", args=[batch.pk]), {
            "real_name": "赵敏", "id_number": person(4), "series": "工程", "specialty": "给排水", "level": "zhuliji",
            "assessment_result": "passed", "publicity_start": "2026-11-02", "publicity_end": "2026-11-05",
            "pledge_date": "2026-10-30", "opinion_date": "2026-11-06",
        })
        assert response.status_code == 302
        page = client.get(reverse("recommendations:list", args=[batch.pk])).content.decode()
    assert "赵敏" in page and "仅4个工作日" in page and "有 1 名人员不符合推荐要求" in page
    assert "disabled" in page  # the submit button is unavailable and the reasons are shown


def test_unit_submits_through_the_page(world, login, policy, make_list):
    policy()
    make_list()
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        client.post(reverse("recommendations:submit", args=[batch.pk]))
        page = client.get(reverse("recommendations:list", args=[batch.pk])).content.decode()
    assert "本名单已于2026年11月16日 10:00报送区人社局" in page


def test_after_the_deadline_the_page_says_why_nothing_can_be_done(world, login, policy, make_list):
    policy()
    make_list()
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(at(2026, 11, 21, 9), tick=False):
        client.post(reverse("recommendations:submit", args=[batch.pk]))
        page = client.get(reverse("recommendations:list", args=[batch.pk])).content.decode()
        dash = client.get(reverse("recommendations:dashboard")).content.decode()
    assert "已过，本期不能再报送名单" in page and "报送区人社局</button>" not in page
    assert "未按时报送，本期不予网络审核" in dash


def test_another_units_officer_gets_404(world, login, make_list):
    rec_list = make_list()
    entry = rec_list.entries.get()
    client = login(world.users["unit_school"])
    assert client.get(reverse("recommendations:list_detail", args=[rec_list.pk])).status_code == 404
    assert client.get(reverse("recommendations:export", args=[rec_list.pk])).status_code == 404
    assert client.get(reverse("recommendations:entry_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("recommendations:entry_delete", args=[entry.pk])).status_code == 404
    assert RecommendationEntry.objects.filter(pk=entry.pk).exists()


def test_other_district_bureau_cannot_see_the_list(world, login, make_list):
    rec_list = make_list()
    client = login(world.users["bureau_wuhua"])
    assert client.get(reverse("recommendations:list_detail", args=[rec_list.pk])).status_code == 404
    assert client.get(reverse("recommendations:export", args=[rec_list.pk])).status_code == 404
    assert client.get(reverse("recommendations:bureau_lists", args=[rec_list.batch_id])).status_code == 404


def test_bureau_overview_lists_every_unit_with_counts(world, login, policy, make_list):
    policy()
    services.recommendation_list_submit(rec_list=make_list(), actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    make_list("school", entries=[entry_data(id_number=person(8))])
    client = login(world.users["bureau"])
    text = client.get(reverse("recommendations:bureau_lists", args=[world.batches["current"].pk])).content.decode()
    assert "已报送 1 个单位，共 1 人" in text
    assert "2026年11月16日 10:00" in text and "编辑中（未报送）" in text and "云南星辰信息科技有限公司" in text
    assert "五华区青云软件有限公司" not in text
    rec_list = world.units["soe"].recommendation_lists.get()
    detail = client.get(reverse("recommendations:list_detail", args=[rec_list.pk])).content.decode()
    assert "刘洋" in detail and "已报送" in detail


def test_entry_for_applicant_and_listing_problem(world, policy, make_list):
    batch = world.batches["current"]
    li_si = world.users["li_si"]
    assert listing_problem(user=li_si, batch=batch, now=BEFORE_DEADLINE).startswith("您不在本期任何用人单位")
    policy()
    rec_list = make_list(entries=[entry_data(real_name="李四", id_number=li_si.id_number)])
    assert entry_for_applicant(user=li_si, batch=batch) is None
    assert "尚未报送" in listing_problem(user=li_si, batch=batch, now=BEFORE_DEADLINE)
    late = listing_problem(user=li_si, batch=batch, now=at(2026, 11, 21))
    assert "未在2026年11月20日 17:00前报送" in late and "不予网络审核" in late
    services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    entry = entry_for_applicant(user=li_si, batch=batch)
    assert entry.real_name == "李四" and entry.recommendation_list.unit == world.units["soe"]
    assert listing_problem(user=li_si, batch=batch) is None
    assert entry_for_applicant(user=li_si, batch=world.batches["2024q3"]) is None
    assert entry_for_applicant(user=world.users["zhang_san"], batch=batch) is None


def test_demo_seed_submits_lists_for_both_batches(world):
    from zhicheng.recommendations.demo import seed

    seed(world)
    for key in ("2024q3", "current"):
        batch = world.batches[key]
        for username in ("zhang_san", "li_si", "wang_wu", "zhao_liu", "sun_qi"):
            assert entry_for_applicant(user=world.users[username], batch=batch) is not None
    dispatch_entry = entry_for_applicant(user=world.users["zhao_liu"], batch=world.batches["2024q3"])
    assert dispatch_entry.dispatch_agreement.read().startswith(b"%PDF-")
    assert dispatch_entry.recommendation_list.submitted_at.date() == dt.date(2024, 8, 26)


def test_a_year_without_a_holiday_calendar_is_named_not_called_start_after_end(world, login, policy):
    """Issue 14.2: publicity dates in a year whose 法定节假日安排 is not entered."""
    from zhicheng.policy.workdays import default_calendar

    year = max(default_calendar().years) + 1
    policy()
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.post(reverse("recommendations:entry_add", args=[batch.pk]), {
            "real_name": "赵敏", "id_number": person(4), "series": "工程", "specialty": "给排水", "level": "zhuliji",
            "assessment_result": "passed", "publicity_start": f"{year}-01-11", "publicity_end": f"{year}-01-15",
            "pledge_date": f"{year}-01-08", "opinion_date": f"{year}-01-18",
        })
        assert response.status_code == 302
        page = client.get(reverse("recommendations:list", args=[batch.pk])).content.decode()
    assert "晚于结束日期" not in page
    assert f"{year}年的法定节假日安排尚未录入平台" in page and "平台系统管理员录入" in page


def test_a_yes_no_question_is_a_named_group_whose_hint_is_described(world, login, policy):
    """A screen reader names the radio group by its question and reads its hint (Django 6.1 describes no
    group's inputs: the fieldset does)."""
    policy()
    client = login(world.users["unit_soe"])
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        page = client.get(reverse("recommendations:entry_add", args=[world.batches["current"].pk])).content.decode()
    group = re.search(r'<fieldset class="field"([^>]*)>\s*<legend>服从单位工作安排', page)
    assert group, "the question is not the legend of its radio buttons"
    assert 'aria-describedby="id_obeys_arrangements_helptext"' in group.group(1)
    assert 'id="id_obeys_arrangements_helptext">不服从用人单位工作安排的不得参加考核认定<' in page
    assert 'for=""' not in page  # no label pointing at nothing
