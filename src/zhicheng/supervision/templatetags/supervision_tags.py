"""{% load supervision_tags %}{% unit_penalty_notice unit %} — the suspension notice other apps' unit pages show."""

from django import template

from zhicheng.supervision.sanctions import unit_penalties_for

register = template.Library()


@register.inclusion_tag("supervision/_unit_status.html")
def unit_penalty_notice(unit):
    rows = unit_penalties_for(unit) if unit is not None else []
    return {"penalty_rows": [r for r in rows if r.running]}
