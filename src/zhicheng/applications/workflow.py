"""The application's state machine: states, transitions, who may take them and the guards (with reasons).

Thin and ours: a transition is data (sources, target, roles, guards); a guard is a function
``(application, user, now) -> reason | None``. Services call :func:`problems` inside the row lock;
pages call :func:`available_actions` to show each button and why it is unavailable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.batches.selectors import format_moment

from .checks import submission_problems
from .models import Status

Guard = Callable[[object, object, dt.datetime], "str | None"]

MSG_STALE = "该申报当前状态为“{state}”，此操作已不可用（可能已由其他人处理），请刷新页面后查看。"
MSG_ROLE = "您的角色不能办理此操作。"
MSG_NOT_OWN = "该申报不属于您的办理范围。"
MSG_WINDOW_NOT_STARTED = "网络申报尚未开始（{when}开始）。"
MSG_WINDOW_CLOSED = "网络申报已于{when}截止。"
MSG_REVISION_CLOSED = "退回修改已于{when}截止，逾期未补正视为不具备相应申报资格。"
MSG_REVIEW_CLOSED = "{stage}已于{when}截止（通知四：{time}），不能再办理。"
MSG_RETURN_CLOSED = "退回修改截止时间（{when}）已过，不能再退回；请作出通过或不予认定的决定。"
MSG_PAPER_DONE = "纸质认定表已于{when}登记收到。"


def _applicant(app, user, now):
    return None if app.applicant_id == user.pk else MSG_NOT_OWN


def _unit_officer(app, user, now):
    return None if user.unit_id == app.unit_id else MSG_NOT_OWN


def _department(app, user, now):
    return None if app.unit.department_id and user.department_id == app.unit.department_id else MSG_NOT_OWN


def _bureau(app, user, now):
    return None if user.district_id == app.batch.district_id else MSG_NOT_OWN


# The review step of each status; which batch time closes it is policy data (policy/params/procedure.yaml,
# stage_deadlines), read at the batch's rule date.
REVIEW_STEPS = {Status.UNIT_REVIEW: "unit_review", Status.DEPARTMENT_RECHECK: "department_recheck",
                Status.BUREAU_RECOGNITION: "bureau_recognition"}
STEP_NAMES = {"unit_review": "单位审核", "unit_rereview": "退回修改后的单位审核", "department_recheck": "主管部门复核",
              "bureau_recognition": "人社局审核"}
BATCH_TIME_NAMES = {"list_deadline": "推荐名单报送截止时间", "window_start": "网络申报开始时间",
                    "window_end": "个人网络申报及单位审核提交时间", "revision_deadline": "返回修改截止时间",
                    "review_deadline": "人社局审核截止时间"}


def review_step(app) -> str | None:
    """The step an application under review is in: a resubmission after a return is reviewed by the unit
    under the revision deadline (四), a first submission under the application window."""
    step = REVIEW_STEPS.get(app.status)
    if step == "unit_review" and app.return_count:
        return "unit_rereview"
    return step


def step_deadline(app):
    """The moment that closes the step this application is in (None when it is in none)."""
    if app.status == Status.DRAFT:
        return app.batch.deadline("submit")
    if app.status == Status.RETURNED:
        return app.revision_due or app.batch.deadline("resubmit")
    step = review_step(app)
    return app.batch.deadline(step) if step else None


def _submit_deadline(app, user, now):
    batch = app.batch
    if app.status == Status.RETURNED:
        due = step_deadline(app)
        return MSG_REVISION_CLOSED.format(when=format_moment(due)) if now > due else None
    if now < batch.window_start:
        return MSG_WINDOW_NOT_STARTED.format(when=format_moment(batch.window_start))
    due = batch.deadline("submit")
    if now > due:
        return MSG_WINDOW_CLOSED.format(when=format_moment(due))
    return None


def _review_deadline(app, user, now):
    step = review_step(app)
    if step is None:
        return None
    due = app.batch.deadline(step)
    if now <= due:
        return None
    return MSG_REVIEW_CLOSED.format(stage=STEP_NAMES[step], when=format_moment(due),
                                    time=BATCH_TIME_NAMES[app.batch.procedure.deadline_of(step)])


def _return_deadline(app, user, now):
    due = app.batch.deadline("return")
    return MSG_RETURN_CLOSED.format(when=format_moment(due)) if now > due else None


def _submission_ready(app, user, now):
    problems = submission_problems(app, now)
    return "；".join(problems) if problems else None


def _paper_not_recorded(app, user, now):
    if app.paper_received_on:
        return MSG_PAPER_DONE.format(when=f"{app.paper_received_on:%Y年%-m月%-d日}")
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: decided by the service (e.g. department step skipped) or unchanged
    roles: tuple[str, ...]
    guards: tuple[Guard, ...]


REVIEW_STAGES = {
    Status.UNIT_REVIEW: (Role.UNIT_OFFICER, _unit_officer),
    Status.DEPARTMENT_RECHECK: (Role.DEPARTMENT_REVIEWER, _department),
    Status.BUREAU_RECOGNITION: (Role.BUREAU_REVIEWER, _bureau),
}

TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("submit", "提交申报", (Status.DRAFT, Status.RETURNED), Status.UNIT_REVIEW, (Role.APPLICANT,),
               (_applicant, _submit_deadline, _submission_ready)),
    Transition("unit_approve", "审核通过", (Status.UNIT_REVIEW,), None, (Role.UNIT_OFFICER,),
               (_unit_officer, _review_deadline)),
    Transition("unit_return", "退回修改", (Status.UNIT_REVIEW,), Status.RETURNED, (Role.UNIT_OFFICER,),
               (_unit_officer, _review_deadline, _return_deadline)),
    Transition("department_approve", "复核通过", (Status.DEPARTMENT_RECHECK,), Status.BUREAU_RECOGNITION,
               (Role.DEPARTMENT_REVIEWER,), (_department, _review_deadline)),
    Transition("department_return", "退回修改", (Status.DEPARTMENT_RECHECK,), Status.RETURNED,
               (Role.DEPARTMENT_REVIEWER,), (_department, _review_deadline, _return_deadline)),
    Transition("bureau_approve", "认定通过", (Status.BUREAU_RECOGNITION,), Status.RECOGNISED,
               (Role.BUREAU_REVIEWER,), (_bureau, _review_deadline)),
    Transition("bureau_return", "退回修改", (Status.BUREAU_RECOGNITION,), Status.RETURNED, (Role.BUREAU_REVIEWER,),
               (_bureau, _review_deadline, _return_deadline)),
    Transition("bureau_reject", "不予认定", (Status.BUREAU_RECOGNITION,), Status.REJECTED, (Role.BUREAU_REVIEWER,),
               (_bureau, _review_deadline)),
    Transition("record_paper", "登记纸质认定表", (Status.RECOGNISED,), None, (Role.BUREAU_REVIEWER,),
               (_bureau, _paper_not_recorded)),
]}

# The review status each reviewer role acts on. Services pick the transition by the actor's role, not by the
# row's current status, so a reviewer who lost a race is told the case moved on (MSG_STALE), not MSG_ROLE.
STAGE_OF_ROLE = {
    Role.UNIT_OFFICER: Status.UNIT_REVIEW,
    Role.DEPARTMENT_REVIEWER: Status.DEPARTMENT_RECHECK,
    Role.BUREAU_REVIEWER: Status.BUREAU_RECOGNITION,
}

# For each review status, the (approve, return, reject) transition names.
STAGE_ACTIONS = {
    Status.UNIT_REVIEW: ("unit_approve", "unit_return", None),
    Status.DEPARTMENT_RECHECK: ("department_approve", "department_return", None),
    Status.BUREAU_RECOGNITION: ("bureau_approve", "bureau_return", "bureau_reject"),
}


def problems(name: str, application, user, now: dt.datetime | None = None, *, skip=()) -> list[str]:
    """Every reason this user may not take this transition now (empty: allowed)."""
    now = now or timezone.now()
    t = TRANSITIONS[name]
    if not getattr(user, "is_authenticated", False) or user.role not in t.roles or not user.can_act:
        return [MSG_ROLE]
    if application.status not in t.sources:
        return [MSG_STALE.format(state=Status(application.status).label)]
    reasons = []
    for guard in t.guards:
        if guard in skip:
            continue
        reason = guard(application, user, now)
        if reason:
            reasons.append(reason)
            if guard in (_applicant, _unit_officer, _department, _bureau):
                break  # not theirs: nothing else to say
    return reasons


def stops_here(reasons: list[str]) -> bool:
    """Whether the first reason makes the others moot (wrong person or the state has moved on)."""
    return bool(reasons) and (reasons[0] in (MSG_ROLE, MSG_NOT_OWN) or reasons[0].startswith("该申报当前状态"))


def available_actions(application, user, now: dt.datetime | None = None) -> list[tuple[str, bool, str]]:
    """(action, allowed, reason) for the transitions of this user's role from the current state."""
    now = now or timezone.now()
    out = []
    for t in TRANSITIONS.values():
        if getattr(user, "role", None) not in t.roles or application.status not in t.sources:
            continue
        reasons = problems(t.name, application, user, now)
        out.append((t.name, not reasons, "；".join(reasons)))
    return out


def review_status_for(user) -> str | None:
    """The status a reviewer of this role acts on."""
    for status, (role, _guard) in REVIEW_STAGES.items():
        if getattr(user, "role", None) == role:
            return status
    return None


submission_ready_guard = _submission_ready
