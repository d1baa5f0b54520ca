"""The states of an application and its review stages, as data.

Every status is either with the applicant (``APPLICANT_STATES``), a review stage (``STAGES``, in order) or an
end (``TERMINAL``); ``tests/applications/test_lifecycle.py`` keeps it so. A new review stage (say 专家评审) is
one :class:`Stage` entry here, its status value in ``models.Status`` and a migration: the transitions, guards,
queues, counts, audit names and pages follow from this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhicheng.accounts.models import Role
from zhicheng.accounts.scope import reviewers_for, reviews_case, value_at

from ..models import Status


@dataclass(frozen=True)
class Stage:
    """One review stage: who acts on it, which cases are theirs, whether it applies to a case."""

    status: str  # the application's status while it waits here; also Review.stage of the decisions taken here
    key: str  # names its transitions: <key>_approve, <key>_return, <key>_reject
    label: str  # 单位审核: the stage, in review histories and on the 考核认定表
    who: str  # 单位: who decides, in audit names (单位退回修改)
    role: str  # the reviewer role acting on this stage
    # A case is the reviewer's when reviewer.<actor_field> equals application.<case_field> (and is set).
    actor_field: str
    case_field: str
    approve_label: str  # the approve button: 审核通过 / 复核通过 / 认定通过
    deadline_name: str = ""  # the step in a deadline message (人社局审核已于…截止); the label when empty
    skip_unless: str = ""  # a path on the application: the stage is skipped (recorded as skipped) when it is empty
    skip_reason: str = ""  # why it is skipped, in the history and on the approve button before it
    can_reject: bool = False  # this stage may refuse recognition (不予认定)
    opinion: bool = False  # approving needs the unit's three-part opinion (用人单位考核意见, 五（二）)
    reviewer_filter: dict = field(default_factory=dict)  # more conditions on the reviewers who are told

    @property
    def skip_note(self) -> str:
        return f"{self.skip_reason}，跳过"

    def __post_init__(self):
        if not self.deadline_name:
            object.__setattr__(self, "deadline_name", self.label)

    def applies_to(self, application) -> bool:
        return not self.skip_unless or bool(value_at(application, self.skip_unless))

    def owns(self, application, user) -> bool:
        """Whether this case is this reviewer's (their unit, department or district): zhicheng.accounts.scope."""
        return reviews_case(self, application, user)

    def reviewers(self, application):
        """The active accounts that review this case at this stage (they are told when it arrives)."""
        return reviewers_for(self, application)


STAGES: tuple[Stage, ...] = (
    Stage(Status.UNIT_REVIEW, "unit", "单位审核", "单位", Role.UNIT_OFFICER, "unit_id", "unit_id", "审核通过",
          opinion=True, reviewer_filter={"is_approved": True}),
    Stage(Status.DEPARTMENT_RECHECK, "department", "主管部门复核", "主管部门", Role.DEPARTMENT_REVIEWER,
          "department_id", "unit.department_id", "复核通过",
          skip_unless="unit.department_id", skip_reason="无主管部门"),
    Stage(Status.BUREAU_RECOGNITION, "bureau", "人社局认定", "人社局", Role.BUREAU_REVIEWER, "district_id",
          "batch.district_id", "认定通过", deadline_name="人社局审核", can_reject=True),
)

APPLICANT_STATES = (Status.DRAFT, Status.RETURNED)  # the applicant may change the application
TERMINAL = (Status.RECOGNISED, Status.REJECTED, Status.CLOSED, Status.REVOKED)  # no review is open
RECOGNISED_STATES = (Status.RECOGNISED, Status.REVOKED)  # recognised at some point (statistics count both)

STAGE_BY_STATUS = {s.status: s for s in STAGES}
STAGES_OF_ROLE: dict[str, tuple[Stage, ...]] = {}
for _stage in STAGES:
    STAGES_OF_ROLE[_stage.role] = (*STAGES_OF_ROLE.get(_stage.role, ()), _stage)
REVIEW_STATUSES = tuple(s.status for s in STAGES)
OPEN_STATUSES = APPLICANT_STATES + REVIEW_STATUSES


def stage_of(status: str) -> Stage | None:
    return STAGE_BY_STATUS.get(status)


def stage_for(user, application) -> Stage | None:
    """The stage this reviewer acts on for this case: by role (so a reviewer who lost a race is told the case
    moved on, not that their role may not act); of a role's several stages, the one the case is at."""
    mine = STAGES_OF_ROLE.get(getattr(user, "role", None), ())
    return next((s for s in mine if s.status == application.status), mine[0] if mine else None)


def first_stage(application) -> Stage:
    return next(s for s in STAGES if s.applies_to(application))


def next_stage(stage: Stage, application) -> Stage | None:
    """The stage after ``stage`` that applies to this case (None: ``stage`` was the last)."""
    later = STAGES[STAGES.index(stage) + 1:]
    return next((s for s in later if s.applies_to(application)), None)


def skipped_between(stage: Stage, following: Stage | None) -> list[Stage]:
    """The stages passed over on the way from ``stage`` to ``following`` (e.g. no competent department)."""
    end = STAGES.index(following) if following else len(STAGES)
    return list(STAGES[STAGES.index(stage) + 1:end])


def review_stage_choices() -> list[tuple[str, str]]:
    return [(s.status, s.label) for s in STAGES]

