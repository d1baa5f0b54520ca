"""``{{ app.education|canonical_rows }}``: section rows with their documented keys, whatever version stored them."""

from django import template

from zhicheng.applications.sections import canonical_rows as _canonical_rows

register = template.Library()


@register.filter
def canonical_rows(rows):
    return _canonical_rows(rows)
