"""Dated policy parameters, loaded once from ``params/*.yaml``.

Every threshold is its own entry with a Chinese description, the clause of the
notice and values keyed by the date they take effect::

    months_benke_to_zhuliji:
      description: ...
      clause: 二（二）4
      values: {"2024-07-31": 12}

``value(name, on=d)`` returns the value in force on ``d``: the one with the latest
effective date not after ``d``. Dates before the first effective date get the first
value (the 2024 notice is the oldest rule set we hold; it is applied to earlier
dates rather than refusing them).

``PARAMETER_VERSION`` identifies the exact parameter files; store it with every
decision so it can be reproduced.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from zhicheng.policy.vocabulary import EDUCATION_GROUP, ROUTE_KEYS, SERIES

EDUCATION_GROUPS = frozenset(EDUCATION_GROUP.values())  # 中专, 大专, 本科, 硕士 (二（三） folds the rest in)

PARAMS_DIR = Path(__file__).with_name("params")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    clause: str
    unit: str
    effective: tuple[date, ...]  # ascending
    values: tuple[Any, ...]

    def at(self, on: date) -> Any:
        i = bisect_right(self.effective, on) - 1
        return self.values[max(i, 0)]


@dataclass(frozen=True, slots=True)
class SeriesRule:
    """One row of the series table in force on a date."""

    series: str
    excluded: str | None  # reason the series is outside this recognition, if it is
    access_qualification: str | None  # the entry qualification required, if any
    months: Mapping[str, int]  # route key → months, overriding the general value
    yuanji_education: frozenset[str] | None = None  # education groups giving 员级 in this series' standard


def _as_date(key: Any, where: str) -> date:
    if isinstance(key, date):
        return key
    try:
        return date.fromisoformat(str(key))
    except ValueError:
        raise ValueError(f"{where}: effective date {key!r} is not YYYY-MM-DD") from None


def _parse_series_table(table: Any, where: str) -> Mapping[str, SeriesRule]:
    if not isinstance(table, dict) or set(table) != set(SERIES):
        missing = set(SERIES) - set(table or {})
        extra = set(table or {}) - set(SERIES)
        raise ValueError(f"{where}: series table must list every series (missing {missing}, extra {extra})")
    rules = {}
    for series, row in table.items():
        row = row or {}
        unknown = set(row) - {"excluded", "access_qualification", "months", "yuanji_education"}
        months = row.get("months") or {}
        yuanji = row.get("yuanji_education")
        if unknown or set(months) - set(ROUTE_KEYS) or not all(isinstance(v, int) for v in months.values()) \
                or (yuanji is not None and not set(yuanji) <= set(EDUCATION_GROUPS)):
            raise ValueError(f"{where}.{series}: bad row {row!r}")
        rules[series] = SeriesRule(series, row.get("excluded"), row.get("access_qualification"),
                                   MappingProxyType(dict(months)), None if yuanji is None else frozenset(yuanji))
    return MappingProxyType(rules)


def _load(directory: Path = PARAMS_DIR) -> tuple[dict[str, Parameter], str]:
    digest = hashlib.sha256()
    entries: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        for name, body in (yaml.safe_load(raw) or {}).items():
            where = f"{path.name}:{name}"
            if name in entries:
                raise ValueError(f"{where}: defined twice")
            if not isinstance(body, dict) or not {"description", "clause", "values"} <= set(body):
                raise ValueError(f"{where}: needs description, clause and values")
            dated = sorted((_as_date(k, where), v) for k, v in body["values"].items())
            if not dated:
                raise ValueError(f"{where}: no values")
            if name == "series":
                dated = [(d, _parse_series_table(v, f"{where}@{d}")) for d, v in dated]
            entries[name] = Parameter(name, body["description"], body["clause"], body.get("unit", ""),
                                      tuple(d for d, _ in dated), tuple(v for _, v in dated))
    return entries, digest.hexdigest()[:16]


_ENTRIES, PARAMETER_VERSION = _load()
_RELOAD_HOOKS: list = []


def install(directory: Path = PARAMS_DIR) -> str:
    """Read the parameters from ``directory`` instead (tests: a fixture set standing for next quarter's notice;
    called with no argument, back to the package's own). Returns the new ``PARAMETER_VERSION``."""
    global _ENTRIES, PARAMETER_VERSION
    _ENTRIES, PARAMETER_VERSION = _load(Path(directory))
    snapshot.cache_clear()
    for hook in _RELOAD_HOOKS:
        hook()
    return PARAMETER_VERSION


def on_reload(hook):
    """Register a cache-clearing function to run when :func:`install` swaps the parameters."""
    _RELOAD_HOOKS.append(hook)
    return hook


def version() -> str:
    """The ``PARAMETER_VERSION`` in force now (after :func:`install`, the installed set's)."""
    return PARAMETER_VERSION


def names() -> tuple[str, ...]:
    return tuple(_ENTRIES)


def entry(name: str) -> Parameter:
    """The whole parameter (description, clause, dated values)."""
    return _ENTRIES[name]


def value(name: str, on: date) -> Any:
    """The value of parameter ``name`` in force on ``on``."""
    return _ENTRIES[name].at(on)


def periods(name: str) -> list[tuple[date | None, date | None, Any]]:
    """``(from, until, value)`` for each period of parameter ``name``: ``from`` inclusive (None for the first,
    which also covers earlier dates), ``until`` exclusive (None for the one in force now)."""
    p = _ENTRIES[name]
    starts = [None, *p.effective[1:]]
    ends = [*p.effective[1:], None]
    return list(zip(starts, ends, p.values, strict=True))


def series_rule(series: str, on: date) -> SeriesRule:
    return _ENTRIES["series"].at(on)[series]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """All parameters in force on one date, resolved once for fast evaluation."""

    on: date
    route_months: Mapping[str, int]  # route key → months (general rule, before series overrides)
    extra_months_unrelated_major: int
    kunming_insurance_months: int
    kunming_insurance_months_master: int
    series_change_months: int
    integrity_ban_years: int
    publicity_min_working_days: int
    series: Mapping[str, SeriesRule]
    yuanji_education: frozenset[str] = frozenset({"中专"})  # education groups that give 员级 (二（二）1)

    def months_for(self, route_key: str, series: str) -> int:
        override = self.series[series].months.get(route_key)
        return self.route_months[route_key] if override is None else override

    def yuanji_education_for(self, series: str) -> frozenset[str]:
        """The education groups that open the 员级 route in ``series`` (its standard's own list, if it has one)."""
        override = self.series[series].yuanji_education
        return self.yuanji_education if override is None else override


@lru_cache(maxsize=4096)
def snapshot(on: date) -> Snapshot:
    """Parameters in force on ``on`` (cached per date)."""
    route_months = {
        "中专": value("months_zhongzhuan_to_yuanji", on),
        "员级职称": value("months_yuanji_title_to_zhuliji", on),
        "大专": value("months_dazhuan_to_zhuliji", on),
        "高级工": value("months_senior_skill_to_zhuliji", on),
        "本科": value("months_benke_to_zhuliji", on),
        "硕士": value("months_master_to_zhuliji", on),
    }
    return Snapshot(
        on=on,
        route_months=MappingProxyType(route_months),
        extra_months_unrelated_major=value("extra_months_unrelated_major", on),
        kunming_insurance_months=value("kunming_insurance_months", on),
        kunming_insurance_months_master=value("kunming_insurance_months_master", on),
        series_change_months=value("series_change_months", on),
        integrity_ban_years=value("integrity_ban_years", on),
        publicity_min_working_days=value("publicity_min_working_days", on),
        series=_ENTRIES["series"].at(on),
        yuanji_education=_education_groups(value("yuanji_education", on)),
    )


def _education_groups(groups) -> frozenset[str]:
    if not isinstance(groups, list) or not set(groups) <= EDUCATION_GROUPS:
        raise ValueError(f"yuanji_education must list education groups of {sorted(EDUCATION_GROUPS)}: {groups!r}")
    return frozenset(groups)
