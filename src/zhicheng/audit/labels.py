"""Chinese names of audit actions, states and changed fields, for the trails people read (the stored codes stay
the same), and :func:`describe`, the one-line Chinese account of a row that the audit pages and exports show.

The audit app knows no other app: each app registers the names of the actions it writes, the states it records
and the fields its ``changes`` carry from its ``AppConfig.ready``, with :func:`register`. A field whose values
must not be shown as stored (ID numbers) is registered with a formatter (``formats=``), which the app that owns
the rule supplies (``accounts`` masks ID numbers with ``mask_id_number``).

A row's *kind* is the part of its action code before the dot (``application`` of ``application.unit_return``);
``states_of`` and ``fields_of`` name states and fields for one kind where the same code means something else
elsewhere (a batch's ``draft`` and a list's ``draft`` read alike, a penalty's ``kind`` is not an upload's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from django.apps import apps
from django.utils import timezone

ACTION_LABELS: dict[str, str] = {}
STATE_LABELS: dict[str, str] = {}
FIELD_LABELS: dict[str, str | None] = {}  # None: not shown in descriptions (hashes, internal ids)
KIND_STATES: dict[str, dict[str, str]] = {}
KIND_FIELDS: dict[str, dict[str, str | None]] = {}
FORMATS: dict[str, Callable[[object], str]] = {}
PAIR_ACTIONS: set[str] = set()  # actions whose changes are {field: [old, new]}

EMPTY = "（空）"
LIST_SHOWN = 5


def _merge(table: dict, names: Mapping, what: str) -> None:
    for code, label in names.items():
        label = None if label is None else str(label)
        if code in table and table[code] != label:
            raise ValueError(f"audit {what} {code!r} has two names: {table[code]!r} and {label!r}")
        table[code] = label


def register(actions: Mapping[str, str], *, states: Mapping[str, str] | None = None,
             fields: Mapping[str, str | None] | None = None,
             states_of: Mapping[str, Mapping[str, str]] | None = None,
             fields_of: Mapping[str, Mapping[str, str | None]] | None = None,
             formats: Mapping[str, Callable[[object], str]] | None = None,
             pairs: Iterable[str] = ()) -> None:
    """Add an app's action names, state names (all kinds, or per kind with ``states_of``), field names of its
    changes (``fields`` / ``fields_of``; a name None hides the field), value formatters (by field name, or
    ``kind.field`` for one kind) and the actions whose
    changes are ``{field: [old, new]}``. A code registered twice with two names is a mistake."""
    _merge(ACTION_LABELS, actions, "action")
    _merge(STATE_LABELS, states or {}, "state")
    _merge(FIELD_LABELS, fields or {}, "field")
    for kind, names in (states_of or {}).items():
        _merge(KIND_STATES.setdefault(kind, {}), names, f"state of {kind}")
    for kind, names in (fields_of or {}).items():
        _merge(KIND_FIELDS.setdefault(kind, {}), names, f"field of {kind}")
    for name, formatter in (formats or {}).items():
        if FORMATS.get(name, formatter) is not formatter:
            raise ValueError(f"audit field {name!r} has two formatters")
        FORMATS[name] = formatter
    PAIR_ACTIONS.update(pairs)


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def action_choices() -> list[tuple[str, str]]:
    """(code, Chinese name) of every registered action, grouped by kind, for a filter's select."""
    return sorted(ACTION_LABELS.items())


def _kind(action: str) -> str:
    return action.partition(".")[0]


def state_label(code: str, action: str = "") -> str:
    return KIND_STATES.get(_kind(action), {}).get(code) or STATE_LABELS.get(code, code)


def field_label(name: str, action: str = "") -> str | None:
    """The Chinese name of a changed field (None: not shown); the code itself when nobody named it."""
    kind = KIND_FIELDS.get(_kind(action), {})
    if name in kind:
        return kind[name]
    return FIELD_LABELS.get(name, name)


def _ordered(action: str, names: dict) -> list:
    """The items of a changes dict in the order their fields were registered (the model's order), so a row reads
    the same whichever database stored it (PostgreSQL's jsonb keeps keys in its own order)."""
    kind = list(KIND_FIELDS.get(_kind(action), {}))
    every = list(FIELD_LABELS)

    def rank(item):
        name = item[0]
        if name in kind:
            return (0, kind.index(name), name)
        return (1, every.index(name), name) if name in every else (2, 0, name)

    return sorted(names.items(), key=rank)


def object_label(object_type: str) -> str:
    """The Chinese name of the kind of object a row is about (``applications.application`` → 申报)."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _moment(text: str) -> str | None:
    if len(text) < 16 or text[4:5] != "-" or "T" not in text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def _formatter(name: str, action: str):
    return FORMATS.get(f"{_kind(action)}.{name}") or FORMATS.get(name)


def _value(value, name: str = "", action: str = "") -> str:
    formatter = _formatter(name, action) if name else None
    if formatter is not None and value not in (None, ""):
        if isinstance(value, list | tuple):
            return "、".join(str(formatter(v)) for v in value)
        return str(formatter(value))
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        shown = "、".join(f"（{_value(v, name, action)}）" if isinstance(v, dict) else _value(v, name, action)
                         for v in value[:LIST_SHOWN])
        return shown + (f"等 {len(value)} 项" if len(value) > LIST_SHOWN else "")
    if isinstance(value, dict):
        return "，".join(_pair_text(k, v, action) for k, v in _ordered(action, value)
                        if field_label(k, action) is not None and v not in (None, ""))
    text = str(value)
    return _moment(text) or text


def _pair_text(name: str, value, action: str) -> str:
    return f"{field_label(name, action)}：{_value(value, name, action)}"


def _change_text(name: str, before, after, action: str) -> str:
    return f"{field_label(name, action)}：{_value(before, name, action)} → {_value(after, name, action)}"


def describe_changes(action: str, changes) -> list[str]:
    """Each changed field as a Chinese phrase: ``手机号码：138… → 139…`` or ``份数：3``."""
    if not isinstance(changes, dict):
        return [_value(changes)] if changes not in (None, "") else []
    before, after = changes.get("before"), changes.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        return [_change_text(k, before.get(k), v, action) for k, v in _ordered(action, after)
                if field_label(k, action) is not None]
    parts = []
    for name, value in _ordered(action, changes):
        if field_label(name, action) is None:
            continue
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            parts.append(_change_text(name, value["from"], value["to"], action))
        elif action in PAIR_ACTIONS and isinstance(value, list) and len(value) == 2:
            parts.append(_change_text(name, value[0], value[1], action))
        elif value not in (None, "", [], {}):  # an empty value said nothing (替换的证书：空)
            parts.append(_pair_text(name, value, action))
    return parts


def describe(entry) -> str:
    """One Chinese line for an audit row: the state it moved between and what changed, with Chinese names."""
    parts = []
    if entry.from_state and entry.to_state and entry.from_state != entry.to_state:
        parts.append(f"状态：{state_label(entry.from_state, entry.action)} → {state_label(entry.to_state, entry.action)}")
    elif entry.to_state and not entry.from_state:
        parts.append(f"状态：{state_label(entry.to_state, entry.action)}")
    parts += describe_changes(entry.action, entry.changes)
    return "；".join(p for p in parts if p)


def model_fields(model, **extra: str | None) -> dict[str, str | None]:
    """The Chinese names of a model's fields (their ``verbose_name``), plus ``extra`` names, for ``fields_of``."""
    names: dict[str, str | None] = {f.name: str(f.verbose_name) for f in model._meta.fields}
    names.update({f.attname: str(f.verbose_name) for f in model._meta.fields if f.attname != f.name})
    names.update(extra)
    return names


def choice_format(choices) -> Callable[[object], str]:
    """A formatter showing a stored choice by its Chinese label (other values as they are), for ``formats``."""
    labels = {str(code): str(label) for code, label in choices}
    return lambda value: labels.get(str(value), str(value))
