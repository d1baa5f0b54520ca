"""Properties that must hold for every profile (hypothesis)."""

from __future__ import annotations

import copy
import json
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhicheng.policy.api import check_eligibility, run_cli
from zhicheng.policy.eligibility import RULE_CODES
from zhicheng.policy.errors import PolicyInputError
from zhicheng.policy.vocabulary import EDUCATION_LEVELS, SERIES, SKILL_LEVELS, UNIT_KINDS

EMPLOYER = "91530103MA6K1A2B15"
OTHER = "91530102MA6P9Q8R7S"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The monotonicity properties only bite on eligible profiles (~15% of those drawn): draw more.
MORE = settings(SETTINGS, max_examples=800)


OPEN_SERIES = ["工程", "农业", "新闻", "艺术", "中小学教师", "体育"]


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


dates = st.dates(date(2015, 1, 1), date(2025, 12, 31)).map(date.isoformat)
as_of_dates = st.dates(date(2024, 1, 1), date(2026, 6, 30))


@st.composite
def profiles(draw, *, stable: bool = False) -> dict:
    """A varied valid profile. ``stable``: facts that do not change meaning when as_of moves later
    (titles before 2024, one Kunming period by the employer running to 2030-12, no cutoff)."""
    as_of = draw(as_of_dates)
    kind = draw(st.sampled_from(UNIT_KINDS))
    employer = {"uscc": EMPLOYER, "kind": kind}
    if draw(st.integers(0, 3)) == 0:
        employer["affiliation"] = draw(st.sampled_from(["区属", "区属", "中央", "省属", "市属"]))
    if kind == "事业单位" and draw(st.integers(0, 9)) > 0:
        employer["employment_start"] = draw(dates)
    series = draw(st.sampled_from(SERIES)) if draw(st.integers(0, 3)) == 0 else draw(st.sampled_from(OPEN_SERIES))
    profile = {"as_of": as_of.isoformat(), "series": series, "employer": employer}
    if not stable and draw(st.booleans()):
        profile["cutoff"] = (as_of - timedelta(days=draw(st.integers(0, 60)))).isoformat()
    if draw(st.booleans()):
        profile["target_level"] = draw(st.sampled_from(["员级", "助理级"]))
    if draw(st.integers(0, 3)) == 0:
        profile["person"] = {
            "last_annual_review": draw(st.sampled_from(["优秀", "合格", "基本合格", "不合格", None])),
            "integrity_ban_until": draw(st.one_of(st.none(), dates)),
            "civil_servant": draw(st.booleans()) and draw(st.booleans()),
        }
    profile["education"] = draw(st.lists(st.fixed_dictionaries(
        {"level": st.sampled_from(EDUCATION_LEVELS), "date": dates},
        optional={"major_related": st.booleans()}), max_size=2))
    profile["skills"] = draw(st.lists(st.fixed_dictionaries(
        {"level": st.sampled_from(SKILL_LEVELS), "date": dates}), max_size=1))
    title_dates = st.dates(date(2015, 1, 1), date(2023, 12, 31)).map(date.isoformat) if stable else dates
    profile["titles"] = draw(st.lists(st.fixed_dictionaries(
        {"series": st.sampled_from(SERIES), "level": st.sampled_from(["员级", "助理级"]), "date": title_dates}),
        max_size=1))
    if draw(st.booleans()):
        profile["months_in_current_post"] = draw(st.integers(0, 30))
    elif profile["titles"] and draw(st.booleans()):
        profile["months_in_current_post"] = 12
    if draw(st.integers(0, 3)) > 0:
        profile["access_qualification"] = draw(st.integers(0, 3)) > 0
    if stable:
        start = draw(st.integers(2015 * 12, 2023 * 12 + 6))
        profile["social_insurance"] = [{"from": _month(start), "to": "2030-12", "city": "昆明市", "uscc": EMPLOYER}]
    else:
        periods = []
        if draw(st.integers(0, 3)) > 0:  # mostly: paid in Kunming by the employer up to the month before as_of
            last = as_of.year * 12 + as_of.month - 2 + draw(st.integers(0, 2))
            periods.append({"from": _month(last - draw(st.integers(5, 72))), "to": _month(last),
                            "city": "昆明市", "uscc": EMPLOYER})
        for _ in range(draw(st.integers(0, 2))):
            first = draw(st.integers(2015 * 12, 2026 * 12))
            last = first + draw(st.integers(0, 60))
            periods.append({"from": _month(first), "to": _month(last),
                            "city": draw(st.sampled_from(["昆明市", "昆明市", "曲靖市"])),
                            "uscc": draw(st.sampled_from([EMPLOYER, EMPLOYER, OTHER]))})
        profile["social_insurance"] = periods
    return profile


def _failing(result: dict) -> list[str]:
    return [r["code"] for r in result["reasons"] if not r["ok"]]


@SETTINGS
@given(profiles())
def test_every_result_is_complete_and_consistent(profile: dict) -> None:
    result = check_eligibility(profile)
    assert [r["code"] for r in result["reasons"]] == list(RULE_CODES)
    for reason in result["reasons"]:
        assert reason["clause"] and "\n" not in reason["message"]
        assert re.search(r"[\u4e00-\u9fff]", reason["message"])
        # The profile names no district: the same rules serve every district's batches.
        assert not re.search("盘龙|五华", reason["message"]), reason["message"]
    failing = _failing(result)
    assert result["eligible"] is (not failing)
    if result["eligible"]:
        assert result["level"] in ("员级", "助理级") and result["route"]
        if "target_level" in profile:
            assert result["level"] == profile["target_level"]
    else:
        assert result["level"] is None
    if result["eligible_from"] is not None:
        assert failing == ["qualification_period"]
        assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", result["eligible_from"])


@MORE
@given(profiles(), st.data())
def test_more_insurance_months_never_hurt(profile: dict, data) -> None:
    before = check_eligibility(profile)
    if not before["eligible"]:
        return
    as_of_month = int(profile["as_of"][:4]) * 12 + int(profile["as_of"][5:7]) - 1
    latest = max(min(as_of_month, int(p["to"][:4]) * 12 + int(p["to"][5:]) - 1)
                 for p in profile["social_insurance"]
                 if int(p["from"][:4]) * 12 + int(p["from"][5:]) - 1 <= as_of_month)
    last = data.draw(st.integers(latest - 80, latest))
    first = data.draw(st.integers(last - 60, last))
    more = copy.deepcopy(profile)
    more["social_insurance"].append({"from": _month(first), "to": _month(last), "city": "昆明市", "uscc": EMPLOYER})
    after = check_eligibility(more)
    assert after["eligible"], _failing(after)


@MORE
@given(profiles(stable=True), st.integers(1, 900))
def test_later_as_of_never_hurts(profile: dict, days_later: int) -> None:
    before = check_eligibility(profile)
    later = copy.deepcopy(profile)
    later["as_of"] = (date.fromisoformat(profile["as_of"]) + timedelta(days=days_later)).isoformat()
    after = check_eligibility(later)
    if before["eligible"]:
        assert after["eligible"], [r["message"] for r in after["reasons"] if not r["ok"]]
        if "target_level" not in profile:
            assert (after["level"], before["level"]) != ("员级", "助理级")


EXCLUSIONS = [
    ("person_excluded", lambda p: p.setdefault("person", {}).update(civil_servant=True)),
    ("person_excluded", lambda p: p.setdefault("person", {}).update(retired=True)),
    ("unit_assessment", lambda p: p.setdefault("person", {}).update(last_annual_review="基本合格")),
    ("unit_assessment", lambda p: p.setdefault("person", {}).update(obeys_arrangements=False)),
    ("unit_assessment", lambda p: p.setdefault("person", {}).update(competent_in_post=False)),
    ("unit_jurisdiction", lambda p: p["employer"].update(affiliation="中央")),
    ("series_excluded", lambda p: p.update(series="会计")),
    ("series_excluded", lambda p: p.update(series="药学")),
    ("integrity_record", lambda p: p.setdefault("person", {}).update(integrity_ban_until=p["as_of"])),
    ("access_qualification", lambda p: p.update(series="律师", access_qualification=False)),
]


@SETTINGS
@given(profiles(), st.sampled_from(EXCLUSIONS))
def test_adding_an_exclusion_never_makes_eligible(profile: dict, exclusion) -> None:
    code, apply = exclusion
    excluded = copy.deepcopy(profile)
    apply(excluded)
    result = check_eligibility(excluded)
    assert not result["eligible"]
    assert result["level"] is None and result["eligible_from"] is None
    assert code in _failing(result)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@SETTINGS
@given(profiles(), st.sampled_from(["as_of", "series", "employer", "person", "education", "social_insurance",
                                    "target_level", "titles", "cutoff", "months_in_current_post"]), json_values)
def test_garbage_in_any_field_is_a_clean_error(profile: dict, field: str, junk) -> None:
    broken = copy.deepcopy(profile)
    broken[field] = junk
    try:
        result = check_eligibility(broken)
    except PolicyInputError as exc:
        assert "\n" not in str(exc) and str(exc)
        code, out, err = run_cli("eligibility", json.dumps(broken, ensure_ascii=False))
        assert (code, out, err) == (2, "", str(exc) + "\n")
    else:
        assert [r["code"] for r in result["reasons"]] == list(RULE_CODES)
