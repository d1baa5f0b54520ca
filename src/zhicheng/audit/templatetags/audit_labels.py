from django import template

from zhicheng.audit.labels import action_label as _action_label
from zhicheng.audit.labels import state_label as _state_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """{{ entry.action|action_label }} → 单位审核通过"""
    return _action_label(code)


@register.filter
def state_label(value: str) -> str:
    """{{ entry.from_state|state_label }} → 待单位审核 (other codes as they are)."""
    return _state_label(value)
