"""``{% error_summary form other_form list_of_forms errors=messages %}``: the one error summary of every form page.

At the top of the page (GOV.UK's error summary): a heading, then every problem at once — the page's own
messages and each form's non-field errors as text, each field's error as a link to the field (``#id_…``,
beside which the same message is shown). ``role="alert"`` is announced when the page opens after a failed
submit, and site.js moves the focus to it (``data-autofocus``).
"""

from django import template
from django.utils.translation import gettext_lazy as _

from zhicheng.core.formtools import summary_items

register = template.Library()

HEADING = _("请修改以下问题后再提交")


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, errors=(), heading=HEADING):
    return {"items": summary_items(*forms, errors=errors), "heading": heading}
