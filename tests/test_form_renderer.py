"""The form renderer keeps widget HTML it has rendered (zhicheng.core.renderers): what a person sees in a form
is exactly Django's own rendering, a chosen option stays chosen, and anything but plain values is rendered anew."""

from unittest import mock

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from zhicheng.applications.forms import ReturnItemForm
from zhicheng.core.renderers import CachedWidgetTemplates
from zhicheng.orgs.models import District


def _html(form_class, renderer, data=None, prefix="item-0"):
    form = form_class(data, prefix=prefix, renderer=renderer)
    return "".join(str(field) for field in form)


def test_the_site_renders_forms_with_the_keeping_renderer():
    assert isinstance(get_default_renderer(), CachedWidgetTemplates)


@pytest.mark.parametrize("data", [None, {"item-0-target": "attachment:pledge", "item-0-reason": "请重新上传承诺书。"}])
def test_a_return_row_looks_exactly_as_django_renders_it_and_keeps_the_chosen_target(data):
    plain, keeping = DjangoTemplates(), CachedWidgetTemplates()
    expected = _html(ReturnItemForm, plain, data)
    assert _html(ReturnItemForm, keeping, data) == expected  # rendered and kept
    assert _html(ReturnItemForm, keeping, data) == expected  # served from what was kept
    if data:
        assert '<option value="attachment:pledge" selected>附件：职称申报承诺书</option>' in expected
        assert "请重新上传承诺书。" in expected


def test_six_return_rows_render_the_option_templates_once_per_row():
    keeping = CachedWidgetTemplates()
    for i in range(6):
        _html(ReturnItemForm, keeping, prefix=f"item-{i}")
    with mock.patch.object(DjangoTemplates, "get_template", side_effect=AssertionError("rendered again")):
        rows = [_html(ReturnItemForm, keeping, prefix=f"item-{i}") for i in range(6)]
    assert all(f'name="item-{i}-target"' in row for i, row in enumerate(rows))


def test_a_different_choice_or_row_is_not_confused_with_a_kept_one():
    keeping = CachedWidgetTemplates()
    first = _html(ReturnItemForm, keeping, {"item-0-target": "section:achievements"})
    other = _html(ReturnItemForm, keeping, {"item-0-target": "section:basic"})
    assert 'value="section:achievements" selected' in first and 'value="section:achievements" selected' not in other
    assert 'name="item-1-target"' in _html(ReturnItemForm, keeping, prefix="item-1")


@pytest.mark.django_db
def test_choices_of_database_rows_are_rendered_afresh_every_time():
    District.objects.create(name="测试区", code="530199")

    class DistrictForm(forms.Form):
        district = forms.ModelChoiceField(queryset=District.objects.order_by("pk"))

    keeping = CachedWidgetTemplates()
    _html(DistrictForm, keeping, prefix="d")
    assert keeping._html == {}
    renamed = District.objects.get(code="530199")
    renamed.name = "新测试区"
    renamed.save()
    assert "新测试区" in _html(DistrictForm, keeping, prefix="d")


def test_a_long_text_is_shown_in_full_and_not_kept():
    class Long(forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    keeping = CachedWidgetTemplates()
    text = "业绩" * 6000
    assert text in _html(Long, keeping, {"x-text": text}, prefix="x")
    assert keeping._html == {}
