"""一（二）: people the unit assessed as 基本合格/不合格, not obeying or not competent cannot be recommended."""

import pytest
from django.core.exceptions import ValidationError

from zhicheng.recommendations import excel, services
from zhicheng.recommendations.checks import entry_problems
from zhicheng.recommendations.models import AnnualReview

from .conftest import BEFORE_DEADLINE, entry_data, person
from .test_excel import filled_template, row


@pytest.mark.parametrize("changes, words", [
    ({"last_annual_review": AnnualReview.BASIC}, "上年度考核基本合格"),
    ({"last_annual_review": AnnualReview.FAILED}, "上年度考核不合格"),
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


def test_excel_import_refuses_an_unknown_annual_review(world, make_list):
    bad = row("乙", person(2)) + ["很好"]
    rows = excel.read_rows(filled_template([bad]))
    assert any("上年度考核结果" in e for e in rows[0]["errors"])
