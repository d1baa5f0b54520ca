"""The form renderer: Django's template renderer that renders each distinct widget once per process.

A widget's HTML is a pure function of its template and the context ``Widget.get_context`` builds (name, value,
attributes, and a select's options), and Django renders it through the template engine every time: a select of
the 25 places a return item can point at costs about 6 ms, six of them a third of the reviewer's case page.
This renderer keeps the HTML of widget contexts made only of plain values (strings, numbers, booleans, None
and lazy translations, in lists and dicts), keyed by the template name and that context, and renders anything
else as Django does. What it returns is what Django's renderer would: the same templates render it on a miss.
"""

from __future__ import annotations

import json
import threading

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.translation import get_language

MAX_ENTRIES = 2048
MAX_KEY_CHARS = 8192  # long textarea contents are rendered, not kept


class _Unkeyable(TypeError):
    pass


def _plain(value):
    if isinstance(value, Promise):  # gettext_lazy labels: the active language's text
        return str(value)
    raise _Unkeyable(type(value).__name__)


def context_key(template_name: str, context) -> str | None:
    """A key for a widget's context, or None when it holds anything but plain values (the active language is
    part of it: a widget template may translate its own words)."""
    if not isinstance(context, dict) or context.keys() != {"widget"}:
        return None
    try:
        key = json.dumps([template_name, get_language(), context], default=_plain, sort_keys=True,
                         ensure_ascii=False)
    except (_Unkeyable, TypeError, ValueError):
        return None
    return key if len(key) <= MAX_KEY_CHARS else None


class CachedWidgetTemplates(DjangoTemplates):
    def __init__(self):
        super().__init__()
        self._html: dict[str, str] = {}
        self._lock = threading.Lock()

    def render(self, template_name, context, request=None):
        key = context_key(template_name, context) if request is None else None
        if key is None:
            return super().render(template_name, context, request)
        html = self._html.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            with self._lock:
                if len(self._html) >= MAX_ENTRIES:
                    self._html.clear()
                self._html[key] = html
        return html
