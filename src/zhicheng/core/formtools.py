"""Showing a service's refusal on the form that asked for it, and every form's problems in the error summary."""

from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors beside their fields, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def refused_form(form_class, values: dict, exc: ValidationError, **kwargs):
    """The form again, showing what was posted and only the service's refusal: for a form whose fields the
    service checks itself (its messages say what to write), a bound form would add Django's own "required"
    beside them. The form is unbound, with the posted values as initial ones."""
    form = form_class(initial=values, **kwargs)
    form.cleaned_data = {}  # what full_clean() would have set; add_error() reads it
    apply_errors(form, exc)
    return form


def _forms(items):
    for item in items:
        if isinstance(item, (list, tuple)) or hasattr(item, "forms"):  # a list of forms or a formset
            if hasattr(item, "non_form_errors"):
                yield item
            yield from _forms(getattr(item, "forms", item))
        elif hasattr(item, "non_field_errors"):
            yield item
        # anything else is no form: a template's missing variable ("") or None on a page without that form


def _anchor(field) -> str:
    # A group of radio buttons or checkboxes has no single id: its first choice carries "<id>_0".
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


def summary_items(*forms, errors=()) -> list[dict]:
    """The error summary's lines: ``errors`` (the page's own messages), then per form (or list of forms, or
    formset) its non-field errors as text and each field's error as ``{"text", "href": "#<field id>"}``."""
    items = [{"text": str(message)} for message in errors or ()]
    for form in _forms(forms):
        if hasattr(form, "non_form_errors"):
            items += [{"text": str(message)} for message in form.non_form_errors()]
            continue
        items += [{"text": str(message)} for message in form.non_field_errors()]
        prefix = getattr(form, "error_prefix", "")  # "第 2 行" on one of several forms of the same fields
        for field in form:
            for message in field.errors:
                text = f"{prefix}“{field.label}”：{message}" if prefix else f"{field.label}：{message}"
                anchor = "" if field.is_hidden else _anchor(field)
                items.append({"text": text, "href": f"#{anchor}"} if anchor else {"text": text})
    return items
