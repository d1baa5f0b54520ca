"""Demo: applications in every state for both demo batches, reached through the real services.

Actions carry explicit ``now=`` moments inside each batch's windows, so 2024 decisions happen in September 2024.
People without an account on the recommendation lists (陈晓雨, 杨帆, 周建国) get applicant accounts here, matched
to their list entries by id number.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.accounts.models import Role
from zhicheng.core.demo import at
from zhicheng.orgs.models import UnitKind
from zhicheng.recommendations.demo import minimal_pdf
from zhicheng.recommendations.models import RecommendationEntry

from . import services
from .attachments import attachment_add
from .models import Section
from .requirements import required_attachments

ACHIEVEMENTS = (
    "本人自参加工作以来，始终坚持把专业技术工作放在首位，认真学习本专业的法律法规、技术标准和操作规程，"
    "积极参加单位组织的业务培训和岗位练兵。在岗位上承担了多个项目的现场技术管理工作，负责编制施工组织设计和专项方案，"
    "组织图纸会审和技术交底，对关键工序进行旁站检查，及时发现并处理质量隐患，所负责的分项工程验收一次合格率达到百分之百。"
    "在工作中注重总结经验，撰写了两篇技术总结，参与制定了单位内部的质量检查清单，提高了检查效率。"
    "同时积极配合同事完成资料归档、进度统计和安全检查等工作，做到资料齐全、数据准确。"
    "在疫情防控和防汛抢险等急难险重任务中服从安排、主动担当，受到单位表扬。"
    "今后本人将继续加强专业理论学习，提升解决复杂技术问题的能力，努力在本岗位上作出更大贡献。"
    "工作期间还带领两名新入职同事熟悉岗位职责和作业流程，帮助他们尽快独立开展工作，形成了良好的传帮带氛围。"
    "在节能降耗方面提出了三条合理化建议，其中两条被单位采纳，每年节约材料费用约五万元。"
)
OPINION = {
    "opinion_truthful": "经逐项核对原件，申请人填写的学历、工作经历和参保信息均属实。",
    "opinion_evaluation": "该同志学历符合要求，从事本专业工作年限已满，工作认真负责，业绩较为突出，同意推荐。",
    "opinion_publicity": "已在本单位公告栏公示五个工作日，公示期间无异议。",
}
EXTRA_PEOPLE = {"陈晓雨": "chen_xiaoyu", "杨帆": "yang_fan", "周建国": "zhou_jianguo"}


def _month(d: dt.date, back: int = 0) -> str:
    y, m = d.year, d.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"


def facts(app, as_of: dt.date) -> dict:
    """Section values that make this application eligible on ``as_of`` (study 4 years earlier, work since)."""
    unit = app.unit
    grad = dt.date(as_of.year - 4, 6, 30)
    start = dt.date(as_of.year - 4, 8, 1)
    basic = {"series": app.series, "specialty": app.specialty, "level": app.level, "post": app.post or "技术员",
             "employment_start": start if unit.kind == UnitKind.PUBLIC_INSTITUTION else None,
             "is_legal_representative": False, "is_civil_servant": False, "is_retired": False,
             "months_in_current_post": None,
             "access_qualification": "教师资格证 20190000001" if app.series.endswith("教师") else ""}
    insurance = [{"from": _month(start), "to": _month(as_of, 1), "city": "昆明市", "uscc": unit.uscc,
                  "unit": unit.name}]
    return {
        Section.BASIC: basic,
        Section.SKILLS: [],
        Section.EDUCATION: [{"level": "本科", "school": "昆明理工大学", "major": app.specialty, "date": grad.isoformat(),
                             "full_time": True, "certificate_number": "106741201905001234", "major_related": True}],
        Section.WORK: [{"from": _month(start), "to": "", "unit": unit.name, "post": app.post or "技术员"}],
        Section.INSURANCE: insurance,
        Section.TITLES: [],
        Section.ACHIEVEMENTS: ACHIEVEMENTS,
    }


def fill(app, *, now, values=None):
    """Fill every section (complete) through the service."""
    values = values or facts(app, now.date())
    for section, value in values.items():
        app = services.application_section_save(application=app, actor=app.applicant, section=section,
                                                value=value, complete=True, now=now)
    return app


def upload_all(app, *, only=None, now=None):
    for req in required_attachments(app):
        if not req.required or (only is not None and req.category not in only):
            continue
        upload = SimpleUploadedFile(f"{req.category}.pdf", minimal_pdf(f"{req.category} {app.pk}"),
                                    content_type="application/pdf")
        attachment_add(application=app, category=req.category, uploaded_file=upload, actor=app.applicant, now=now)
    return app


def submitted(user, batch, *, now):
    app = services.application_start(user=user, batch=batch, now=now)
    app = fill(app, now=now)
    upload_all(app, now=now)
    return services.application_submit(application=app, actor=user, now=now)


def _officer(world, app):
    return next(u for u in world.users.values() if u.role == Role.UNIT_OFFICER and u.unit_id == app.unit_id
                and u.is_approved)


def _dept(world, app):
    return next(u for u in world.users.values() if u.role == Role.DEPARTMENT_REVIEWER
                and u.department_id == app.unit.department_id)


def _return(world, app, actor, now, text, *, attachment=True):
    items = [{"section": Section.ACHIEVEMENTS, "reason": text}]
    if attachment:
        items.append({"attachment_category": "id_card", "reason": "身份证复印件未加盖单位公章，请重新上传。"})
    return services.application_return(application=app, actor=actor, now=now, items=items)


def _extra_accounts(world):
    for entry in RecommendationEntry.objects.filter(real_name__in=list(EXTRA_PEOPLE)).order_by("id"):
        username = EXTRA_PEOPLE[entry.real_name]
        if username not in world.users:
            world.user(username, role=Role.APPLICANT, real_name=entry.real_name, id_number=entry.id_number,
                       note=f"专业技术人员（{entry.recommendation_list.unit.name}）")


def _to_bureau(world, app, now):
    app = services.application_approve(application=app, actor=_officer(world, app), opinion=OPINION, now=now)
    if app.unit.department_id:
        app = services.application_approve(application=app, actor=_dept(world, app), comment="复核通过。",
                                           now=now + dt.timedelta(hours=1))
    return app


def seed(world) -> None:
    _extra_accounts(world)
    u, bureau = world.users, world.users["bureau"]
    old, cur = world.batches["2024q3"], world.batches["current"]

    # 2024 third batch (closed): recognised with paper, recognised, rejected, closed after three returns,
    # and a return left unanswered past the deadline (closed as overdue).
    day = at(2024, 9, 3, 10)
    app = _to_bureau(world, submitted(u["zhang_san"], old, now=day), at(2024, 9, 6, 10))
    app = services.application_approve(application=app, actor=bureau, comment="同意认定。", now=at(2024, 9, 24, 15))
    services.application_record_paper(application=app, actor=bureau, received_on=dt.date(2024, 9, 27),
                                      delivered_by=services.unit_clerks([app.unit_id])[app.unit_id][0],
                                      now=at(2024, 9, 27, 11))
    app = _to_bureau(world, submitted(u["wang_wu"], old, now=day), at(2024, 9, 6, 11))
    services.application_approve(application=app, actor=bureau, comment="同意认定。", now=at(2024, 9, 25, 9))
    app = _to_bureau(world, submitted(u["zhao_liu"], old, now=day), at(2024, 9, 6, 12))
    services.application_reject(application=app, actor=bureau, now=at(2024, 9, 25, 10),
                                reason="派遣协议显示派遣岗位为保洁，不属于专业技术岗位，不予认定。")
    app = submitted(u["sun_qi"], old, now=day)
    for i, when in enumerate([at(2024, 9, 5, 10), at(2024, 9, 10, 10), at(2024, 9, 16, 10)], start=1):
        # (2024 returns ask for text only)
        app = _return(world, app, _officer(world, app), when, f"第 {i} 次：业绩描述与推荐时信息不一致，请如实修改。",
                      attachment=False)
        if i < 3:
            app = services.application_section_save(application=app, actor=app.applicant, now=when,
                                                    section=Section.ACHIEVEMENTS, value=ACHIEVEMENTS + "已修改。")
            app = services.application_submit(application=app, actor=app.applicant,
                                              now=when + dt.timedelta(days=1))
    app = submitted(u["chen_xiaoyu"], old, now=day)
    _return(world, app, _officer(world, app), at(2024, 9, 12, 10), "请补充近三年的教学业绩。", attachment=False)
    services.applications_close_overdue(now=at(2024, 9, 28, 9))

    # 2026 fourth batch (open now): one application in each working state.
    day = at(2026, 11, 24, 10)
    app = services.application_start(user=u["chen_xiaoyu"], batch=cur, now=day)  # draft, partly filled
    values = facts(app, day.date())
    services.application_section_save(application=app, actor=app.applicant, section=Section.BASIC,
                                      value=values[Section.BASIC], now=day)
    submitted(u["zhao_liu"], cur, now=day)  # unit review
    app = submitted(u["li_si"], cur, now=day)  # department re-check
    services.application_approve(application=app, actor=_officer(world, app), opinion=OPINION,
                                 now=at(2026, 11, 25, 10))
    _to_bureau(world, submitted(u["wang_wu"], cur, now=day), at(2026, 11, 25, 11))  # bureau (department skipped)
    app = submitted(u["zhang_san"], cur, now=day)  # returned once
    _return(world, app, _officer(world, app), at(2026, 11, 25, 15), "业绩中请写明所教班级和教学成绩。")
    app = submitted(u["sun_qi"], cur, now=day)  # returned twice
    for i, when in enumerate([at(2026, 11, 24, 15), at(2026, 11, 26, 10)], start=1):
        app = _return(world, app, _officer(world, app), when, f"第 {i} 次退回：请核对参保单位与劳动合同单位。")
        if i == 1:
            app = services.application_section_save(application=app, actor=app.applicant, now=when,
                                                    section=Section.ACHIEVEMENTS, value=ACHIEVEMENTS + "已核对。")
            upload_all(app, only={"id_card"}, now=when)
            app = services.application_submit(application=app, actor=app.applicant,
                                              now=when + dt.timedelta(hours=2))
    app = _to_bureau(world, submitted(u["yang_fan"], cur, now=day), at(2026, 11, 25, 16))  # recognised, no paper
    services.application_approve(application=app, actor=bureau, comment="同意认定。", now=at(2026, 11, 26, 15))
