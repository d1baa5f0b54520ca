"""The top rule: combine every criterion of the notice into one verdict.

``evaluate(profile)`` runs all ten criteria (never stopping at the first failure, per
三（二）3 一次性告知) with the parameters in force on ``profile.as_of`` and returns a
:class:`Result` that serialises to ``eligibility-result.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.policy import rules
from zhicheng.policy.months import month_text
from zhicheng.policy.parameters import Snapshot, snapshot
from zhicheng.policy.profile import Profile
from zhicheng.policy.qualification import assess
from zhicheng.policy.records import positional_maker
from zhicheng.policy.rules import Reason

# Fixed order of the reasons in every result (the contract's table).
RULE_CODES = (
    "person_excluded",
    "unit_assessment",
    "unit_jurisdiction",
    "series_excluded",
    "integrity_record",
    "social_insurance_kunming",
    "social_insurance_unit",
    "qualification_period",
    "access_qualification",
    "series_change_period",
)


@dataclass(frozen=True, slots=True)
class Result:
    eligible: bool
    level: str | None
    route: str | None
    eligible_from: str | None  # YYYY-MM
    reasons: tuple[Reason, ...]

    @property
    def failing(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons if not r.ok)

    def to_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "level": self.level,
            "route": self.route,
            "eligible_from": self.eligible_from,
            "reasons": [
                {"code": r.code, "ok": r.ok, "clause": r.clause, "message": r.message} for r in self.reasons
            ],
        }


_make_result = positional_maker(Result)


def evaluate(profile: Profile, params: Snapshot | None = None) -> Result:
    """Judge ``profile`` at ``profile.as_of`` (never today)."""
    p = params if params is not None else snapshot(profile.as_of)
    qualification = assess(profile, p)
    reasons = (
        rules.person_excluded(profile, p),
        rules.unit_assessment(profile, p),
        rules.unit_jurisdiction(profile, p),
        rules.series_excluded(profile, p),
        rules.integrity_record(profile, p),
        rules.social_insurance_kunming(profile, p),
        rules.social_insurance_unit(profile, p),
        qualification.reason,
        rules.access_qualification(profile, p),
        rules.series_change_period(profile, p),
    )
    failing = [r for r in reasons if not r.ok]
    eligible = not failing
    only_period_short = (
        len(failing) == 1 and failing[0] is qualification.reason and qualification.eligible_from is not None
    )
    return _make_result(
        eligible,
        qualification.level if eligible else None,
        qualification.route,
        month_text(qualification.eligible_from) if only_period_short else None,
        reasons,
    )
