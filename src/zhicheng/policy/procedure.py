"""The procedure of the notice (三 办理程序, 四 申报时间, 五 提交材料要求) as data: ``params/procedure.yaml``.

Pure Python like the rest of the package. :func:`procedure` resolves everything in force on one date — the
batch's rule date (docs/policy.md, "Which rules a batch follows") — so a batch never mixes two notices.

The deadlines of 四 are the batch's own times; the YAML says which of them closes each step
(:data:`STEPS`), so the Django side reads ``getattr(batch, proc.deadline_of(step))``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from zhicheng.policy import parameters

# The batch's times a step may be closed by (Batch fields on the Django side).
BATCH_TIMES = ("list_deadline", "window_start", "window_end", "revision_deadline", "review_deadline")
# The steps whose closing time the notice sets (四).
STEPS = ("submit", "unit_review", "resubmit", "unit_rereview", "department_recheck", "return",
         "bureau_recognition")


@dataclass(frozen=True, slots=True)
class Procedure:
    """The procedure in force on ``on``."""

    on: date
    max_returns: int  # 四: the third return with problems remaining ends the year's application
    min_achievement_chars: int  # 五（一）
    min_opinion_chars: int  # 五（二）, each of the three parts
    publicity_min_working_days: int  # 三（一）2、五（六）
    stage_deadlines: Mapping[str, str]  # step → batch time

    def deadline_of(self, step: str) -> str:
        """The batch time (a :data:`BATCH_TIMES` name) that closes ``step``."""
        return self.stage_deadlines[step]

    def clause(self, name: str) -> str:
        return parameters.entry(name).clause


def _deadlines(table) -> Mapping[str, str]:
    if not isinstance(table, dict) or set(table) != set(STEPS) or not set(table.values()) <= set(BATCH_TIMES):
        raise ValueError(f"procedure.yaml:stage_deadlines must map every step {STEPS} to one of {BATCH_TIMES}: "
                         f"{table!r}")
    return MappingProxyType(dict(table))


@lru_cache(maxsize=256)
def procedure(on: date) -> Procedure:
    """The procedure in force on ``on`` (cached per date; :func:`parameters.install` clears the cache)."""
    v = parameters.value
    return Procedure(
        on=on,
        max_returns=v("max_returns", on),
        min_achievement_chars=v("min_achievement_chars", on),
        min_opinion_chars=v("min_opinion_chars", on),
        publicity_min_working_days=v("publicity_min_working_days", on),
        stage_deadlines=_deadlines(v("stage_deadlines", on)),
    )


def deadline_periods() -> list[tuple[date | None, date | None, Mapping[str, str]]]:
    """``(from, until, step → batch time)`` for every period of ``stage_deadlines`` (for queries over batches
    that follow different notices)."""
    return [(start, end, _deadlines(table)) for start, end, table in parameters.periods("stage_deadlines")]


parameters.on_reload(procedure.cache_clear)
