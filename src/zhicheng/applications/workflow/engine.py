"""The transitions of an application, built from the stage table, and the two calls services make.

A transition is data: its sources, its target (a function of the case: the next stage that applies, or closed
after the last permitted return), who may take it, its guards and its audit code. Services lock the row, call
:func:`check` (every reason at once, or the one that makes the others moot), do their own part (the review row,
the return items) and call :func:`move`, which sets the status, records skipped stages and writes the audit row.
No other code sets ``Application.status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.audit.services import audit_record

from ..models import Decision, Review, Status
from . import guards
from .guards import MSG_ROLE, MSG_STALE, Refusal, is_final
from .stages import (
    STAGES,
    STAGES_OF_ROLE,
    Stage,
    first_stage,
    next_stage,
    skipped_between,
    stage_for,
    stage_of,
)

Guard = Callable[[object, object, dt.datetime], "str | None"]

@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: Callable[[object], str] | None  # the status after, from the case; None: the status stays
    roles: tuple[str, ...]  # empty: taken by the system (no actor), e.g. closing overdue cases
    guards: tuple[Guard, ...]
    audit: str
    audit_label: str
    audit_from: dict[str, tuple[str, str]] = field(default_factory=dict)  # another (code, label) by source state
    stage: Stage | None = None
    kind: str = ""  # approve / return / reject: the review page's three decisions
    offered: bool = True  # listed by available_actions (revocation has its own page, closing has none)

    def audit_code(self, from_state: str) -> str:
        return self.audit_from.get(from_state, (self.audit, ""))[0]

    def target_for(self, application) -> str | None:
        return self.target(application) if self.target else None


def _after_approval(stage: Stage):
    def target(app) -> str:
        following = next_stage(stage, app)
        return following.status if following else Status.RECOGNISED
    return target


def _after_return(app) -> str:
    """四: the return that reaches the batch's max_returns (3 in the 2024 notice) closes the case."""
    return Status.CLOSED if app.return_count >= app.batch.procedure.max_returns else Status.RETURNED


def _fixed(status: str):
    return lambda app: status


def _stage_transitions(stage: Stage) -> list[Transition]:
    owns = guards.Owns(stage)
    out = [
        Transition(f"{stage.key}_approve", stage.approve_label, (stage.status,), _after_approval(stage),
                   (stage.role,), (owns, guards.review_deadline), f"application.{stage.key}_approve",
                   f"{stage.label}通过", stage=stage, kind="approve"),
        Transition(f"{stage.key}_return", "退回修改", (stage.status,), _after_return, (stage.role,),
                   (owns, guards.review_deadline, guards.return_deadline), f"application.{stage.key}_return",
                   f"{stage.who}退回修改", stage=stage, kind="return"),
    ]
    if stage.can_reject:
        out.append(Transition(f"{stage.key}_reject", "不予认定", (stage.status,), _fixed(Status.REJECTED),
                              (stage.role,), (owns, guards.review_deadline), f"application.{stage.key}_reject",
                              f"{stage.who}不予认定", stage=stage, kind="reject"))
    return out


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("submit", "提交申报", (Status.DRAFT, Status.RETURNED), lambda app: first_stage(app).status,
               (Role.APPLICANT,), (guards.applicant, guards.submit_deadline, guards.submission_ready),
               "application.submit", "提交申报", audit_from={Status.RETURNED: ("application.resubmit", "修改后重新提交")}),
    *[t for stage in STAGES for t in _stage_transitions(stage)],
    Transition("record_paper", "登记纸质认定表", (Status.RECOGNISED,), None, (Role.BUREAU_REVIEWER,),
               (guards.Owns(STAGES[-1]), guards.paper_stamping, guards.paper_not_recorded), "application.record_paper", "登记收到纸质认定表"),
    Transition("close_overdue", "逾期未补正，终止申报", (Status.RETURNED,), _fixed(Status.CLOSED), (),
               (guards.revision_overdue,), "application.close_overdue", "逾期未补正，申报终止", offered=False),
    Transition("revoke", "撤销职称", (Status.RECOGNISED,), _fixed(Status.REVOKED), (Role.BUREAU_REVIEWER, Role.ADMIN),
               (guards.bureau_district,), "application.revoke", "撤销职称", offered=False),
]}


def audit_labels() -> dict[str, str]:
    """The Chinese name of every audit code a transition writes (registered with the audit app)."""
    labels = {}
    for t in TRANSITIONS.values():
        labels[t.audit] = t.audit_label
        labels.update(dict(t.audit_from.values()))
    return labels


def _actor_problem(t: Transition, user) -> str | None:
    if not t.roles:
        return None if user is None else MSG_ROLE
    if not getattr(user, "is_authenticated", False) or user.role not in t.roles or not user.can_act:
        return MSG_ROLE
    return None


def problems(name: str, application, user, now: dt.datetime | None = None, *, skip=()) -> list[str]:
    """Every reason this user may not take this transition now (empty: allowed). A reason that makes the
    others moot (wrong person, the case has moved on) comes alone."""
    now = now or timezone.now()
    t = TRANSITIONS[name]
    if reason := _actor_problem(t, user):
        return [Refusal.stop(reason)]
    if application.status not in t.sources:
        return [Refusal.stop(MSG_STALE.format(state=Status(application.status).label))]
    reasons = []
    for guard in t.guards:
        if guard in skip:
            continue
        reason = guard(application, user, now)
        if reason:
            reasons.append(reason)
            if is_final(reason):
                break
    return reasons


def stops_here(reasons: list[str]) -> bool:
    """Whether the first reason makes the others moot (wrong person or the state has moved on)."""
    return bool(reasons) and is_final(reasons[0])


def check(name: str, application, user, now: dt.datetime | None = None, *, skip=()) -> None:
    reasons = problems(name, application, user, now, skip=skip)
    if reasons:
        raise ValidationError([str(r) for r in reasons])


def move(name: str, application, actor, now: dt.datetime, *, comment: str = "", changes: dict | None = None,
         fields: list[str] | None = None) -> str:
    """Take the (already checked) transition: record the stages it passes over, set the status, save the row
    (``fields``: only those, else all) and write the audit row. Returns the state it left."""
    t = TRANSITIONS[name]
    from_state = application.status
    if t.kind == "approve":
        for passed in skipped_between(t.stage, next_stage(t.stage, application)):
            Review.objects.create(application=application, stage=passed.status, decision=Decision.SKIP,
                                  reviewer=None, comment=passed.skip_note, created_at=now)
    target = t.target_for(application)
    if target is not None:
        application.status = target
    if fields is None:
        application.save()
    else:
        application.save(update_fields=[*fields, *(["status"] if target is not None else []), "updated_at"])
    audit_record(actor=actor, action=t.audit_code(from_state), obj=application,
                 district_id=application.batch.district_id, from_state=from_state, to_state=application.status,
                 comment=comment, changes=changes, now=now)
    return from_state


def transition_for(kind: str, user, application) -> Transition:
    """The approve/return/reject transition of the stage this reviewer's role acts on (by role, not by the row's
    current status, so a reviewer who lost a race is told the case moved on, not that their role may not)."""
    stage = stage_for(user, application)
    if stage is None:
        stage = stage_of(application.status) or STAGES[0]
    # A stage without this decision (only the bureau refuses): the first stage that has it, whose guards refuse.
    return TRANSITIONS.get(f"{stage.key}_{kind}") or next(t for t in TRANSITIONS.values() if t.kind == kind)


def available_actions(application, user, now: dt.datetime | None = None) -> list[tuple[str, bool, str]]:
    """(action, allowed, reason) for the transitions of this user's role from the current state."""
    now = now or timezone.now()
    out = []
    for t in TRANSITIONS.values():
        if not t.offered or getattr(user, "role", None) not in t.roles or application.status not in t.sources:
            continue
        reasons = problems(t.name, application, user, now)
        out.append((t.name, not reasons, "；".join(reasons)))
    return out


def review_status_for(user) -> str | None:
    """The status a reviewer of this role acts on (the first, when the role has several stages)."""
    stages = STAGES_OF_ROLE.get(getattr(user, "role", None))
    return stages[0].status if stages else None
