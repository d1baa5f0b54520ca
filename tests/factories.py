"""Test data: rows without a workflow from factory_boy, every workflow state through the services.

- Districts, departments, units and accounts are plain rows (``DistrictFactory``, ``UnitFactory.build(...)``
  traits for each kind of unit, ``ApplicantFactory`` …): they have no state of their own, except a unit officer's
  approval, which ``UnitOfficerFactory`` obtains from the district's bureau (``unit_officer_approve``).
- A batch is created and published by its bureau (``BatchFactory``: ``batch_create`` then ``batch_publish``), so
  its dates pass the same order and overlap checks as on the bureau's page.
- A 附件3 list is built and submitted by the unit's officer (``recommended`` / ``listed``), with the unit's
  recommendation system on file, the dispatch agreement or the parent company's report where the unit needs one.
- ``application_in(state, ...)`` starts, fills, uploads and submits the application as its applicant and walks it
  through the reviews with the right reviewers at moments inside the batch's deadlines (``Timeline``). A state the
  services cannot reach cannot be built here.

``docs/testing.md`` ("Test data in a given state") says how to use it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from zhicheng.accounts.models import Role, User
from zhicheng.applications import services as app_services
from zhicheng.applications.demo import upload_all
from zhicheng.applications.models import Application, Section, Status
from zhicheng.batches.models import Batch
from zhicheng.core.calendar import get_work_calendar
from zhicheng.core.demo import DEMO_PASSWORD, SHANGHAI, make_id_number, make_uscc
from zhicheng.orgs.models import Affiliation, Department, District, Unit, UnitKind
from zhicheng.recommendations import services as list_services
from zhicheng.recommendations.demo import pdf_upload
from zhicheng.recommendations.models import (
    AnnualReview,
    AssessmentResult,
    ListStatus,
    RecommendationEntry,
    RecommendationList,
    TitleLevel,
)

# The demo people's units (the ``world`` fixture), for ``world_application``.
UNIT_OF = {"zhang_san": "school", "li_si": "soe", "wang_wu": "private", "zhao_liu": "dispatch", "sun_qi": "branch"}

ACHIEVEMENTS = ("参与盘龙区金辰片区道路改造工程的施工组织设计与现场技术管理，负责图纸会审、技术交底和质量检查。" * 12)
UNIT_OPINION = {
    "opinion_truthful": "经核实，申请人填写内容属实。",
    "opinion_evaluation": "该同志本科学历，从事建筑工程技术工作满四年，工作认真负责，业绩突出。",
    "opinion_publicity": "已于本单位公告栏公示五个工作日，公示无异议。",
}
RETURN_REASON = "业绩描述与推荐时信息不一致，请如实修改。"
REJECT_REASON = "所从事岗位不属于专业技术岗位，不予认定。"
REVOKE_REASON = "申报材料中的学历证明系伪造。"

_password_hash: list[str] = []


def _demo_password() -> str:
    if not _password_hash:  # hash once (the test settings' hasher is fast, the embedded one is argon2)
        _password_hash.append(make_password(DEMO_PASSWORD))
    return _password_hash[0]


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(SHANGHAI)


# --- organisations and accounts (rows without a workflow) -----------------------------------------------------

_district_codes = itertools.count(530111)  # after the demo's 530102 / 530103


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.LazyFunction(lambda: str(next(_district_codes)))
    name = factory.Sequence(lambda n: f"测试{n}区")
    bureau_name = factory.LazyAttribute(lambda o: f"{o.name}人力资源和社会保障局")
    bureau_uscc = factory.LazyAttribute(lambda o: make_uscc(f"11{o.code}015200{int(o.code) % 1000:03d}"))


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试区住房和城乡建设局{n}")


class UnitFactory(DjangoModelFactory):
    """A non-public company by default; ``public_institution=True`` (with a department), ``state_owned=True``,
    ``dispatch=True``, ``branch=True`` or ``provincial=True`` for the other kinds the notice treats apart."""

    class Meta:
        model = Unit

    class Params:
        public_institution = factory.Trait(
            kind=UnitKind.PUBLIC_INSTITUTION, name=factory.Sequence(lambda n: f"测试实验学校{n}"),
            department=factory.SubFactory(DepartmentFactory, district=factory.SelfAttribute("..district")))
        state_owned = factory.Trait(
            kind=UnitKind.STATE_OWNED, name=factory.Sequence(lambda n: f"测试城市建设投资集团{n}有限公司"),
            department=factory.SubFactory(DepartmentFactory, district=factory.SelfAttribute("..district")))
        dispatch = factory.Trait(is_labour_dispatch=True, name=factory.Sequence(lambda n: f"测试劳务派遣{n}有限公司"))
        branch = factory.Trait(is_out_of_province_branch=True, parent_company_name="四川蜀道路桥工程有限公司",
                               name=factory.Sequence(lambda n: f"四川蜀道路桥工程有限公司测试{n}分公司"))
        provincial = factory.Trait(kind=UnitKind.PUBLIC_INSTITUTION, affiliation=Affiliation.PROVINCIAL,
                                   name=factory.Sequence(lambda n: f"云南省测试研究院{n}（省属）"))

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"云南测试科技{n}有限公司")
    kind = UnitKind.NON_PUBLIC
    uscc = factory.LazyAttributeSequence(lambda o, n: make_uscc(f"91{o.district.code}MA{n % 10**7:07d}"))
    legal_representative = "赵云"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.APPLICANT
    real_name = factory.Sequence(lambda n: f"测试{n}")
    password = factory.LazyFunction(_demo_password)


_people = itertools.count(1)


def _id_number(n: int) -> str:
    return make_id_number("530103", dt.date(1985, 1, 1) + dt.timedelta(days=37 * n), n % 100, n % 2 == 0)


class ApplicantFactory(UserFactory):
    """A 专业技术人员 with a valid ID number (a Kunming one unless ``id_number`` is given)."""

    username = factory.Sequence(lambda n: f"applicant{n}")
    id_number = factory.LazyFunction(lambda: _id_number(next(_people)))


class BureauReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"bureau{n}")
    role = Role.BUREAU_REVIEWER
    district = factory.SubFactory(DistrictFactory)
    is_staff = True


class DepartmentReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"dept{n}")
    role = Role.DEPARTMENT_REVIEWER
    department = factory.SubFactory(DepartmentFactory)


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class UnitOfficerFactory(UserFactory):
    """A unit's 经办人. A registered account waits for the bureau; ``approved=True`` (the default) has the
    district's bureau approve it through ``accounts.services.unit_officer_approve``."""

    username = factory.Sequence(lambda n: f"officer{n}")
    role = Role.UNIT_OFFICER
    unit = factory.SubFactory(UnitFactory)
    phone = "13800000000"
    is_approved = False

    @classmethod
    def _create(cls, model_class, *args, approved=True, **kwargs):
        from zhicheng.accounts.services import unit_officer_approve

        officer = super()._create(model_class, *args, **kwargs)
        if approved and not officer.is_approved:
            officer = unit_officer_approve(officer_id=officer.pk, actor=bureau_of(officer.unit.district))
        return officer


def bureau_of(district) -> User:
    """The district's bureau reviewer (one is created when the district has none)."""
    return (User.objects.filter(role=Role.BUREAU_REVIEWER, district=district, is_active=True).order_by("pk").first()
            or BureauReviewerFactory(district=district))


def officer_of(unit) -> User:
    return (User.objects.filter(role=Role.UNIT_OFFICER, unit=unit, is_active=True, is_approved=True)
            .order_by("pk").first() or UnitOfficerFactory(unit=unit))


def department_reviewer_of(department) -> User:
    return (User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department=department, is_active=True)
            .order_by("pk").first() or DepartmentReviewerFactory(department=department))


# --- batches: created and published by the bureau ------------------------------------------------------------

class BatchFactory(DjangoModelFactory):
    """A published batch. Give ``list_deadline`` (a date: 17:00 that day) and the window follows: it opens three
    days later at 9:00 for ``days_open`` days; revisions close 7 days and the bureau's review 10 days after it.
    ``published=False`` leaves it a draft."""

    class Meta:
        model = Batch

    class Params:
        list_day = dt.date(2026, 3, 20)  # a year the work calendar knows (publicity is counted in working days)
        days_open = 20

    district = factory.SubFactory(DistrictFactory)
    year = factory.LazyAttribute(lambda o: o.list_day.year)
    sequence = 1
    name = factory.LazyAttribute(lambda o: f"{o.year}年第{o.sequence}期")
    list_deadline = factory.LazyAttribute(lambda o: _moment(o.list_day, 17))
    window_start = factory.LazyAttribute(lambda o: _moment(o.list_day + dt.timedelta(days=3), 9))
    window_end = factory.LazyAttribute(lambda o: _moment(o.list_day + dt.timedelta(days=3 + o.days_open), 17))
    revision_deadline = factory.LazyAttribute(lambda o: o.window_end + dt.timedelta(days=7))
    review_deadline = factory.LazyAttribute(lambda o: o.window_end + dt.timedelta(days=10))

    @classmethod
    def _create(cls, model_class, *args, published=True, **kwargs):
        from zhicheng.batches.services import batch_create, batch_publish

        district = kwargs.pop("district")
        bureau = bureau_of(district)
        batch = batch_create(actor=bureau, district=district, **kwargs)
        if published:
            batch = batch_publish(batch=batch, actor=bureau, now=batch.list_deadline - dt.timedelta(days=30))
        return batch


def make_batch(district, year, sequence, list_deadline: dt.date, days_open: int = 20) -> Batch:
    return BatchFactory(district=district, year=year, sequence=sequence, list_day=list_deadline,
                        days_open=days_open)


# --- when things happen in a batch ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Timeline:
    """The moments a case moves at, inside the batch's deadlines (the 2024q3 demo batch: list on 8月20日,
    submitted 9月5日, unit 9月10日, department 9月15日, recognised 9月28日)."""

    listed: dt.datetime
    submitted: dt.datetime
    unit: dt.datetime
    department: dt.datetime
    bureau: dt.datetime

    @classmethod
    def of(cls, batch: Batch, *, submitted: dt.datetime | None = None, recognised: dt.date | None = None):
        listed = _moment(_local(batch.list_deadline - dt.timedelta(days=9)).date(), 10)
        submitted = submitted or min(_moment(_local(batch.window_start).date() + dt.timedelta(days=4), 10),
                                     batch.deadline("submit") - dt.timedelta(hours=2))
        unit = min(_moment(_local(submitted).date() + dt.timedelta(days=5), 9),
                   batch.deadline("unit_review") - dt.timedelta(hours=1))
        department = min(_moment(_local(unit).date() + dt.timedelta(days=5), 9),
                         batch.deadline("department_recheck") - dt.timedelta(hours=1))
        bureau = (_moment(recognised, 10) if recognised else
                  min(_moment(_local(department).date() + dt.timedelta(days=13), 10),
                      batch.deadline("bureau_recognition") - dt.timedelta(hours=1)))
        return cls(listed, max(submitted, listed), max(unit, submitted), max(department, unit),
                   max(bureau, department))


def publicity_dates(listed_on: dt.date) -> dict:
    """Entry dates a week before the list: five working days of publicity, the pledge the day before it starts,
    the unit's opinion the day after (2024q3: 8月6日至12日, pledge 8月5日, opinion 8月13日)."""
    calendar = get_work_calendar()

    def working(d):
        return calendar.is_working_day(d) if calendar.knows(d.year) else d.weekday() < 5

    end = listed_on - dt.timedelta(days=8)
    while not working(end):
        end -= dt.timedelta(days=1)
    start, counted = end, 1
    while counted < 5:
        start -= dt.timedelta(days=1)
        counted += working(start)
    pledge = start - dt.timedelta(days=1)
    return {"assessment_date": pledge, "publicity_start": start, "publicity_end": end, "pledge_date": pledge,
            "opinion_date": end + dt.timedelta(days=1)}


# --- 附件3 lists: built and submitted by the unit -------------------------------------------------------------

def entry_data(person, batch, *, series="工程", specialty="建筑工程", level=TitleLevel.ZHULIJI, post="技术员",
               **extra) -> dict:
    listed_on = Timeline.of(batch).listed.date()
    data = {"real_name": person.real_name, "id_number": person.id_number, "series": series, "specialty": specialty,
            "level": level, "post": post, "assessment_result": AssessmentResult.PASSED,
            "last_annual_review": AnnualReview.QUALIFIED, "obeys_arrangements": True, "competent_in_post": True,
            "publicity_objection": False, **publicity_dates(listed_on)}
    data.update(extra)
    return data


def recommended(unit, batch, people, *, entries=None, submit=True, now=None) -> RecommendationList:
    """The unit's list for the batch with these people on it (``entries``: per-person entry fields, by position),
    submitted before the list deadline. A submitted list cannot take more people: list them all at once."""
    officer = officer_of(unit)
    now = now or Timeline.of(batch).listed
    from zhicheng.recommendations.selectors import current_policy

    if current_policy(unit) is None:
        list_services.recommendation_policy_upload(
            unit=unit, actor=officer, title=f"{unit.name}初级职称考核推荐办法", adopted_on=dt.date(2024, 6, 20),
            file=pdf_upload("policy.pdf", f"Recommendation policy {unit.pk}"))
    rec_list = list_services.recommendation_list_open(unit=unit, batch=batch, actor=officer, now=now)
    if rec_list.status == ListStatus.SUBMITTED:
        missing = [p.real_name for p in people if not rec_list.entries.filter(id_number=p.id_number).exists()]
        if missing:
            raise ValueError(f"{unit.name}'s list for {batch.name} is already submitted without {missing}: "
                             "put everyone on it with one recommended(...) call")
        return rec_list
    for i, person in enumerate(people):
        fields = dict((entries or [{}] * len(people))[i])
        agreement = None
        if unit.is_labour_dispatch:
            dates = publicity_dates(now.date())
            fields = {"using_unit_name": "昆明盘龙城市建设投资集团有限公司", "using_unit_approved": True,
                      "second_publicity_start": dates["publicity_start"],
                      "second_publicity_end": dates["publicity_end"], **fields}
            agreement = pdf_upload("agreement.pdf", f"Dispatch agreement {person.pk}")
        list_services.recommendation_entry_add(rec_list=rec_list, actor=officer, now=now,
                                               data=entry_data(person, batch, **fields), dispatch_agreement=agreement)
    if unit.is_out_of_province_branch and not rec_list.parent_recommendation:
        list_services.parent_recommendation_upload(rec_list=rec_list, actor=officer, now=now,
                                                   file=pdf_upload("parent.pdf", "Parent company report"))
    if submit:
        try:
            rec_list = list_services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=now)
        except list_services.ListSubmitError as exc:  # say which entry and why, not only how many
            raise ValueError(f"{exc.reasons} {exc.entry_problems}") from exc
    return rec_list


def listed(person, *, unit, batch, **entry) -> RecommendationEntry:
    """This person on the unit's submitted list for the batch (the list is built now when the unit has none)."""
    rec_list = recommended(unit, batch, [person], entries=[entry])
    return rec_list.entries.get(id_number=person.id_number)


# --- applications: every state through applications.services -------------------------------------------------

def section_values(app, as_of: dt.date) -> dict:
    """Complete, eligible sections: 本科 (昆明理工大学) four years before ``as_of``, at work and insured since."""
    unit = app.unit
    grad = dt.date(as_of.year - 4, 6, 30)
    start = dt.date(as_of.year - 4, 7, 1)
    last_month = (as_of.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    return {
        Section.BASIC: {"series": app.series, "specialty": app.specialty, "level": app.level,
                        "post": app.post or "技术员",
                        "employment_start": start if unit.kind == UnitKind.PUBLIC_INSTITUTION else None,
                        "is_legal_representative": False, "is_civil_servant": False, "is_retired": False,
                        "months_in_current_post": None,
                        "access_qualification": "教师资格证 20190000001" if app.series.endswith("教师") else ""},
        Section.SKILLS: [{"level": "高级工", "name": "建筑信息模型技术员", "date": f"{as_of.year - 3}-06-30",
                          "number": "S2021-0007"}],
        Section.EDUCATION: [{"level": "本科", "school": "昆明理工大学", "major": "土木工程", "date": grad.isoformat(),
                             "full_time": True, "certificate_number": "106741202005001234", "major_related": True}],
        Section.WORK: [{"from": f"{start:%Y-%m}", "to": "", "unit": unit.name, "post": app.post or "技术员"}],
        Section.INSURANCE: [{"from": f"{start:%Y-%m}", "to": last_month, "city": "昆明市", "uscc": unit.uscc,
                             "unit": unit.name}],
        Section.TITLES: [],
        Section.ACHIEVEMENTS: ACHIEVEMENTS,
    }


def _fill(app, now, values=None):
    for section, value in (values or section_values(app, now.date())).items():
        app = app_services.application_section_save(application=app, actor=app.applicant, section=section,
                                                    value=value, complete=True, now=now)
    return app


def _return(app, actor, now, items=None):
    return app_services.application_return(application=app, actor=actor, now=now,
                                           items=items or [{"section": Section.ACHIEVEMENTS, "reason": RETURN_REASON}])


def submit_draft(app, *, now):
    """The applicant uploads the required attachments and submits a filled draft (to the unit's review)."""
    upload_all(app, now=now)
    return app_services.application_submit(application=app, actor=app.applicant, now=now)


def _resubmit(app, now):
    app = app_services.application_section_save(application=app, actor=app.applicant, now=now,
                                                section=Section.ACHIEVEMENTS, value=ACHIEVEMENTS + "已修改。")
    return app_services.application_submit(application=app, actor=app.applicant, now=now + dt.timedelta(hours=1))


REACHABLE = (Status.DRAFT, Status.UNIT_REVIEW, Status.DEPARTMENT_RECHECK, Status.BUREAU_RECOGNITION,
             Status.RETURNED, Status.RECOGNISED, Status.REJECTED, Status.CLOSED, Status.REVOKED)


def application_in(state, *, person, batch, unit=None, entry=None, filled=True, paper: dt.date | None = None,
                   recognised: dt.date | None = None, submitted: dt.datetime | None = None,
                   return_items=None, **entry_fields) -> Application:
    """An application of ``person`` in ``batch`` brought to ``state`` through the services, each step by its
    actor: the applicant starts, fills every section (``filled=False``: a draft just started), uploads the
    required attachments and submits; the unit officer approves with the three-part opinion or returns; the
    department re-checks (skipped when the unit has none); the bureau recognises (on ``recognised``), rejects,
    records the stamped paper form (``paper``: received that day) or revokes.

    The person is put on ``unit``'s list first unless ``entry`` is given (``entry_fields``: series, specialty,
    level, post …). ``return_items``: what the unit's return lists (one 业绩 item by default). ``Status.CLOSED``
    is the third return.
    """
    if state not in REACHABLE:
        raise ValueError(f"unknown state {state!r}")
    if entry is None:
        entry = listed(person, unit=unit, batch=batch, **entry_fields)
    if state == Status.DEPARTMENT_RECHECK and not entry.recommendation_list.unit.department_id:
        raise ValueError("a unit without a competent department sends its cases straight to the bureau")
    when = Timeline.of(batch, submitted=submitted, recognised=recognised)
    app = app_services.application_start(user=person, batch=batch, now=when.submitted - dt.timedelta(hours=1))
    if state == Status.DRAFT:
        return _fill(app, when.submitted) if filled else app
    app = submit_draft(_fill(app, when.submitted), now=when.submitted)
    if state == Status.UNIT_REVIEW:
        return app
    if state in (Status.RETURNED, Status.CLOSED):
        officer = officer_of(app.unit)
        app = _return(app, officer, when.unit, return_items)
        for i in range(1, app.batch.procedure.max_returns if state == Status.CLOSED else 0):
            app = _resubmit(app, when.unit + dt.timedelta(hours=2 * i))
            app = _return(app, officer, when.unit + dt.timedelta(hours=2 * i + 1))
        return app
    app = app_services.application_approve(application=app, actor=officer_of(app.unit), opinion=UNIT_OPINION,
                                           now=when.unit)
    if state == Status.DEPARTMENT_RECHECK:
        return app
    if app.status == Status.DEPARTMENT_RECHECK:
        app = app_services.application_approve(application=app, actor=department_reviewer_of(app.unit.department),
                                               comment="复核通过。", now=when.department)
    if state == Status.BUREAU_RECOGNITION:
        return app
    bureau = bureau_of(batch.district)
    if state == Status.REJECTED:
        return app_services.application_reject(application=app, actor=bureau, reason=REJECT_REASON, now=when.bureau)
    app = app_services.application_approve(application=app, actor=bureau, comment="同意认定。", now=when.bureau)
    if paper:
        app = app_services.application_record_paper(application=app, actor=bureau, received_on=paper,
                                                     delivered_by=officer_of(app.unit), now=_moment(paper, 11))
    if state == Status.REVOKED:
        from zhicheng.supervision.services import application_revoke

        application_revoke(application=app, actor=bureau, reason=REVOKE_REASON, open_integrity_record=False)
        app.refresh_from_db()
    return app


def world_application(world, username="zhang_san", *, status=Status.DRAFT, unit_key=None, batch_key="2024q3",
                      **kw) -> Application:
    """``application_in(status, ...)`` for a demo person of the ``world`` fixture, at their own unit (``UNIT_OF``),
    in the 2024q3 batch unless ``batch_key`` says otherwise."""
    return application_in(status, person=world.users[username], unit=world.units[unit_key or UNIT_OF[username]],
                          batch=world.batches[batch_key], **kw)


def certified(application, *, actor=None):
    """The certificate of a recognised application whose paper form is recorded (certificates.services)."""
    from zhicheng.certificates.services import certificate_issue

    return certificate_issue(application=application, actor=actor or bureau_of(application.batch.district))
