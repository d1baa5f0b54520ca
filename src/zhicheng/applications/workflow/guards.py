"""Guards: ``guard(application, user, now) -> reason | None``. A :class:`Refusal` that is ``final`` makes the
other reasons moot (not this person's case, or the case has moved on), so pages and services stop there."""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.accounts.scope import Scope
from zhicheng.batches.selectors import format_moment

from ..checks import submission_problems
from ..models import Status
from .stages import STAGES, Stage, stage_of

MSG_STALE = "该申报当前状态为“{state}”，此操作已不可用（可能已由其他人处理），请刷新页面后查看。"
MSG_ROLE = "您的角色不能办理此操作。"
MSG_NOT_OWN = "该申报不属于您的办理范围。"
MSG_WINDOW_NOT_STARTED = "网络申报尚未开始（{when}开始）。"
MSG_WINDOW_CLOSED = "网络申报已于{when}截止。"
MSG_REVISION_CLOSED = "退回修改已于{when}截止，逾期未补正视为不具备相应申报资格。"
MSG_REVIEW_CLOSED = "{stage}已于{when}截止（通知四：{time}），不能再办理。"
MSG_RETURN_CLOSED = "退回修改截止时间（{when}）已过，不能再退回；请作出通过或不予认定的决定。"
MSG_PAPER_ELECTRONIC = "本批次采用电子签章：考核认定表由单位、主管部门和人社局在平台内签章，无需登记纸质表。"
MSG_PAPER_DONE = "纸质认定表已于{when}登记收到。"
MSG_NOT_OVERDUE = "退回修改尚未逾期。"
MSG_EDIT_CLOSED = "网络申报已于{when}截止，不能再修改。"


class Refusal(str):
    """A reason (a str, so it joins and compares as text) that may end the list of reasons."""

    final: bool = False

    @classmethod
    def stop(cls, text: str) -> Refusal:
        refusal = cls(text)
        refusal.final = True
        return refusal


def is_final(reason) -> bool:
    return bool(getattr(reason, "final", False))


def applicant(app, user, now):
    return None if app.applicant_id == user.pk else Refusal.stop(MSG_NOT_OWN)


@dataclass(frozen=True)
class Owns:
    """The case is this reviewer's at this stage (their unit, department or district)."""

    stage: Stage

    def __call__(self, app, user, now):
        return None if self.stage.owns(app, user) else Refusal.stop(MSG_NOT_OWN)


# Which batch time closes each step is policy data (policy/params/procedure.yaml, stage_deadlines), read at the
# batch's rule date. A review stage's step is its status; a resubmission is reviewed by the first stage under its
# own step. A stage the notice gives no deadline of closes with the bureau's own (review_deadline).
RESUBMISSION_STEP = "unit_rereview"
RESUBMISSION_STEP_NAME = "退回修改后的单位审核"
UNDATED_STAGE_TIME = "review_deadline"
BATCH_TIME_NAMES = {"list_deadline": "推荐名单报送截止时间", "window_start": "网络申报开始时间",
                    "window_end": "个人网络申报及单位审核提交时间", "revision_deadline": "返回修改截止时间",
                    "review_deadline": "人社局审核截止时间"}


def closing_time(stage_deadlines: dict, step: str) -> str:
    """The batch time (a field of Batch) that closes ``step`` under one period's stage deadlines."""
    return stage_deadlines.get(step, UNDATED_STAGE_TIME)


def review_step(app) -> str | None:
    """The step an application under review is in: a resubmission after a return is reviewed by the unit
    under the revision deadline (四), a first submission under the application window."""
    stage = stage_of(app.status)
    if stage is None:
        return None
    return RESUBMISSION_STEP if stage is STAGES[0] and app.return_count else stage.status


def step_name(step: str) -> str:
    return RESUBMISSION_STEP_NAME if step == RESUBMISSION_STEP else stage_of(step).deadline_name


def _closing(batch, step):
    return closing_time(batch.procedure.stage_deadlines, step)


def step_deadline(app):
    """The moment that closes the step this application is in (None when it is in none)."""
    if app.status == Status.DRAFT:
        return app.batch.deadline("submit")
    if app.status == Status.RETURNED:
        return app.revision_due or app.batch.deadline("resubmit")
    step = review_step(app)
    return getattr(app.batch, _closing(app.batch, step)) if step else None


def submit_deadline(app, user, now):
    """A first submission inside the batch window; a resubmission until the revision deadline."""
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


def edit_deadline(app, user, now):
    """Until when the applicant may change the application, sections and attachments alike: a draft until the
    window closes, a returned application until its revision deadline (the one rule for every change)."""
    if app.status == Status.DRAFT:
        end = app.batch.deadline("submit")
        return MSG_EDIT_CLOSED.format(when=format_moment(end)) if now > end else None
    return submit_deadline(app, user, now)


def submission_ready(app, user, now):
    problems = submission_problems(app, now)
    return "；".join(problems) if problems else None


def review_deadline(app, user, now):
    step = review_step(app)
    if step is None:
        return None
    time = _closing(app.batch, step)
    due = getattr(app.batch, time)
    if now <= due:
        return None
    return MSG_REVIEW_CLOSED.format(stage=step_name(step), when=format_moment(due), time=BATCH_TIME_NAMES[time])


def return_deadline(app, user, now):
    due = app.batch.deadline("return")
    return MSG_RETURN_CLOSED.format(when=format_moment(due)) if now > due else None


def paper_stamping(app, user, now):
    """Batches whose bureau chose 电子签章 have no paper form to record."""
    from zhicheng.batches.models import Stamping

    return MSG_PAPER_ELECTRONIC if app.batch.stamping == Stamping.ELECTRONIC else None


def paper_not_recorded(app, user, now):
    if app.paper_received_on:
        return MSG_PAPER_DONE.format(when=f"{app.paper_received_on:%Y年%-m月%-d日}")
    return None


def revision_overdue(app, user, now):
    return None if app.revision_due and app.revision_due < now else MSG_NOT_OVERDUE


def bureau_district(app, user, now):
    """A bureau account of the case's district (an installation-wide administrator acts everywhere)."""
    if user.district_id is None or Scope.for_actor(user).is_bureau_of(app.batch.district_id):
        return None
    return Refusal.stop(MSG_NOT_OWN)
