"""Dated parameters (params/*.yaml) and the series table."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from types import MappingProxyType

from zhicheng.policy import parameters
from zhicheng.policy.eligibility import evaluate
from zhicheng.policy.parameters import PARAMETER_VERSION, Parameter, snapshot, value
from zhicheng.policy.profile import parse_profile
from zhicheng.policy.rules import integrity_ban_until
from zhicheng.policy.vocabulary import SERIES

NOTICE_DAY = date(2024, 7, 31)


def test_thresholds_of_the_2024_notice() -> None:
    expected = {
        "months_zhongzhuan_to_yuanji": 12,
        "months_yuanji_title_to_zhuliji": 48,
        "months_dazhuan_to_zhuliji": 36,
        "months_senior_skill_to_zhuliji": 24,
        "months_benke_to_zhuliji": 12,
        "months_master_to_zhuliji": 0,
        "extra_months_unrelated_major": 12,
        "kunming_insurance_months": 6,
        "kunming_insurance_months_master": 1,
        "series_change_months": 12,
        "integrity_ban_years": 3,
        "publicity_min_working_days": 5,
    }
    for name, number in expected.items():
        assert value(name, on=NOTICE_DAY) == number, name


def test_every_entry_has_description_clause_and_dated_values() -> None:
    for name in parameters.names():
        entry = parameters.entry(name)
        assert re.search(r"[\u4e00-\u9fff]", entry.description), name
        assert re.match(r"^[一二三四五六七八九十]+(（|$)", entry.clause), name  # 二（二）4, or a whole section (四)
        assert entry.effective and len(entry.effective) == len(entry.values)
        assert list(entry.effective) == sorted(entry.effective)


def test_value_in_force_on_a_date() -> None:
    entry = Parameter("x", "说明", "二（二）4", "月", (date(2024, 7, 31), date(2025, 7, 1)), (12, 18))
    assert entry.at(date(2024, 7, 31)) == 12
    assert entry.at(date(2025, 6, 30)) == 12
    assert entry.at(date(2025, 7, 1)) == 18
    assert entry.at(date(2030, 1, 1)) == 18
    assert entry.at(date(2020, 1, 1)) == 12  # before the first notice: the oldest rules


def test_series_table_covers_every_series() -> None:
    table = snapshot(NOTICE_DAY).series
    assert set(table) == set(SERIES)
    excluded = {s for s, rule in table.items() if rule.excluded}
    assert excluded == {"经济", "会计", "统计", "审计", "卫生", "翻译", "出版", "通信", "计算机软件", "消防工程", "药学"}
    entry_required = {s for s, rule in table.items() if rule.access_qualification}
    assert entry_required == {"中小学教师", "中等职业学校教师", "技工院校教师", "律师", "公证", "档案"}
    assert parameters.series_rule("档案", NOTICE_DAY).access_qualification == "档案岗位基础知识培训结业证书"


def test_parameter_version_is_stable_hex() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", PARAMETER_VERSION)
    assert parameters._load()[1] == PARAMETER_VERSION


def test_snapshot_is_cached_per_date() -> None:
    assert snapshot(NOTICE_DAY) is snapshot(date(2024, 7, 31))


def test_series_month_override_changes_the_route() -> None:
    """A series whose 评价标准 sets its own years (二（二）1、5): the table's months win."""
    params = snapshot(date(2024, 9, 5))
    rule = params.series["新闻"]
    overridden = replace(params, series=MappingProxyType(
        {**params.series, "新闻": replace(rule, months=MappingProxyType({"本科": 24}))}
    ))
    profile = parse_profile({
        "as_of": "2024-09-05", "series": "新闻", "target_level": "助理级",
        "employer": {"uscc": "U", "kind": "国有企业"},
        "education": [{"level": "本科", "date": "2023-06-28"}],
        "social_insurance": [{"from": "2023-07", "to": "2024-08", "city": "昆明市", "uscc": "U"}],
    })
    assert evaluate(profile, params).eligible
    result = evaluate(profile, overridden)
    assert not result.eligible and result.failing == ("qualification_period",)
    assert result.route == "本科+24个月" and result.eligible_from == "2025-06"


def test_yuanji_only_after_zhongzhuan_unless_the_series_standard_says_otherwise() -> None:
    """二（二）1 names 员级 after 中专 only; a series whose 评价标准 accepts 大专 for 员级 says so in its row."""
    params = snapshot(date(2024, 9, 5))
    assert params.yuanji_education == frozenset({"中专"})
    rule = params.series["新闻"]
    overridden = replace(params, series=MappingProxyType(
        {**params.series, "新闻": replace(rule, yuanji_education=frozenset({"中专", "大专"}))}
    ))
    profile = parse_profile({
        "as_of": "2024-09-05", "series": "新闻",
        "employer": {"uscc": "U", "kind": "国有企业"},
        "education": [{"level": "大专", "date": "2023-06-28"}],
        "social_insurance": [{"from": "2023-07", "to": "2024-08", "city": "昆明市", "uscc": "U"}],
    })
    result = evaluate(profile, params)
    assert not result.eligible and result.level is None and result.eligible_from == "2026-06"
    result = evaluate(profile, overridden)
    assert result.eligible and result.level == "员级" and result.route == "大专+12个月"


def test_integrity_ban_end_from_the_record_date() -> None:
    params = snapshot(NOTICE_DAY)
    assert integrity_ban_until(date(2024, 9, 5), params) == date(2027, 9, 4)
    assert integrity_ban_until(date(2024, 2, 29), params) == date(2027, 2, 27)
