"""``{% reveal_id_number person purpose="..." %}`` (logged full number) and ``|mask_id`` (masked)."""

from django import template

from zhicheng.accounts.idview import reveal_id_number as _reveal
from zhicheng.accounts.validators import mask_id_number

register = template.Library()


@register.simple_tag(takes_context=True)
def reveal_id_number(context, person, purpose=""):
    request = context.get("request")
    viewer = getattr(request, "user", None)
    return _reveal(viewer=viewer, person=person, purpose=purpose or (request.path if request else ""))


@register.filter
def mask_id(value) -> str:
    return mask_id_number(getattr(value, "id_number", value) or "")
