"""Eligibility profile: JSON value → frozen dataclasses, validated by hand.

Validation follows ``eligibility-profile.schema.json`` strictly (unknown fields at any
level, required fields, types, enums, real calendar dates, YYYY-MM months, ``from``
not after ``to``) and is written out rather than delegated to jsonschema so that
screening stays fast. Every problem raises :class:`ProfileError` whose ``str()`` is
one Chinese line starting with the field path, e.g.
``social_insurance[1].from: 起始月份 2024-05 晚于结束月份 2024-03``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhicheng.policy.errors import ProfileError
from zhicheng.policy.months import month_text
from zhicheng.policy.records import positional_maker
from zhicheng.policy.vocabulary import (
    AFFILIATIONS,
    ANNUAL_REVIEWS,
    DISTRICT,
    EDUCATION_LEVELS,
    LEVELS,
    SERIES,
    SKILL_LEVELS,
    UNIT_KINDS,
)


@dataclass(frozen=True, slots=True)
class Employer:
    uscc: str
    kind: str
    affiliation: str = DISTRICT
    employment_start: date | None = None


@dataclass(frozen=True, slots=True)
class Person:
    civil_servant: bool = False
    retired: bool = False
    last_annual_review: str | None = None
    obeys_arrangements: bool = True
    competent_in_post: bool = True
    integrity_ban_until: date | None = None


DEFAULT_PERSON = Person()


@dataclass(frozen=True, slots=True)
class Education:
    level: str
    date: date
    major_related: bool = True


@dataclass(frozen=True, slots=True)
class Skill:
    level: str
    date: date


@dataclass(frozen=True, slots=True)
class Title:
    series: str
    level: str
    date: date


@dataclass(frozen=True, slots=True)
class InsurancePeriod:
    """Inclusive months as month indices (year * 12 + month - 1)."""

    first: int
    last: int
    city: str
    uscc: str

    @property
    def from_text(self) -> str:
        return month_text(self.first)

    @property
    def to_text(self) -> str:
        return month_text(self.last)


@dataclass(frozen=True, slots=True)
class Profile:
    as_of: date
    cutoff: date
    series: str
    employer: Employer
    target_level: str | None = None
    person: Person = DEFAULT_PERSON
    education: tuple[Education, ...] = ()
    skills: tuple[Skill, ...] = ()
    titles: tuple[Title, ...] = ()
    months_in_current_post: int | None = None
    access_qualification: bool = False
    social_insurance: tuple[InsurancePeriod, ...] = ()


_make_profile = positional_maker(Profile)
_make_employer = positional_maker(Employer)
_make_education = positional_maker(Education)
_make_insurance = positional_maker(InsurancePeriod)


# --- field helpers -------------------------------------------------------------------------------

_TYPE_NAMES = {
    str: "字符串", bool: "布尔值", int: "数字", float: "数字", list: "数组", dict: "对象", type(None): "null",
}


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _wrong_type(path: str, expected: str, value: Any) -> ProfileError:
    kind = _TYPE_NAMES.get(type(value), type(value).__name__)
    return ProfileError(path, f"应为{expected}，实际为{kind} {_shown(value)}")


def check_keys(obj: Any, path: str, allowed: frozenset[str], required: frozenset[str]) -> dict:
    """``obj`` is a JSON object with only ``allowed`` keys and all ``required`` ones."""
    if type(obj) is not dict:
        raise _wrong_type(path.rstrip("."), "对象", obj)
    keys = obj.keys()
    if not keys <= allowed:
        field = sorted(k for k in obj if k not in allowed)[0]
        if not field.isidentifier():
            field = json.dumps(field, ensure_ascii=False)
        raise ProfileError(f"{path}{field}", f"未知字段，允许的字段为 {'、'.join(sorted(allowed))}")
    if not keys >= required:
        field = next(f for f in required if f not in obj)
        raise ProfileError(f"{path}{field}", "缺少必填字段")
    return obj


def _str(value: Any, where: str, field: str) -> str:
    if type(value) is not str:
        raise _wrong_type(where + field, "字符串", value)
    return value


def _bool(value: Any, where: str, field: str) -> bool:
    if type(value) is not bool:
        raise _wrong_type(where + field, "布尔值（true/false）", value)
    return value


def _enum(value: Any, where: str, field: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices or type(value) is not str:
        path = where + field
        if type(value) is not str:
            raise _wrong_type(path, "字符串", value)
        raise ProfileError(path, f"不支持的{what} {_shown(value)}，可选值：{'、'.join(choices)}")
    return value


_DATES: dict[str, date] = {}  # memo of valid date strings (profiles repeat them a lot)
_MONTHS: dict[str, int] = {}
_MEMO_LIMIT = 50_000


def parse_date(value: Any, where: str, field: str = "") -> date:
    """A real calendar date written exactly YYYY-MM-DD (error path: ``where + field``)."""
    try:
        return _DATES[value]
    except (KeyError, TypeError):
        pass
    path = where + field
    if (
        type(value) is not str
        or len(value) != 10
        or value[4] != "-"
        or value[7] != "-"
        or not value.isascii()
        or not (value[:4] + value[5:7] + value[8:]).isdigit()
    ):
        if type(value) is not str:
            raise _wrong_type(path, "日期字符串（YYYY-MM-DD）", value)
        raise ProfileError(path, f"日期格式应为 YYYY-MM-DD，实际为 {_shown(value)}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ProfileError(path, f"日期 {value} 不存在") from None
    if len(_DATES) >= _MEMO_LIMIT:
        _DATES.clear()
    _DATES[value] = parsed
    return parsed


def _month(value: Any, where: str, field: str) -> int:
    try:
        return _MONTHS[value]
    except (KeyError, TypeError):
        pass
    path = where + field
    if (
        type(value) is not str
        or len(value) != 7
        or value[4] != "-"
        or not value.isascii()
        or not (value[:4] + value[5:]).isdigit()
        or not 1 <= int(value[5:]) <= 12
    ):
        if type(value) is not str:
            raise _wrong_type(path, "月份字符串（YYYY-MM）", value)
        raise ProfileError(path, f"月份格式应为 YYYY-MM（月份 01–12），实际为 {_shown(value)}")
    if len(_MONTHS) >= _MEMO_LIMIT:
        _MONTHS.clear()
    index = _MONTHS[value] = int(value[:4]) * 12 + int(value[5:]) - 1
    return index


def _list(value: Any, where: str, field: str) -> list:
    if type(value) is not list:
        raise _wrong_type(where + field, "数组", value)
    return value


# --- objects -------------------------------------------------------------------------------------

_PROFILE_KEYS = frozenset({
    "as_of", "cutoff", "series", "target_level", "employer", "person", "education", "skills", "titles",
    "months_in_current_post", "access_qualification", "social_insurance",
})
_PROFILE_REQUIRED = frozenset({"as_of", "series", "employer"})
_EMPLOYER_KEYS = frozenset({"uscc", "kind", "affiliation", "employment_start"})
_PERSON_KEYS = frozenset({
    "civil_servant", "retired", "last_annual_review", "obeys_arrangements", "competent_in_post",
    "integrity_ban_until",
})
_EDUCATION_KEYS = frozenset({"level", "date", "major_related"})
_SKILL_KEYS = frozenset({"level", "date"})
_TITLE_KEYS = frozenset({"series", "level", "date"})
_INSURANCE_KEYS = frozenset({"from", "to", "city", "uscc"})
_EMPLOYER_REQUIRED = frozenset({"uscc", "kind"})
_LEVEL_DATE = frozenset({"level", "date"})
_NOTHING: frozenset[str] = frozenset()
_EDUCATION_LEVEL_SET = frozenset(EDUCATION_LEVELS)


def _employer(obj: Any, p: str) -> Employer:
    obj = check_keys(obj, p, _EMPLOYER_KEYS, _EMPLOYER_REQUIRED)
    start = obj.get("employment_start")
    return _make_employer(
        _str(obj["uscc"], p, "uscc"),
        _enum(obj["kind"], p, "kind", UNIT_KINDS, "单位类型"),
        _enum(obj["affiliation"], p, "affiliation", AFFILIATIONS, "隶属关系")
        if "affiliation" in obj else DISTRICT,
        None if start is None and "employment_start" not in obj
        else parse_date(start, p, "employment_start"),
    )


def _person(obj: Any, p: str) -> Person:
    obj = check_keys(obj, p, _PERSON_KEYS, _NOTHING)
    if not obj:
        return DEFAULT_PERSON
    review = obj.get("last_annual_review")
    if review is not None:
        review = _enum(review, p, "last_annual_review", ANNUAL_REVIEWS, "年度考核结果")
    ban = obj.get("integrity_ban_until")
    return Person(
        civil_servant=_bool(obj.get("civil_servant", False), p, "civil_servant"),
        retired=_bool(obj.get("retired", False), p, "retired"),
        last_annual_review=review,
        obeys_arrangements=_bool(obj.get("obeys_arrangements", True), p, "obeys_arrangements"),
        competent_in_post=_bool(obj.get("competent_in_post", True), p, "competent_in_post"),
        integrity_ban_until=None if ban is None else parse_date(ban, p, "integrity_ban_until"),
    )


def _education(items: Any, p: str) -> tuple[Education, ...]:
    out = []
    dates = _DATES
    for i, obj in enumerate(_list(items, p, "education")):
        # Fast path: level and date only, a known level and an already-seen date.
        if type(obj) is dict and obj.keys() == _LEVEL_DATE:
            level, day = obj["level"], obj["date"]
            if type(level) is str and level in _EDUCATION_LEVEL_SET and type(day) is str and day in dates:
                out.append(_make_education(level, dates[day], True))
                continue
        q = f"{p}education[{i}]."
        obj = check_keys(obj, q, _EDUCATION_KEYS, _LEVEL_DATE)
        out.append(_make_education(
            _enum(obj["level"], q, "level", EDUCATION_LEVELS, "学历"),
            parse_date(obj["date"], q, "date"),
            _bool(obj["major_related"], q, "major_related") if "major_related" in obj else True,
        ))
    return tuple(out)


def _skills(items: Any, p: str) -> tuple[Skill, ...]:
    out = []
    for i, obj in enumerate(_list(items, p, "skills")):
        q = f"{p}skills[{i}]."
        obj = check_keys(obj, q, _SKILL_KEYS, _LEVEL_DATE)
        level = _enum(obj["level"], q, "level", SKILL_LEVELS, "技能等级")
        out.append(Skill(level, parse_date(obj["date"], q, "date")))
    return tuple(out)


def _titles(items: Any, p: str) -> tuple[Title, ...]:
    out = []
    for i, obj in enumerate(_list(items, p, "titles")):
        q = f"{p}titles[{i}]."
        obj = check_keys(obj, q, _TITLE_KEYS, _TITLE_KEYS)
        out.append(Title(
            _str(obj["series"], q, "series"),
            _enum(obj["level"], q, "level", LEVELS, "职称级别"),
            parse_date(obj["date"], q, "date"),
        ))
    return tuple(out)


def _insurance(items: Any, p: str) -> tuple[InsurancePeriod, ...]:
    out = []
    months = _MONTHS
    for i, obj in enumerate(_list(items, p, "social_insurance")):
        # Fast path: exactly the four fields, months already seen, strings, from <= to.
        if type(obj) is dict and obj.keys() == _INSURANCE_KEYS:
            start, end, city, uscc = obj["from"], obj["to"], obj["city"], obj["uscc"]
            if type(start) is str and type(end) is str and type(city) is str and type(uscc) is str:
                first, last = months.get(start), months.get(end)
                if first is not None and last is not None and first <= last:
                    out.append(_make_insurance(first, last, city, uscc))
                    continue
        q = f"{p}social_insurance[{i}]."
        obj = check_keys(obj, q, _INSURANCE_KEYS, _INSURANCE_KEYS)
        first = _month(obj["from"], q, "from")
        last = _month(obj["to"], q, "to")
        if first > last:
            raise ProfileError(q + "from", f"起始月份 {obj['from']} 晚于结束月份 {obj['to']}")
        out.append(_make_insurance(first, last, _str(obj["city"], q, "city"), _str(obj["uscc"], q, "uscc")))
    return tuple(out)


def parse_profile(data: Any, path: str = "") -> Profile:
    """Validate one profile (a JSON object already decoded) and build a :class:`Profile`.

    ``path`` prefixes field names in error messages (``"[3]."`` for the fourth profile
    of an array).
    """
    p = path
    if type(data) is not dict:
        if p:
            raise _wrong_type(p.rstrip("."), "对象（一份申报人信息）", data)
        kind = _TYPE_NAMES.get(type(data), "其他")
        raise ProfileError("", f"输入应为 JSON 对象（一份申报人信息）或其数组，实际为{kind}")
    check_keys(data, p, _PROFILE_KEYS, _PROFILE_REQUIRED)
    as_of = parse_date(data["as_of"], p, "as_of")
    get = data.get
    target = get("target_level")
    if target is not None or "target_level" in data:
        target = _enum(target, p, "target_level", LEVELS, "申报级别")
    months_in_post = get("months_in_current_post")
    if months_in_post is not None or "months_in_current_post" in data:
        if type(months_in_post) is float and months_in_post.is_integer():
            months_in_post = int(months_in_post)
        if type(months_in_post) is not int:
            raise _wrong_type(p + "months_in_current_post", "整数", months_in_post)
        if months_in_post < 0:
            raise ProfileError(p + "months_in_current_post", f"不能为负数，实际为 {months_in_post}")
    return _make_profile(
        as_of,
        parse_date(data["cutoff"], p, "cutoff") if "cutoff" in data else as_of,
        _enum(data["series"], p, "series", SERIES, "职称系列"),
        _employer(data["employer"], p + "employer."),
        target,
        _person(data["person"], p + "person.") if "person" in data else DEFAULT_PERSON,
        _education(data["education"], p) if "education" in data else (),
        _skills(data["skills"], p) if "skills" in data else (),
        _titles(data["titles"], p) if "titles" in data else (),
        months_in_post,
        _bool(get("access_qualification", False), p, "access_qualification"),
        _insurance(data["social_insurance"], p) if "social_insurance" in data else (),
    )
