"""Which attachments an application needs, and why (五（三）–（八）): the policy's rules on the application's facts."""

from dataclasses import dataclass

from zhicheng.documents.models import Category
from zhicheng.policy.parameters import snapshot
from zhicheng.policy.procedure import AttachmentFacts, attachments_for


@dataclass(frozen=True)
class Requirement:
    category: str
    label: str
    reason: str
    required: bool = True


def required_attachments(application, *, series_needs_access: bool | None = None) -> list[Requirement]:
    """The attachment list for this person, each with the clause that asks for it: the rules of 五（三）–（八）
    in policy/params/procedure.yaml, at the batch's rule date."""
    unit, on = application.unit, application.batch.rule_date
    if series_needs_access is None:
        rule = snapshot(on).series.get(application.series)
        series_needs_access = bool(rule and rule.access_qualification)
    held_series = {t.get("series") for t in (application.titles or [])}
    facts = AttachmentFacts(
        unit_kind=unit.policy_kind, legal_representative=bool(application.is_legal_representative),
        labour_dispatch=bool(unit.is_labour_dispatch), out_of_province_branch=bool(unit.is_out_of_province_branch),
        series_needs_access=series_needs_access, holds_title=bool(application.titles),
        changes_series=bool(held_series) and application.series not in held_series)
    return [Requirement(rule.category, str(Category(rule.category).label), rule.reason, rule.required)
            for rule in attachments_for(facts, on)]
