"""Someone else's objects, one per kind, for the authorisation matrix.

Every object belongs to 盘龙区 / 住建局 / the state-owned company (unit ``soe``) / the applicant 李四. The
intruders (tests/security/test_authorisation_matrix.py) are people who must not see them: another
applicant, another unit's officer, another department's reviewer, the other district's bureau and unit.
Rows are made with the model factories here or the real services (lists, entries) — what matters is who owns
them, not how they got into their state.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from zhicheng.accounts.models import Role, User
from zhicheng.orgs.models import Department, Unit, UnitKind
from zhicheng.recommendations import demo as recommendations_demo
from zhicheng.recommendations.models import RecommendationEntry, RecommendationList, RecommendationPolicy

# Who may legitimately see an object of a kind: "person" objects are one applicant's, "unit" objects one
# unit's, "department" objects one department's, "district" objects are visible across one district.
PERSON, UNIT, DEPARTMENT, DISTRICT = "person", "unit", "department", "district"


# A valid 附件3 entry for API write calls (tests/security/test_authorisation_matrix.py).
API_ENTRY = {"real_name": "王强", "id_number": "530102199504016010", "series": "工程", "specialty": "建筑工程",
             "level": "zhuliji", "publicity_start": "2026-11-02", "publicity_end": "2026-11-06",
             "pledge_date": "2026-10-30", "opinion_date": "2026-11-09"}


def pdf_file(name="file.pdf"):
    """A small valid PDF upload (for API operations that take a file)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, recommendations_demo.minimal_pdf("upload"), content_type="application/pdf")


@dataclass
class Owned:
    obj: object
    level: str
    params: dict | None = None  # extra URL parameters (besides the object's id), if the route needs them


def _application(world, entry):
    from zhicheng.applications.models import Application, Status

    app = Application.objects.filter(recommendation_entry=entry).first()
    if app is None:
        app = Application.objects.create(
            batch=entry.recommendation_list.batch, applicant=world.users["li_si"], unit=world.units["soe"],
            recommendation_entry=entry, series=entry.series, specialty=entry.specialty, level=entry.level,
            status=Status.RECOGNISED, recognised_on=dt.date(2026, 12, 28), recognised_level=entry.level,
        )
    return app


def _attachment(world, application):
    from zhicheng.documents.models import Attachment, Category

    att = Attachment(application=application, category=Category.ID_CARD, original_name="身份证.pdf",
                     content_type="application/pdf", extension=".pdf", size=10, sha256="0" * 64,
                     uploaded_by=world.users["li_si"])
    att.file.save("x.pdf", ContentFile(recommendations_demo.minimal_pdf("id card")), save=False)
    att.save()
    return att


def _certificate(world, application):
    from zhicheng.accounts.validators import mask_id_number
    from zhicheng.certificates.models import Certificate

    li_si = world.users["li_si"]
    return Certificate.objects.create(
        number="云职初认〔2026〕盘龙9990001", application=application, holder=li_si, holder_name=li_si.real_name,
        id_number=li_si.id_number, id_number_masked=mask_id_number(li_si.id_number), series=application.series,
        specialty=application.specialty, level=application.level, unit_name=application.unit.name,
        recognised_on=dt.date(2026, 12, 28), district=world.districts["panlong"],
        issuing_bureau=world.districts["panlong"].bureau_name, issued_by=world.users["bureau"],
        payload="{}", signature="x", key_id="0" * 16)


def _issue_job(world):
    from zhicheng.certificates.models import IssueJob

    return IssueJob.objects.create(created_by=world.users["bureau"], total=1)


def build(world) -> dict[str, Owned]:
    """Make one object of every kind owned by 李四 / the soe unit / 住建局 / 盘龙区."""
    from zhicheng.notifications.models import Notification
    from zhicheng.supervision.models import (
        Appeal,
        AppealAbout,
        IntegrityRecord,
        RevocationRequest,
        UnitPenalty,
    )

    recommendations_demo.seed(world)  # every unit's policy and submitted list, through the services
    soe, panlong, build_dept = world.units["soe"], world.districts["panlong"], world.departments["build"]
    batch = world.batches["current"]
    rec_list = RecommendationList.objects.get(unit=soe, batch=batch)
    entry = RecommendationEntry.objects.get(recommendation_list=rec_list, id_number=world.users["li_si"].id_number)
    application = _application(world, entry)
    li_si, bureau = world.users["li_si"], world.users["bureau"]
    pending = User.objects.create(username="pending_soe", role=Role.UNIT_OFFICER, real_name="待审", unit=soe,
                                  is_approved=False)
    notification = Notification.objects.create(user=li_si, title="您的申报已认定")
    record = IntegrityRecord.objects.create(
        person=li_si, name=li_si.real_name, id_number=li_si.id_number, application=application, unit=soe,
        finding="提供虚假学历证明", decided_on=dt.date(2026, 1, 5), ban_until=dt.date(2029, 1, 4),
        district=panlong, recorded_by=bureau)
    record.evidence.save("e.pdf", ContentFile(recommendations_demo.minimal_pdf("evidence")))
    penalty = UnitPenalty.objects.create(unit=soe, kind=_first_choice(UnitPenalty, "kind"), facts="把关不严",
                                         suspended_from=dt.date(2026, 1, 5), district=panlong, recorded_by=bureau)
    appeal = Appeal.objects.create(appellant=li_si, application=application, unit=soe, batch=batch,
                                   department=build_dept, district=panlong, about=AppealAbout.values[0],
                                   text="对考核结果有异议")
    appeal.material.save("m.pdf", ContentFile(recommendations_demo.minimal_pdf("appeal")))
    revocation = RevocationRequest.objects.create(application=application, appeal=appeal, district=panlong,
                                                  reasons="学历不符", requested_by=world.users["dept_build"])
    objects = {
        "batch": Owned(batch, DISTRICT),
        "batch_stats_table": Owned(batch, DISTRICT, {"table": "all"}),
        "pending_officer": Owned(pending, DISTRICT),
        "policy": Owned(RecommendationPolicy.objects.filter(unit=soe).first(), UNIT),
        "recommendation_list": Owned(rec_list, UNIT),
        "entry": Owned(entry, UNIT),
        "application": Owned(application, PERSON),
        "attachment": Owned(_attachment(world, application), PERSON),
        "notification": Owned(notification, PERSON),
        "unit": Owned(soe, UNIT),
        "department": Owned(build_dept, DEPARTMENT),
        "integrity_record": Owned(record, PERSON),
        "penalty": Owned(penalty, UNIT),
        "appeal": Owned(appeal, PERSON),
        "revocation_request": Owned(revocation, PERSON),
    }
    objects["certificate"] = Owned(_certificate(world, application), PERSON)
    objects["issue_job"] = Owned(_issue_job(world), DISTRICT)
    objects["api_token"] = Owned(_api_token(world), UNIT)
    objects["unit_change_request"] = Owned(_unit_change_request(world), UNIT)
    return objects


def _unit_change_request(world):
    from zhicheng.orgs.services import unit_change_propose

    return unit_change_propose(unit=world.units["soe"], actor=world.users["unit_soe"], reason="单位搬迁。",
                               values={"address": "昆明市盘龙区北京路100号"})


def _api_token(world):
    from zhicheng.api.tokens import token_create

    return token_create(actor=world.users["unit_soe"], name="人事系统")[0]


def _first_choice(model, field_name):
    return model._meta.get_field(field_name).choices[0][0]


def intruders(world) -> dict[str, tuple[User | None, set[str]]]:
    """username → (user, levels of objects this user must never see when they are soe's / 李四's)."""
    wuhua = world.districts["wuhua"]
    unit_wuhua = User.objects.create(username="unit_wuhua", role=Role.UNIT_OFFICER, real_name="五华经办",
                                     unit=world.units["wuhua_firm"], is_approved=True)
    wuhua_dept = Department.objects.create(district=wuhua, name="五华区教育体育局")
    Unit.objects.filter(pk=world.units["wuhua_firm"].pk).update(kind=UnitKind.NON_PUBLIC)
    dept_wuhua = User.objects.create(username="dept_wuhua", role=Role.DEPARTMENT_REVIEWER, real_name="五华复核",
                                     department=wuhua_dept)
    everything = {PERSON, UNIT, DEPARTMENT, DISTRICT}
    same_district = {PERSON, UNIT, DEPARTMENT}
    return {
        "anonymous": (None, everything),
        "zhang_san": (world.users["zhang_san"], same_district),  # another applicant
        "unit_school": (world.users["unit_school"], same_district),  # another unit's officer
        "unit_private": (world.users["unit_private"], same_district),  # a unit without a department
        "dept_edu": (world.users["dept_edu"], same_district),  # another department
        "bureau_wuhua": (world.users["bureau_wuhua"], everything),  # the other district's bureau
        "unit_wuhua": (unit_wuhua, everything),
        "dept_wuhua": (dept_wuhua, everything),
    }
