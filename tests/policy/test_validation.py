"""Invalid input of every kind: one Chinese line naming the field, exit 2 from the CLI."""

from __future__ import annotations

import copy
import json

import pytest

from zhicheng.policy.api import check_eligibility, check_publicity, run_cli
from zhicheng.policy.errors import PolicyInputError, ProfileError, UnknownYearError
from zhicheng.policy.profile import parse_profile

VALID = {
    "as_of": "2024-09-05",
    "series": "工程",
    "employer": {"uscc": "91530103MA6K1A2B15", "kind": "非公经济组织"},
    "person": {"last_annual_review": None, "integrity_ban_until": None},
    "education": [{"level": "本科", "date": "2023-06-28"}],
    "skills": [{"level": "高级工", "date": "2020-06-28"}],
    "titles": [{"series": "工程", "level": "员级", "date": "2021-06-28"}],
    "social_insurance": [{"from": "2023-07", "to": "2024-08", "city": "昆明市", "uscc": "91530103MA6K1A2B15"}],
}


def _set(path: list, value) -> dict:
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def _drop(path: list) -> dict:
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


INVALID = [
    # (profile, expected start of the message, words it must contain)
    (_set(["nickname"], "x"), "nickname:", "未知字段"),
    (_set(["employer", "phone"], "x"), "employer.phone:", "未知字段"),
    (_set(["person", "age"], 30), "person.age:", "未知字段"),
    (_set(["education", 0, "school"], "x"), "education[0].school:", "未知字段"),
    (_set(["skills", 0, "x"], 1), "skills[0].x:", "未知字段"),
    (_set(["titles", 0, "x"], 1), "titles[0].x:", "未知字段"),
    (_set(["social_insurance", 0, "amount"], 100), "social_insurance[0].amount:", "未知字段"),
    (_drop(["as_of"]), "as_of:", "缺少必填字段"),
    (_drop(["series"]), "series:", "缺少必填字段"),
    (_drop(["employer"]), "employer:", "缺少必填字段"),
    (_drop(["employer", "uscc"]), "employer.uscc:", "缺少必填字段"),
    (_drop(["employer", "kind"]), "employer.kind:", "缺少必填字段"),
    (_drop(["education", 0, "date"]), "education[0].date:", "缺少必填字段"),
    (_drop(["titles", 0, "series"]), "titles[0].series:", "缺少必填字段"),
    (_drop(["social_insurance", 0, "city"]), "social_insurance[0].city:", "缺少必填字段"),
    (_set(["series"], "电工"), "series:", "不支持的职称系列"),
    (_set(["target_level"], "中级"), "target_level:", "不支持的申报级别"),
    (_set(["target_level"], None), "target_level:", "应为字符串"),
    (_set(["employer", "kind"], "国企"), "employer.kind:", "不支持的单位类型"),
    (_set(["employer", "affiliation"], "县属"), "employer.affiliation:", "不支持的隶属关系"),
    (_set(["person", "last_annual_review"], "良好"), "person.last_annual_review:", "不支持的年度考核结果"),
    (_set(["education", 0, "level"], "高中"), "education[0].level:", "不支持的学历"),
    (_set(["skills", 0, "level"], "初级工"), "skills[0].level:", "不支持的技能等级"),
    (_set(["titles", 0, "level"], "中级"), "titles[0].level:", "不支持的职称级别"),
    (_set(["as_of"], "2023-02-30"), "as_of:", "日期 2023-02-30 不存在"),
    (_set(["as_of"], "2023-02-29"), "as_of:", "不存在"),
    (_set(["cutoff"], "2024/09/05"), "cutoff:", "YYYY-MM-DD"),
    (_set(["as_of"], "20240905"), "as_of:", "YYYY-MM-DD"),
    (_set(["as_of"], 20240905), "as_of:", "应为日期字符串"),
    (_set(["employer", "employment_start"], "2024-13-01"), "employer.employment_start:", "不存在"),
    (_set(["person", "integrity_ban_until"], "2024-04-31"), "person.integrity_ban_until:", "不存在"),
    (_set(["education", 0, "date"], "2023-6-28"), "education[0].date:", "YYYY-MM-DD"),
    (_set(["social_insurance", 0, "from"], "2024-13"), "social_insurance[0].from:", "YYYY-MM"),
    (_set(["social_insurance", 0, "to"], "2024-8"), "social_insurance[0].to:", "YYYY-MM"),
    (_set(["social_insurance", 0, "to"], "2024-08-31"), "social_insurance[0].to:", "YYYY-MM"),
    (_set(["social_insurance", 0, "from"], "2024-09"), "social_insurance[0].from:",
     "起始月份 2024-09 晚于结束月份 2024-08"),
    (_set(["employer", "uscc"], 915301), "employer.uscc:", "应为字符串"),
    (_set(["employer"], "91530103MA6K1A2B15"), "employer:", "应为对象"),
    (_set(["person", "retired"], "no"), "person.retired:", "应为布尔值"),
    (_set(["person", "civil_servant"], 0), "person.civil_servant:", "应为布尔值"),
    (_set(["access_qualification"], "true"), "access_qualification:", "应为布尔值"),
    (_set(["education", 0, "major_related"], None), "education[0].major_related:", "应为布尔值"),
    (_set(["education"], {"level": "本科"}), "education:", "应为数组"),
    (_set(["social_insurance", 0], "2023-07..2024-08"), "social_insurance[0]:", "应为对象"),
    (_set(["months_in_current_post"], -1), "months_in_current_post:", "不能为负数"),
    (_set(["months_in_current_post"], 1.5), "months_in_current_post:", "应为整数"),
    (_set(["months_in_current_post"], "12"), "months_in_current_post:", "应为整数"),
    (_set(["titles", 0, "series"], 1), "titles[0].series:", "应为字符串"),
]


@pytest.mark.parametrize(("profile", "prefix", "words"), INVALID, ids=[i[1] + i[2] for i in INVALID])
def test_invalid_profile_names_the_field(profile: dict, prefix: str, words: str) -> None:
    with pytest.raises(ProfileError) as caught:
        check_eligibility(profile)
    message = str(caught.value)
    assert message.startswith(prefix + " "), message
    assert words in message
    assert "\n" not in message
    assert isinstance(caught.value, PolicyInputError)


@pytest.mark.parametrize(("profile", "prefix", "words"), INVALID, ids=[i[1] + i[2] for i in INVALID])
def test_cli_exit_2_with_one_line(profile: dict, prefix: str, words: str) -> None:
    code, out, err = run_cli("eligibility", json.dumps(profile, ensure_ascii=False))
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert err.startswith(prefix) and words in err
    assert "Traceback" not in err


def test_valid_profile_with_every_field_parses() -> None:
    full = _set(["target_level"], "助理级")
    full.update(cutoff="2024-08-20", months_in_current_post=12.0, access_qualification=True)
    full["employer"].update(affiliation="区属", employment_start="2023-07-01")
    full["person"].update(civil_servant=False, retired=False, obeys_arrangements=True, competent_in_post=True)
    profile = parse_profile(full)
    assert profile.months_in_current_post == 12
    assert profile.cutoff.isoformat() == "2024-08-20"
    assert profile.social_insurance[0].from_text == "2023-07"


def test_defaults_from_the_schema() -> None:
    profile = parse_profile({"as_of": "2024-09-05", "series": "农业", "employer": {"uscc": "X", "kind": "社会组织"}})
    assert profile.cutoff == profile.as_of
    assert profile.employer.affiliation == "区属"
    assert profile.employer.employment_start is None
    assert profile.person.obeys_arrangements and profile.person.competent_in_post
    assert not profile.person.civil_servant and not profile.person.retired
    assert profile.person.last_annual_review is None and profile.person.integrity_ban_until is None
    assert profile.access_qualification is False and profile.target_level is None
    assert profile.education == profile.skills == profile.titles == profile.social_insurance == ()


def test_array_errors_name_the_index() -> None:
    good = copy.deepcopy(VALID)
    with pytest.raises(ProfileError, match=r"^\[3\]\.series: 不支持的职称系列"):
        check_eligibility([good, good, good, _set(["series"], "电工")])
    with pytest.raises(ProfileError, match=r"^\[1\]\.social_insurance\[0\]\.from: 起始月份"):
        check_eligibility([good, _set(["social_insurance", 0, "from"], "2025-01")])
    with pytest.raises(ProfileError, match=r"^\[0\]: 应为对象"):
        check_eligibility([3])


def test_array_input_gives_array_output() -> None:
    results = check_eligibility([VALID, _set(["series"], "会计")])
    assert [r["eligible"] for r in results] == [True, False]
    assert check_eligibility([]) == []


@pytest.mark.parametrize("value", ["text", 3, None, True, 1.5])
def test_top_level_must_be_object_or_array(value) -> None:
    with pytest.raises(ProfileError, match="输入应为 JSON 对象"):
        check_eligibility(value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"as_of": ', "输入不是合法的 JSON：第 1 行第 11 列"),
        ('{\n  "as_of": "2024-09-05",\n}', "第 3 行第 1 列"),
        ("", "第 1 行第 1 列"),
        ('{"as_of": NaN}', "NaN"),
        ('{"a": 1} {"b": 2}', "有多余的内容"),
        ("[" * 100_000, "输入不是合法的 JSON"),
    ],
)
def test_bad_json(text: str, words: str) -> None:
    for command in ("eligibility", "publicity"):
        code, out, err = run_cli(command, text)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and words in err, err


def test_unknown_command() -> None:
    code, out, err = run_cli("recognise", "{}")
    assert (code, out) == (2, "") and "未知命令" in err


def test_cli_success_is_utf8_json_not_escaped() -> None:
    code, out, err = run_cli("eligibility", json.dumps([VALID]))
    assert (code, err) == (0, "")
    assert "助理级" in out and "\\u" not in out
    assert json.loads(out)[0]["level"] == "助理级"


@pytest.mark.parametrize(
    ("data", "prefix"),
    [
        ({"start": "2024-06-05"}, "end: 缺少必填字段"),
        ({"end": "2024-06-05"}, "start: 缺少必填字段"),
        ({"start": "2024-06-05", "end": "2024-06-11", "remark": "x"}, "remark: 未知字段"),
        ({"start": "2024-06-31", "end": "2024-07-11"}, "start: 日期 2024-06-31 不存在"),
        ({"start": "2024-06-05", "end": "11/06/2024"}, "end: 日期格式应为 YYYY-MM-DD"),
        ({"start": "2024-06-05", "end": "2024-06-11", "pledge_date": "2024-02-30"}, "pledge_date: 日期"),
        ({"start": "2024-06-05", "end": "2024-06-11", "opinion_date": 20240612}, "opinion_date: 应为日期字符串"),
        ({"start": "2024-06-12", "end": "2024-06-11"}, "start: 公示开始日期 2024-06-12 晚于结束日期 2024-06-11"),
        ([], "输入应为 JSON 对象"),
    ],
)
def test_invalid_publicity(data, prefix: str) -> None:
    with pytest.raises(ProfileError) as caught:
        check_publicity(data)
    assert str(caught.value).startswith(prefix), str(caught.value)
    code, out, err = run_cli("publicity", json.dumps(data))
    assert (code, out) == (2, "") and err.startswith(prefix) and err.count("\n") == 1


def test_unknown_year_is_an_input_error() -> None:
    with pytest.raises(UnknownYearError, match="2027 年的法定节假日安排尚未录入，无法计算工作日"):
        check_publicity({"start": "2027-03-01", "end": "2027-03-10"})
    code, out, err = run_cli("publicity", '{"start": "2026-12-28", "end": "2027-01-05"}')
    assert (code, out, err) == (2, "", "2027 年的法定节假日安排尚未录入，无法计算工作日\n")
