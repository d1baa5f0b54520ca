"""The eligibility profile (contract: eligibility-profile.schema.json) built from an application, and its check.

``as_of`` is the application's date (申报日): the stored ``eligibility_as_of`` once submitted, today while drafting.
``cutoff`` is the end of the unit's publicity (履职年限截止, 二（四）) when the recommendation entry records it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhicheng.policy import parameters
from zhicheng.policy.eligibility import evaluate as evaluate_profile
from zhicheng.policy.errors import PolicyInputError
from zhicheng.policy.profile import parse_profile
from zhicheng.recommendations.models import ANNUAL_REVIEW_POLICY_NAMES, TITLE_LEVEL_POLICY_NAMES, TitleLevel
from zhicheng.supervision.sanctions import integrity_ban_until

from .sections import canonical_rows

MSG_PROFILE_ERROR = "申报信息不完整或格式有误，无法自动核验条件：{detail}"
MSG_ROW_INCOMPLETE = "学习、工作、参保或职称记录中有一行缺少日期等必填项，请申报人在对应部分补全。"


def as_of_for(application, now: dt.datetime | None = None) -> dt.date:
    """The application's date: stored once submitted, else today (Asia/Shanghai)."""
    if application.eligibility_as_of:
        return application.eligibility_as_of
    return timezone.localdate(now or timezone.now())


def person_facts(application, ban: dt.date | None) -> dict:
    """一（二）: the applicant's own declarations and the unit's assessment recorded on its list (附件3)."""
    entry = application.recommendation_entry
    facts = {"civil_servant": application.is_civil_servant, "retired": application.is_retired,
             "integrity_ban_until": ban.isoformat() if ban else None}
    if entry is not None:
        facts.update(last_annual_review=ANNUAL_REVIEW_POLICY_NAMES.get(entry.last_annual_review),
                     obeys_arrangements=entry.obeys_arrangements, competent_in_post=entry.competent_in_post)
    return facts


def build_profile(application, as_of: dt.date) -> dict:
    unit = application.unit
    employer = {"uscc": unit.uscc, "kind": unit.policy_kind, "affiliation": unit.policy_affiliation}
    if application.employment_start:
        employer["employment_start"] = application.employment_start.isoformat()
    ban = integrity_ban_until(application.applicant, as_of)
    profile = {
        "as_of": as_of.isoformat(),
        "series": application.series,
        "employer": employer,
        "person": person_facts(application, ban),
        "education": [{"level": r["level"], "date": r["date"], "major_related": bool(r.get("major_related", True))}
                      for r in canonical_rows(application.education)],
        "skills": [{"level": r["level"], "date": r["date"]} for r in canonical_rows(application.skills)],
        "titles": [{"series": r["series"], "level": r["level"], "date": r["date"]}
                   for r in canonical_rows(application.titles)],
        "access_qualification": bool((application.access_qualification or "").strip()),
        "social_insurance": [{"from": r["from"], "to": r["to"], "city": r["city"], "uscc": r["uscc"]}
                             for r in canonical_rows(application.insurance)],
    }
    if application.level in TitleLevel.values:
        profile["target_level"] = TITLE_LEVEL_POLICY_NAMES[TitleLevel(application.level)]
    entry = application.recommendation_entry
    if entry is not None and entry.publicity_end and entry.publicity_end <= as_of:
        profile["cutoff"] = entry.publicity_end.isoformat()
    if application.months_in_current_post is not None:
        profile["months_in_current_post"] = application.months_in_current_post
    return profile


def evaluate(application, now: dt.datetime | None = None) -> dict:
    """The policy engine's answer for this application: months counted at its date (``as_of``), the rules of its
    batch (the parameters in force on the batch's rule date, like every other rule of the batch); an input
    problem becomes a failing result."""
    as_of = as_of_for(application, now)
    try:
        profile = parse_profile(build_profile(application, as_of))
        result = evaluate_profile(profile, parameters.snapshot(application.batch.rule_date)).to_dict()
    except PolicyInputError as exc:
        result = {"eligible": False, "level": None, "route": None, "eligible_from": None, "reasons": [],
                  "error": MSG_PROFILE_ERROR.format(detail=exc)}
    except (KeyError, TypeError):
        # A row without a field the check needs: say so in Chinese, never the raw key name ('date').
        result = {"eligible": False, "level": None, "route": None, "eligible_from": None, "reasons": [],
                  "error": MSG_PROFILE_ERROR.format(detail=MSG_ROW_INCOMPLETE)}
    result["as_of"] = as_of.isoformat()
    return result


def failing_messages(result: dict) -> list[str]:
    if result.get("error"):
        return [result["error"]]
    messages = [f"{r['message']}（{r['clause']}）" for r in result.get("reasons", []) if not r.get("ok")]
    if not result.get("eligible") and not messages:
        messages = ["不符合申报条件，请核对所填信息。"]
    return messages


def parameter_version() -> str:
    return parameters.version()
