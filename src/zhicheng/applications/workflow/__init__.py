"""The application's lifecycle: states and review stages (``stages``), guards with reasons (``guards``) and the
transitions services take (``engine``). Pages read what a case shows from :func:`view`.

Thin and ours: a transition is data, a guard is a function ``(application, user, now) -> reason | None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Status
from .engine import (
    TRANSITIONS,
    Transition,
    audit_labels,
    available_actions,
    check,
    move,
    problems,
    review_status_for,
    stops_here,
    transition_for,
)
from .guards import (
    MSG_NOT_OWN,
    MSG_PAPER_DONE,
    MSG_RETURN_CLOSED,
    MSG_REVIEW_CLOSED,
    MSG_REVISION_CLOSED,
    MSG_ROLE,
    MSG_STALE,
    MSG_WINDOW_CLOSED,
    MSG_WINDOW_NOT_STARTED,
    closing_time,
    edit_deadline,
    review_step,
    step_deadline,
    submission_ready,
)
from .stages import (
    APPLICANT_STATES,
    OPEN_STATUSES,
    RECOGNISED_STATES,
    REVIEW_STATUSES,
    STAGES,
    STAGES_OF_ROLE,
    TERMINAL,
    Stage,
    first_stage,
    next_stage,
    skipped_between,
    stage_of,
)

submission_ready_guard = submission_ready

# Derived views of the stage table, for code that asks by role or by status.
STAGE_OF_ROLE = {role: stages[0].status for role, stages in STAGES_OF_ROLE.items()}
REVIEW_STEPS = {s.status: s.status for s in STAGES}  # the procedure's step name of each review status
STAGE_ACTIONS = {s.status: (f"{s.key}_approve", f"{s.key}_return", f"{s.key}_reject" if s.can_reject else None)
                 for s in STAGES}


def _in(*statuses):
    return property(lambda self: self.status in statuses)


@dataclass(frozen=True)
class View:
    """What a page shows about a case's state: templates ask these, never compare status strings."""

    status: str
    label: str
    stage: Stage | None  # the review stage it waits at
    return_count: int
    max_returns: int  # the return that closes the case (四, the batch's procedure)
    approve_hint: str = ""  # （无主管部门，直接报人社局） when the next stage does not apply

    @property
    def next_return(self) -> int:
        return self.return_count + 1

    @property
    def next_return_closes(self) -> bool:
        return self.next_return >= self.max_returns

    editable = _in(*APPLICANT_STATES)  # the applicant may still change it
    first_draft = _in(Status.DRAFT)
    awaiting_revision = _in(Status.RETURNED)
    closed = _in(Status.CLOSED)
    rejected = _in(Status.REJECTED)
    recognised = _in(Status.RECOGNISED)
    ended = _in(*TERMINAL)


def view(application) -> View:
    status = application.status
    return View(status=status, label=str(Status(status).label), stage=stage_of(status),
                return_count=application.return_count, max_returns=application.batch.procedure.max_returns,
                approve_hint=approve_hint(application))


def approve_hint(application) -> str:
    """What the approve button adds when the next stage does not apply (（无主管部门，直接报人社局）)."""
    stage = stage_of(application.status)
    if stage is None:
        return ""
    following = next_stage(stage, application)
    passed = skipped_between(stage, following)
    if not passed:
        return ""
    return f"（{passed[0].skip_reason}，直接报{following.who if following else '认定'}）"


__all__ = [
    "APPLICANT_STATES", "MSG_NOT_OWN", "MSG_PAPER_DONE", "MSG_RETURN_CLOSED", "MSG_REVIEW_CLOSED",
    "MSG_REVISION_CLOSED", "MSG_ROLE", "MSG_STALE", "MSG_WINDOW_CLOSED", "MSG_WINDOW_NOT_STARTED", "OPEN_STATUSES",
    "RECOGNISED_STATES", "REVIEW_STATUSES", "REVIEW_STEPS", "STAGES", "STAGE_ACTIONS", "STAGE_OF_ROLE", "TERMINAL", "TRANSITIONS",
    "Stage", "Transition", "View", "approve_hint", "audit_labels", "available_actions", "check", "closing_time", "edit_deadline",
    "first_stage", "move", "next_stage", "problems", "review_status_for", "review_step", "step_deadline", "skipped_between", "stage_of",
    "stops_here", "submission_ready_guard", "transition_for", "view",
]
