"""Demo: a barred person (诚信档案), the soe unit's penalty history, an appeal decided by the department and taken
to the bureau. Everything goes through the supervision services; the appeal's timestamps are then set to the dates the demo
story happened (services stamp "now")."""

from __future__ import annotations

import datetime as dt

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Status
from zhicheng.core.demo import make_id_number

from . import appeals, services
from .models import Appeal, AppealOutcome, PenaltyKind

APPEAL_TEXT = ("本人参加2024年第三期考核认定，单位考核评议时未将本人主持的两项市政工程业绩纳入评议，"
               "导致未被推荐为助理级，请求主管部门复查单位考核推荐结论。")


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(2), tzinfo=dt.UTC)  # 10:00 Beijing time


def _closed_application(world):
    """An application of 2024q3 that ended with a decision, of a unit with a competent department."""
    return (Application.objects.filter(batch=world.batches["2024q3"], unit__department__isnull=False,
                                       status__in=[Status.RECOGNISED, Status.REJECTED])
            .select_related("applicant", "unit").order_by("pk").first())


def seed(world) -> None:
    bureau = world.users["bureau"]
    barred = world.user("qian_ba", role=Role.APPLICANT, real_name="钱八",
                        id_number=make_id_number("530103", dt.date(1994, 4, 4), 31, True),
                        note="诚信档案记录期内的专业技术人员（不能申报）")
    services.integrity_record_create(
        actor=bureau, person=barred, unit=world.units["private"], decided_on=dt.date(2025, 6, 10),
        finding="2025年第二期申报中提供伪造的《云南省城镇职工基本养老保险个人参保证明》，经核查属实。")
    services.penalty_record(
        actor=bureau, kind=PenaltyKind.LAX_REVIEW, decided_on=dt.date(2024, 10, 15), unit=world.units["soe"],
        facts="2024年第三期推荐的1名人员大专毕业后从事专业工作不满36个月，单位审核未发现，属审核把关不严。")

    application = _closed_application(world)
    if application is None:
        return  # the workflow demo has no decided 2024 application to appeal about
    reviewer = application.unit.department.reviewers.filter(role=Role.DEPARTMENT_REVIEWER).first()
    appeal = appeals.appeal_file(appellant=application.applicant, about="recommendation", text=APPEAL_TEXT,
                                 application=application)
    appeals.appeal_start_review(appeal=appeal, actor=reviewer)
    appeals.appeal_decide(appeal=appeal, actor=reviewer, outcome=AppealOutcome.DISMISSED,
                          reasons="经调阅单位考核评议记录，所述两项业绩已纳入评议，单位结论符合其考核推荐制度。")
    appeals.appeal_escalate(appeal=appeal, actor=application.applicant,
                            text="主管部门复查时未听取本人陈述，评议记录中的业绩与本人提交的不一致，请求区人社局复查。")
    Appeal.objects.filter(pk=appeal.pk).update(created_at=_moment(dt.date(2024, 10, 8)),
                                               decided_at=_moment(dt.date(2024, 10, 18)),
                                               escalated_at=_moment(dt.date(2024, 10, 22)))
