import re

import pytest

pytestmark = pytest.mark.django_db

FACTS = {
    "as_of": "2024-09-05", "series": "工程", "unit_kind": "非公经济组织", "affiliation": "区属",
    "education_level": "本科", "education_date": "2023-06-28",
    "ins0_from": "2023-07", "ins0_to": "2024-08", "ins0_city": "昆明市", "ins0_this_unit": "on",
}


def test_self_check_needs_no_login_and_explains_each_rule(client):
    body = client.get("/selfcheck/", FACTS).content.decode()
    assert "符合申报条件：可申报助理级" in body
    assert body.count('class="check-ok"') == 10
    assert "二（二）4" in body


def test_short_period_says_from_which_month(client):
    facts = {**FACTS, "as_of": "2024-05-10", "ins0_to": "2024-04", "ins0_from": "2023-07"}
    body = client.get("/selfcheck/", facts).content.decode()
    assert "暂不符合申报条件" in body
    assert "预计 <strong>2024年6月</strong> 起符合条件" in body


def test_excluded_series_fails_with_its_clause(client):
    body = client.get("/selfcheck/", {**FACTS, "series": "会计"}).content.decode()
    assert "暂不符合申报条件" in body
    assert 'class="check-fail"><strong>一（三）</strong>' in body


def test_bad_month_is_explained_and_nothing_judged(client):
    body = client.get("/selfcheck/", {**FACTS, "ins0_to": "2024-13"}).content.decode()
    assert "请按 2023-07 的格式填写年月" in body
    assert "selfcheck-result" not in body


def test_a_junior_college_graduate_is_not_told_yuanji_after_twelve_months(client):
    """二（二）1 names 员级 only after 中专; 大专 needs 36 months for 助理级 (二（二）2)."""
    facts = {**FACTS, "education_level": "大专", "education_date": "2022-06-28", "ins0_from": "2022-07"}
    body = client.get("/selfcheck/", facts).content.decode()
    assert "暂不符合申报条件" in body and "可申报员级" not in body
    assert "预计 <strong>2025年6月</strong> 起符合条件" in body
    facts = {**facts, "education_level": "中专"}
    assert "符合申报条件：可申报员级" in client.get("/selfcheck/", facts).content.decode()


def test_the_home_page_quotes_the_procedure_in_force(client):
    body = client.get("/").content.decode()
    assert "内部公示不少于 5 个工作日" in body and "不少于 400 字" in body and "3 次退回仍有问题" in body


def test_the_form_is_grouped_and_the_route_only_hides_groups(client):
    """Without JavaScript every group shows; the route is remembered and never changes the judgement."""
    page = client.get("/selfcheck/").content.decode()
    for legend in ("申报情况", "单位", "学历（学位）", "职业技能等级", "已取得的职称", "养老保险参保记录", "个人情况"):
        assert f"<legend>{legend}</legend>" in page
    assert page.count("data-route=") == 3 and re.search(r"<fieldset[^>]*\shidden", page) is None
    assert page.count('class="insurance-row"') == 3  # the spare rows too (site.js folds the empty ones)
    chosen = client.get("/selfcheck/", {**FACTS, "route": "education"}).content.decode()
    assert "符合申报条件：可申报助理级" in chosen and 'value="education" data-route-choice="" id="id_route_1" checked' in chosen
    bad = client.get("/selfcheck/", {**FACTS, "route": "lottery"}).content.decode()
    assert 'id="id_route_error"' in bad and "selfcheck-result" not in bad
