"""Chinese names of audit actions and states, for the trails people read (the stored codes stay the same).

The audit app knows no other app: each app registers the names of the actions it writes (and the states it
records) from its ``AppConfig.ready``, with :func:`register`.
"""

from __future__ import annotations

from collections.abc import Mapping

ACTION_LABELS: dict[str, str] = {}
STATE_LABELS: dict[str, str] = {}


def register(actions: Mapping[str, str], *, states: Mapping[str, str] | None = None) -> None:
    """Add an app's action names (and state names); a code registered twice with two names is a mistake."""
    for table, names in ((ACTION_LABELS, actions), (STATE_LABELS, states or {})):
        for code, label in names.items():
            label = str(label)
            if table.get(code, label) != label:
                raise ValueError(f"audit code {code!r} has two names: {table[code]!r} and {label!r}")
            table[code] = label


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def state_label(code: str) -> str:
    return STATE_LABELS.get(code, code)
