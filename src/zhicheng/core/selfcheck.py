"""条件自检: turn the public self-check form's facts into an eligibility profile and judge it."""

import datetime as dt

from zhicheng.policy.api import check_eligibility
from zhicheng.policy.months import month_label

# The self-check does not know the unit's code: insurance paid "by this unit" uses this stand-in.
SELF_UNIT = "SELFCHECK-UNIT"
OTHER_UNIT = "SELFCHECK-OTHER"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def build_profile(data: dict) -> dict:
    """``data`` is a self-check form's cleaned_data; the result follows eligibility-profile.schema.json."""
    as_of = data["as_of"]
    employer = {"uscc": SELF_UNIT, "kind": data["unit_kind"], "affiliation": data["affiliation"]}
    if data.get("employment_start"):
        employer["employment_start"] = _iso(data["employment_start"])
    profile: dict = {
        "as_of": _iso(as_of),
        "series": data["series"],
        "employer": employer,
        "person": {
            "civil_servant": data["civil_servant"],
            "retired": data["retired"],
            "last_annual_review": data.get("last_annual_review") or None,
            "obeys_arrangements": not data["disobeys_arrangements"],
            "competent_in_post": not data["not_competent"],
            "integrity_ban_until": _iso(data.get("integrity_ban_until")),
        },
        "access_qualification": data["access_qualification"],
        "education": [],
        "skills": [],
        "titles": [],
        "social_insurance": [],
    }
    if data.get("target_level"):
        profile["target_level"] = data["target_level"]
    if data.get("cutoff"):
        profile["cutoff"] = _iso(data["cutoff"])
    if data.get("education_level") and data.get("education_date"):
        profile["education"].append({"level": data["education_level"], "date": _iso(data["education_date"]),
                                     "major_related": not data["major_unrelated"]})
    if data.get("skill_level") and data.get("skill_date"):
        profile["skills"].append({"level": data["skill_level"], "date": _iso(data["skill_date"])})
    if data.get("title_series") and data.get("title_level") and data.get("title_date"):
        profile["titles"].append({"series": data["title_series"], "level": data["title_level"],
                                  "date": _iso(data["title_date"])})
    if data.get("months_in_current_post") is not None:
        profile["months_in_current_post"] = data["months_in_current_post"]
    for row in data.get("insurance", []):
        profile["social_insurance"].append({
            "from": row["from"], "to": row["to"], "city": row["city"],
            "uscc": SELF_UNIT if row["this_unit"] else OTHER_UNIT,
        })
    return profile


def run_selfcheck(data: dict) -> dict:
    result = check_eligibility(build_profile(data))
    if result.get("eligible_from"):
        year, month = result["eligible_from"].split("-")
        result["eligible_from_label"] = month_label(int(year) * 12 + int(month) - 1)
    return result
