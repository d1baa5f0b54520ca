"""Who may see what, in one place: ``Scope.for_actor(user).applications()`` and the other querysets.

Every selector, guard and export asks this module instead of writing its own role switch; the authorisation
matrix (tests/security/test_authorisation_matrix.py) proves the result route by route. The rules:

- an applicant: their own applications, certificates and integrity records (also those filed under their ID
  number before they registered), the published batches;
- a unit officer (approved): their unit's applications, lists, certificates and penalties, their district's
  published batches;
- a department reviewer: the applications, certificates and penalties of the units under the department, the
  appeals and revocation requests it handles, its district's published batches;
- a district bureau: everything whose batch (not whose unit) belongs to its district;
- an administrator: the whole city, or one district when the account is tied to one.

The audit trail follows the same lines: the bureau reads its district's rows, a department the rows about its
units' applications, files and certificates.

How each kind of object is reached from each side is the table ``REACH`` below (field paths, or a function of
the actor for the few rules a path cannot say). The models are named by label and looked up in Django's app
registry, so this module imports no domain app and every app may import it: dependencies keep pointing down
(tests/test_layering.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from zhicheng.orgs.models import Department, District, Unit

from .models import Role, User

Rule = str | Callable[[User], Q] | None


@dataclass(frozen=True)
class Reach:
    """How one kind of object is reached: a field path compared with the actor's own id, unit, department or
    district, or a function of the actor returning a Q; None: that side sees none of them."""

    model: str  # "applications.Application"
    applicant: Rule = None
    unit: Rule = None
    department: Rule = None
    district: str | None = None  # the bureau's side; a case's district is its batch's
    own: Rule = None  # what anyone sees besides (what they filed themselves)
    related: tuple[str, ...] = field(default=())


def _published_in_district(path: str) -> Callable[[User], Q]:
    return lambda user: Q(district_id=value_at(user, path), is_published=True)


def _records_of_person(user) -> Q:
    who = Q(person_id=user.pk)
    return who | Q(id_number=user.id_number) if user.id_number else who


def _audit_about_department(user) -> Q:
    """Audit rows about the department's units' applications, their files and certificates: the row's object is
    one the department sees through the same table."""
    if not user.department_id:
        return Q(pk__in=[])
    rows = Q(pk__in=[])
    for kind in ("applications", "attachments", "certificates"):
        reach = REACH[kind]
        model = apps.get_model(reach.model)
        keys = model.objects.filter(**{reach.department: user.department_id}).annotate(
            key=Cast("pk", CharField())).values("key")  # object_id is text
        rows |= Q(object_type=model._meta.label_lower, object_id__in=keys)
    return rows


REACH = {
    "applications": Reach("applications.Application", applicant="applicant_id", unit="unit_id",
                          department="unit__department_id", district="batch__district_id"),
    "attachments": Reach("documents.Attachment", applicant="application__applicant_id",
                         unit="application__unit_id", department="application__unit__department_id",
                         district="application__batch__district_id"),
    "recommendation_lists": Reach("recommendations.RecommendationList", unit="unit_id",
                                  department="unit__department_id", district="batch__district_id",
                                  related=("unit", "batch", "batch__district", "submitted_by")),
    "batches": Reach("batches.Batch", applicant=lambda user: Q(is_published=True),
                     unit=_published_in_district("unit.district_id"),
                     department=_published_in_district("department.district_id"),
                     district="district_id", related=("district",)),
    "certificates": Reach("certificates.Certificate", applicant="holder_id", unit="application__unit_id",
                          department="application__unit__department_id", district="district_id"),
    "records": Reach("supervision.IntegrityRecord", applicant=_records_of_person, district="district_id",
                     related=("person", "unit", "district", "application", "recorded_by")),
    "penalties": Reach("supervision.UnitPenalty", unit="unit_id",
                       department=lambda user: Q(department_id=user.department_id, unit__isnull=True)
                       | Q(unit__department_id=user.department_id),
                       district="district_id", related=("unit", "department", "suspended_batch", "recorded_by")),
    "appeals": Reach("supervision.Appeal", department="department_id", district="district_id",
                     own=lambda user: Q(appellant_id=user.pk),
                     related=("appellant", "application__applicant", "application__certificate", "unit", "batch",
                              "department", "district")),
    "revocation_requests": Reach("supervision.RevocationRequest", department="application__unit__department_id",
                                 district="district_id",
                                 related=("application__applicant", "application__unit", "application__batch",
                                          "requested_by", "appeal")),
    # The bureau reads the rows of its district's chain (a case's rows carry its batch's district); a department
    # the rows about its units' cases; units and applicants read the history on their own pages instead.
    "audit_entries": Reach("audit.AuditEntry", department=_audit_about_department, district="district_id"),
    # 单位信息变更申请: the unit's officers see their own unit's; the bureau those of units registered in its district.
    "unit_change_requests": Reach("orgs.UnitChangeRequest", unit="unit_id", district="unit__district_id",
                                  related=("unit", "unit__department", "department", "proposed_by", "decided_by")),
}


def value_at(obj, path: str):
    """``value_at(application, "unit.department_id")``: follow a dotted path (None when a link is missing)."""
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


class Scope:
    """What one actor may see. Build it with :meth:`for_actor`; every reader returns a queryset."""

    def __init__(self, user):
        self.user = user
        self.active = bool(getattr(user, "is_authenticated", False) and user.can_act)
        self.role = getattr(user, "role", None) if self.active else None

    @classmethod
    def for_actor(cls, user) -> Scope:
        return cls(user)

    # The bureau side -------------------------------------------------------------------------------------------
    def district_q(self, path: str = "district_id") -> Q | None:
        """Q for the districts a bureau reviewer or admin answers for (``Q()``: the whole city); None otherwise."""
        if self.role == Role.BUREAU_REVIEWER and self.user.district_id:
            return Q(**{path: self.user.district_id})
        if self.role == Role.ADMIN:
            return Q() if self.user.district_id is None else Q(**{path: self.user.district_id})
        return None

    @property
    def is_bureau(self) -> bool:
        return self.district_q() is not None

    def is_bureau_of(self, district_id) -> bool:
        """Whether the actor decides for this district as its bureau (or a city-wide admin)."""
        if self.role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
            return False
        return self.user.district_id == district_id or (self.role == Role.ADMIN and self.user.district_id is None)

    # The table -------------------------------------------------------------------------------------------------
    def _side(self, reach: Reach) -> Q | None:
        bureau = self.district_q(reach.district) if reach.district else None
        if bureau is not None or self.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
            return bureau
        rule, mine = {Role.APPLICANT: (reach.applicant, self.user.pk),
                      Role.UNIT_OFFICER: (reach.unit, getattr(self.user, "unit_id", None)),
                      Role.DEPARTMENT_REVIEWER: (reach.department, getattr(self.user, "department_id", None)),
                      }.get(self.role, (None, None))
        if rule is None or (isinstance(rule, str) and not mine):
            return None
        return Q(**{rule: mine}) if isinstance(rule, str) else rule(self.user)

    def of(self, kind: str):
        """The objects of ``kind`` (a key of ``REACH``) this actor may see."""
        reach = REACH[kind]
        qs = apps.get_model(reach.model).objects.all()
        if reach.related:
            qs = qs.select_related(*reach.related)
        if not self.active:
            return qs.none()
        side = self._side(reach)
        if reach.own is not None:
            side = reach.own(self.user) if side is None else side | reach.own(self.user)
        return qs.none() if side is None else qs.filter(side)

    def applications(self):
        return self.of("applications")

    def attachments(self):
        return self.of("attachments")

    def recommendation_lists(self):
        return self.of("recommendation_lists")

    def batches(self):
        return self.of("batches")

    def managed_batches(self):
        """Batches the actor may create, edit and publish: the bureau's (or an admin's)."""
        batches = self.of("batches")
        return batches if self.is_bureau else batches.none()

    def certificates(self):
        return self.of("certificates")

    def records(self):
        """Integrity records (诚信档案)."""
        return self.of("records")

    def penalties(self):
        return self.of("penalties")

    def appeals(self):
        """What one filed; a department the appeals and reports it handles; the bureau its district's. Never the
        person a report is about."""
        return self.of("appeals")

    def revocation_requests(self):
        return self.of("revocation_requests")

    def audit_entries(self):
        """The audit trail's rows this actor may read (the bureau: its district's; a department: its units')."""
        return self.of("audit_entries")

    def unit_change_requests(self):
        return self.of("unit_change_requests")

    def issue_jobs(self):
        qs = apps.get_model("certificates.IssueJob").objects.all()
        bureau = self.district_q("created_by__district_id")
        if bureau is None:
            return qs.none()
        return qs.filter(bureau | Q(created_by=self.user)) if self.user.district_id else qs

    # Organisations (below every domain app) --------------------------------------------------------------------
    def units(self):
        bureau = self.district_q()
        if bureau is not None:
            return Unit.objects.filter(bureau)
        if self.role == Role.UNIT_OFFICER:
            return Unit.objects.filter(pk=self.user.unit_id)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return Unit.objects.filter(department_id=self.user.department_id)
        return Unit.objects.none()

    def departments(self):
        bureau = self.district_q()
        return Department.objects.filter(bureau) if bureau is not None else Department.objects.none()

    def districts(self):
        """The districts whose bureau-side pages the actor may open (statistics, batches, settings)."""
        if not getattr(self.user, "is_authenticated", False):
            return District.objects.none()
        if self.user.role == Role.ADMIN and self.user.district_id is None:
            return District.objects.all()
        if self.user.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
            return District.objects.filter(pk=self.user.district_id)
        return District.objects.none()


def reviews_case(stage, application, user) -> bool:
    """Whether ``user`` reviews ``application`` at ``stage``: their unit, department or district
    (``stage.actor_field``) is the case's (``stage.case_field``; the district is the batch's)."""
    mine = value_at(application, stage.case_field)
    return bool(mine) and getattr(user, stage.actor_field, None) == mine


def reviewers_for(stage, application):
    """The active accounts that review ``application`` at ``stage`` (they are told when it arrives)."""
    return User.objects.filter(is_active=True, role=stage.role, **stage.reviewer_filter,
                               **{stage.actor_field: value_at(application, stage.case_field)})
