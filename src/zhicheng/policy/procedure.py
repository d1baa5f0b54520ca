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
    attachments: tuple[AttachmentRule, ...]  # 五（三）–（八）, in the order they are shown

    def deadline_of(self, step: str) -> str:
        """The batch time (a :data:`BATCH_TIMES` name) that closes ``step``."""
        return self.stage_deadlines[step]

    def clause(self, name: str) -> str:
        return parameters.entry(name).clause


# Facts an attachment rule may ask about (see params/procedure.yaml, attachments).
CONDITIONS = ("unit_kind", "not_unit_kind", "legal_representative", "labour_dispatch", "out_of_province_branch",
              "series_needs_access", "changes_series", "holds_title")


@dataclass(frozen=True, slots=True)
class AttachmentFacts:
    """What decides a person's attachment list."""

    unit_kind: str  # 事业单位 / 国有企业 / 非公经济组织 / 社会组织
    legal_representative: bool = False
    labour_dispatch: bool = False
    out_of_province_branch: bool = False
    series_needs_access: bool = False
    changes_series: bool = False
    holds_title: bool = False


@dataclass(frozen=True, slots=True)
class AttachmentRule:
    category: str
    clause: str
    reason: str  # with the clause: "事业单位须提供《事业单位聘用通知书》（五（五）1）"
    required: bool
    when: Mapping[str, object]

    def applies(self, facts: AttachmentFacts) -> bool:
        for key, wanted in self.when.items():
            if key == "unit_kind":
                if facts.unit_kind not in wanted:
                    return False
            elif key == "not_unit_kind":
                if facts.unit_kind in wanted:
                    return False
            elif getattr(facts, key) != wanted:
                return False
        return True


def _attachments(rows, on: date) -> tuple[AttachmentRule, ...]:
    rules = []
    for row in rows or []:
        when = row.get("when") or {}
        if not {"category", "clause", "reason"} <= set(row) or set(when) - set(CONDITIONS):
            raise ValueError(f"procedure.yaml:attachments: bad row {row!r}")
        reason = str(row["reason"]).format(publicity_min_working_days=parameters.value("publicity_min_working_days",
                                                                                         on))
        rules.append(AttachmentRule(row["category"], row["clause"], f"{reason}（{row['clause']}）",
                                    bool(row.get("required", True)), MappingProxyType(dict(when))))
    return tuple(rules)


def attachments_for(facts: AttachmentFacts, on: date) -> list[AttachmentRule]:
    """The attachment list (五（三）–（八）) for these facts under the procedure in force on ``on``."""
    return [rule for rule in procedure(on).attachments if rule.applies(facts)]


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
        attachments=_attachments(v("attachments", on), on),
    )


def deadline_periods() -> list[tuple[date | None, date | None, Mapping[str, str]]]:
    """``(from, until, step → batch time)`` for every period of ``stage_deadlines`` (for queries over batches
    that follow different notices)."""
    return [(start, end, _deadlines(table)) for start, end, table in parameters.periods("stage_deadlines")]


parameters.on_reload(procedure.cache_clear)
