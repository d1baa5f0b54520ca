"""Who may see what, in one place: ``Scope.for_actor(user).applications()`` and the other querysets.

Every selector, guard and export asks this module instead of writing its own role switch; the authorisation
matrix (tests/security/test_authorisation_matrix.py) proves the result route by route. The rules:

- an applicant: their own applications, certificates and integrity records (also those filed under their ID
  number before they registered), the published batches;
- a unit officer (approved): their unit's applications, certificates and penalties, their district's published
  batches;
- a department reviewer: the applications, certificates and penalties of the units under the department, the
  appeals and revocation requests it handles, its district's published batches;
- a district bureau: everything whose batch (not whose unit) belongs to its district;
- an administrator: the whole city, or one district when the account is tied to one.

A district's data is found through the batch (``batch__district_id``): a unit's application belongs to the
district that runs the batch it applied in.
"""

from __future__ import annotations

from django.db.models import Q

from zhicheng.applications.models import Application
from zhicheng.batches.models import Batch
from zhicheng.certificates.models import Certificate, IssueJob
from zhicheng.documents.models import Attachment
from zhicheng.orgs.models import Department, District, Unit
from zhicheng.recommendations.models import RecommendationList
from zhicheng.supervision.models import Appeal, IntegrityRecord, RevocationRequest, UnitPenalty

from .models import Role, User


class Scope:
    """What one actor may see. Build it with :meth:`for_actor`; every method returns a queryset."""

    def __init__(self, user):
        self.user = user
        self.active = bool(getattr(user, "is_authenticated", False) and user.can_act)
        self.role = getattr(user, "role", None) if self.active else None

    @classmethod
    def for_actor(cls, user) -> Scope:
        return cls(user)

    # The bureau side -------------------------------------------------------------------------------------------
    def district_q(self, field: str = "district_id") -> Q | None:
        """Q for the districts a bureau reviewer or admin answers for (``Q()``: the whole city); None otherwise."""
        if self.role == Role.BUREAU_REVIEWER and self.user.district_id:
            return Q(**{field: self.user.district_id})
        if self.role == Role.ADMIN:
            return Q() if self.user.district_id is None else Q(**{field: self.user.district_id})
        return None

    @property
    def is_bureau(self) -> bool:
        return self.district_q() is not None

    def is_bureau_of(self, district_id) -> bool:
        """Whether the actor decides for this district as its bureau (or a city-wide admin)."""
        if self.role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
            return False
        return self.user.district_id == district_id or (self.role == Role.ADMIN and self.user.district_id is None)

    def _own_district_id(self):
        if self.role == Role.UNIT_OFFICER and self.user.unit_id:
            return self.user.unit.district_id
        if self.role == Role.DEPARTMENT_REVIEWER and self.user.department_id:
            return self.user.department.district_id
        return None

    # What one sees ---------------------------------------------------------------------------------------------
    def applications(self):
        qs = Application.objects.all()
        bureau = self.district_q("batch__district_id")
        if bureau is not None:
            return qs.filter(bureau)
        if self.role == Role.APPLICANT:
            return qs.filter(applicant_id=self.user.pk)
        if self.role == Role.UNIT_OFFICER and self.user.unit_id:
            return qs.filter(unit_id=self.user.unit_id)
        if self.role == Role.DEPARTMENT_REVIEWER and self.user.department_id:
            return qs.filter(unit__department_id=self.user.department_id)
        return qs.none()

    def recommendation_lists(self):
        """附件3 lists: the unit's own, the department's units', the bureau those of its district's batches."""
        qs = RecommendationList.objects.select_related("unit", "batch", "batch__district", "submitted_by")
        bureau = self.district_q("batch__district_id")
        if bureau is not None:
            return qs.filter(bureau)
        if self.role == Role.UNIT_OFFICER and self.user.unit_id:
            return qs.filter(unit_id=self.user.unit_id)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return qs.filter(unit__department_id=self.user.department_id)
        return qs.none()

    def departments(self):
        bureau = self.district_q()
        return Department.objects.filter(bureau) if bureau is not None else Department.objects.none()

    def attachments(self):
        return Attachment.objects.filter(application__in=self.applications().values("pk"))

    def units(self):
        bureau = self.district_q()
        if bureau is not None:
            return Unit.objects.filter(bureau)
        if self.role == Role.UNIT_OFFICER:
            return Unit.objects.filter(pk=self.user.unit_id)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return Unit.objects.filter(department_id=self.user.department_id)
        return Unit.objects.none()

    def districts(self):
        """The districts whose bureau-side pages the actor may open (statistics, batches, settings)."""
        if not getattr(self.user, "is_authenticated", False):
            return District.objects.none()
        if self.user.role == Role.ADMIN and self.user.district_id is None:
            return District.objects.all()
        if self.user.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
            return District.objects.filter(pk=self.user.district_id)
        return District.objects.none()

    def batches(self):
        """Batches the actor may see: the bureau its district's (drafts too), units and departments their
        district's published ones, applicants every published one."""
        qs = Batch.objects.select_related("district")
        bureau = self.district_q()
        if bureau is not None:
            return qs.filter(bureau)
        if self.role == Role.APPLICANT:
            return qs.filter(is_published=True)
        district_id = self._own_district_id()
        if district_id is not None:
            return qs.filter(district_id=district_id, is_published=True)
        return qs.none()

    def managed_batches(self):
        """Batches the actor may create, edit and publish: the bureau's (or an admin's)."""
        qs = Batch.objects.select_related("district")
        bureau = self.district_q()
        return qs.filter(bureau) if bureau is not None else qs.none()

    def certificates(self):
        bureau = self.district_q()
        if bureau is not None:
            return Certificate.objects.filter(bureau)
        if self.role == Role.APPLICANT:
            return Certificate.objects.filter(holder=self.user)
        if self.role == Role.UNIT_OFFICER:
            return Certificate.objects.filter(application__unit_id=self.user.unit_id)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return Certificate.objects.filter(application__unit__department_id=self.user.department_id)
        return Certificate.objects.none()

    def issue_jobs(self):
        if self.role == Role.ADMIN and self.user.district_id is None:
            return IssueJob.objects.all()
        if self.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
            return IssueJob.objects.filter(Q(created_by=self.user) | Q(created_by__district_id=self.user.district_id))
        return IssueJob.objects.none()

    def records(self):
        """Integrity records (诚信档案): the bureau its district's, a person their own (by account or ID number)."""
        qs = IntegrityRecord.objects.select_related("person", "unit", "district", "application", "recorded_by")
        bureau = self.district_q()
        if bureau is not None:
            return qs.filter(bureau)
        if self.role == Role.APPLICANT:
            who = Q(person_id=self.user.pk)
            if self.user.id_number:
                who |= Q(id_number=self.user.id_number)
            return qs.filter(who)
        return qs.none()

    def penalties(self):
        qs = UnitPenalty.objects.select_related("unit", "department", "suspended_batch", "recorded_by")
        bureau = self.district_q()
        if bureau is not None:
            return qs.filter(bureau)
        if self.role == Role.UNIT_OFFICER:
            return qs.filter(unit_id=self.user.unit_id)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return qs.filter(Q(department_id=self.user.department_id, unit__isnull=True)
                             | Q(unit__department_id=self.user.department_id))
        return qs.none()

    def appeals(self):
        """What one filed; a department the appeals and reports it handles; the bureau its district's. Never the
        person a report is about."""
        qs = Appeal.objects.select_related("appellant", "application__applicant", "application__certificate",
                                           "unit", "batch", "department", "district")
        if not self.active:
            return qs.none()
        own = Q(appellant_id=self.user.pk)
        bureau = self.district_q()
        if bureau is not None:
            return qs.filter(bureau | own)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return qs.filter(Q(department_id=self.user.department_id) | own)
        return qs.filter(own)

    def revocation_requests(self):
        qs = RevocationRequest.objects.select_related("application__applicant", "application__unit",
                                                      "application__batch", "requested_by", "appeal")
        bureau = self.district_q()
        if bureau is not None:
            return qs.filter(bureau)
        if self.role == Role.DEPARTMENT_REVIEWER:
            return qs.filter(application__unit__department_id=self.user.department_id)
        return qs.none()


def value_at(obj, path: str):
    """``value_at(application, "unit.department_id")``: follow a dotted path (None when a link is missing)."""
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def reviews_case(stage, application, user) -> bool:
    """Whether ``user`` reviews ``application`` at ``stage``: their unit, department or district
    (``stage.actor_field``) is the case's (``stage.case_field``; the district is the batch's)."""
    mine = value_at(application, stage.case_field)
    return bool(mine) and getattr(user, stage.actor_field, None) == mine


def reviewers_for(stage, application):
    """The active accounts that review ``application`` at ``stage`` (they are told when it arrives)."""
    return User.objects.filter(is_active=True, role=stage.role, **stage.reviewer_filter,
                               **{stage.actor_field: value_at(application, stage.case_field)})
