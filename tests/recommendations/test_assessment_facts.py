"""一（二）: people the unit assessed as 基本合格/不合格, not obeying or not competent cannot be recommended."""

import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.recommendations import excel, services
from zhicheng.recommendations.checks import entry_problems
from zhicheng.recommendations.models import AnnualReview, ListStatus, RecommendationEntry

from .conftest import BEFORE_DEADLINE, entry_data, person
from .test_excel import filled_template, row


@pytest.mark.parametrize("changes, words", [
    ({"last_annual_review": AnnualReview.BASIC}, "上年度考核为基本合格"),
    ({"last_annual_review": AnnualReview.FAILED}, "上年度考核为不合格"),
    ({"obeys_arrangements": False}, "不服从用人单位工作安排"),
    ({"competent_in_post": False}, "不胜任专业技术岗位工作"),
])
def test_excluded_person_is_named_and_the_list_cannot_be_submitted(world, policy, make_list, changes, words):
    policy()
    rec_list = make_list(entries=[entry_data(**changes)])
    entry = rec_list.entries.get()
    assert any(words in p for p in entry_problems(entry, unit=rec_list.unit, batch=rec_list.batch))
    with pytest.raises(ValidationError):
        services.recommendation_list_submit(rec_list=rec_list, actor=world.users["unit_soe"], now=BEFORE_DEADLINE)
    rec_list.refresh_from_db()
    assert rec_list.status == "draft"


def test_new_hire_without_an_annual_review_can_be_recommended(world, policy, make_list):
    policy()
    rec_list = make_list(entries=[entry_data(last_annual_review=AnnualReview.NONE)])
    entry = rec_list.entries.get()
    assert entry_problems(entry, unit=rec_list.unit, batch=rec_list.batch) == []


def test_excel_import_reads_the_assessment_columns(world, make_list):
    rec_list = make_list(entries=[])
    good = row("甲", person(1)) + ["基本合格", "是", "否"]
    rows = excel.read_rows(filled_template([good]))
    assert rows[0]["errors"] == []
    data = rows[0]["data"]
    assert (data["last_annual_review"], data["obeys_arrangements"], data["competent_in_post"]) == (
        AnnualReview.BASIC, True, False)
    services.recommendation_entries_import(rec_list=rec_list, actor=world.users["unit_soe"], rows=rows,
                                           now=BEFORE_DEADLINE)
    assert rec_list.entries.get().competent_in_post is False


def test_excel_import_with_an_unknown_annual_review_saves_nothing_and_names_the_row(world, make_list):
    rec_list = make_list(entries=[])
    good = row("甲", person(1)) + ["优秀", "是", "是"]
    bad = row("乙", person(2)) + ["很好", "是", "也许"]
    rows = excel.read_rows(filled_template([good, bad]))
    with pytest.raises(services.ImportRowsError) as exc:
        services.recommendation_entries_import(rec_list=rec_list, actor=world.users["unit_soe"], rows=rows,
                                               now=BEFORE_DEADLINE)
    text = " ".join(exc.value.messages)
    assert "第 4 行" in text and "上年度考核结果" in text and "胜任专业技术岗位" in text
    assert rec_list.entries.count() == 0


def test_unit_records_basic_pass_on_the_form_and_the_page_refuses_submission_with_the_reason(world, login, policy):
    policy()
    client = login(world.users["unit_soe"])
    batch = world.batches["current"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.post(reverse("recommendations:entry_add", args=[batch.pk]), {
            "real_name": "赵敏", "id_number": person(4), "series": "工程", "specialty": "给排水", "level": "zhuliji",
            "assessment_result": "passed", "last_annual_review": "basic", "obeys_arrangements": "True",
            "competent_in_post": "False", "publicity_start": "2026-11-02", "publicity_end": "2026-11-06",
            "pledge_date": "2026-10-30", "opinion_date": "2026-11-09",
        })
        assert response.status_code == 302
        entry = RecommendationEntry.objects.get(real_name="赵敏")
        assert (entry.last_annual_review, entry.obeys_arrangements, entry.competent_in_post) == (
            AnnualReview.BASIC, True, False)
        edit = client.get(reverse("recommendations:entry_edit", args=[entry.pk])).content.decode()
        assert 'value="basic" selected' in edit and 'value="False" id="id_competent_in_post_1" checked' in edit
        page = client.post(reverse("recommendations:submit", args=[batch.pk]), follow=True).content.decode()
    # the eligibility rule's own sentence (zhicheng.policy.rules.assessment_reason), every problem in it
    assert "不胜任专业技术岗位工作、上年度考核为基本合格，不得参加初级职称考核认定（通知一（二））" in page
    assert "上年度考核：基本合格；服从工作安排；不胜任专业技术岗位" in page
    entry.recommendation_list.refresh_from_db()
    assert entry.recommendation_list.status == ListStatus.DRAFT


def test_template_explains_the_assessment_columns(world):
    wb = load_workbook(io.BytesIO(excel.build_template()))
    headers = [c.value for c in wb.worksheets[0][2]]
    assert headers[-3:] == ["上年度考核结果", "服从工作安排", "胜任专业技术岗位"]
    notes = {r[0]: r[1] for r in wb["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert "基本合格、不合格的不得推荐" in notes["上年度考核结果"]
    assert "不服从的不得推荐" in notes["服从工作安排"]


def test_export_shows_the_assessment_facts(world, login, make_list):
    rec_list = make_list(entries=[entry_data(last_annual_review=AnnualReview.EXCELLENT)])
    response = login(world.users["unit_soe"]).get(reverse("recommendations:export", args=[rec_list.pk]))
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = dict(zip([c.value for c in ws[2]], [c.value for c in ws[3]], strict=True))
    assert (row["上年度考核结果"], row["服从工作安排"], row["胜任专业技术岗位"]) == ("优秀", "是", "是")
