"""The audit trail for the bureau (its district) and the departments (their units' cases): filtered rows of
``audit.AuditEntry`` that ``Scope.for_actor(user).audit_entries()`` allows, with Chinese names and descriptions.

A page costs the same number of queries whatever the number of rows: one count, one page of rows, and one query
for the applications (and applicants) the page's rows are about. Filters: a person (the actor's name or
username, or the person the row is about: an applicant, a certificate holder, a person recorded in the
integrity archive or on a unit's list), an application (its own rows, its files', its certificate's, its appeals'
and revocation requests'), an action code and dates (days in the platform's time zone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.scope import Scope
from zhicheng.applications.models import Application
from zhicheng.audit.labels import action_label, describe, object_label
from zhicheng.audit.models import AuditEntry, about
from zhicheng.certificates.models import Certificate
from zhicheng.documents.models import Attachment
from zhicheng.recommendations.models import RecommendationEntry

from .models import Appeal, IntegrityRecord, RevocationRequest

PER_PAGE = 50
EXPORT_LIMIT = 50_000
EXPORT_CHUNK = 500  # rows whose applications are looked up together (within SQLite's parameter limit)
APPLICATION_TYPE = Application._meta.label_lower
ROLE_LABELS = {**dict(Role.choices), "system": "系统"}
EXPORT_HEADER = ("时间", "操作人", "角色", "操作", "对象", "申报编号", "申报人", "变更内容", "意见或说明", "安全事件")


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""
    application: int | None = None
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_form(cls, data: dict) -> AuditFilters:
        return cls(person=(data.get("person") or "").strip(), application=data.get("application"),
                   action=data.get("action") or "", date_from=data.get("date_from"), date_to=data.get("date_to"))

    @property
    def any(self) -> bool:
        return bool(self.person or self.application or self.action or self.date_from or self.date_to)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _about_application(pk: int) -> Q:
    rows = Q(object_type=APPLICATION_TYPE, object_id=str(pk))
    for model in (Attachment, Certificate, Appeal, RevocationRequest, IntegrityRecord):
        rows |= about(model.objects.filter(application_id=pk))
    return rows


def _about_person(term: str) -> Q:
    people = User.objects.filter(Q(real_name__icontains=term) | Q(username__iexact=term))
    return (Q(actor_name__icontains=term) | Q(actor__username__iexact=term) | about(people)
            | about(Application.objects.filter(applicant__in=people))
            | about(Attachment.objects.filter(application__applicant__in=people))
            | about(Certificate.objects.filter(Q(holder_name__icontains=term) | Q(holder__in=people)))
            | about(IntegrityRecord.objects.filter(Q(name__icontains=term) | Q(person__in=people)))
            | about(RecommendationEntry.objects.filter(real_name__icontains=term)))


def audit_entries(user, filters: AuditFilters):
    """The rows ``user`` may read that match ``filters``, newest first."""
    qs = Scope.for_actor(user).audit_entries()
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(created_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    if filters.application:
        qs = qs.filter(_about_application(filters.application))
    if filters.person:
        qs = qs.filter(_about_person(filters.person))
    return qs.order_by("-created_at", "-id")


@dataclass
class TrailRow:
    entry: AuditEntry
    action: str
    role: str
    about: str
    description: str
    application_id: int | None = None
    applicant: str = ""


def _application_of(entry: AuditEntry) -> int | None:
    if entry.object_type == APPLICATION_TYPE:
        return int(entry.object_id) if entry.object_id.isdigit() else None
    linked = entry.changes.get("application") if isinstance(entry.changes, dict) else None
    return linked if isinstance(linked, int) and not isinstance(linked, bool) else None


def trail_rows(entries) -> list[TrailRow]:
    """The rows as people read them, with the application each is about and its applicant (one query)."""
    entries = list(entries)
    app_ids = {pk for pk in map(_application_of, entries) if pk}
    applicants = dict(Application.objects.filter(pk__in=app_ids).values_list("pk", "applicant__real_name"))
    rows = []
    for entry in entries:
        app_id = _application_of(entry)
        rows.append(TrailRow(
            entry=entry, action=action_label(entry.action), role=ROLE_LABELS.get(entry.actor_role, entry.actor_role),
            about=f"{object_label(entry.object_type)} #{entry.object_id}" if entry.object_id else
            object_label(entry.object_type), description=describe(entry),
            application_id=app_id if app_id in applicants else None, applicant=applicants.get(app_id, "")))
    return rows


def trail_page(user, filters: AuditFilters, page_number=None):
    """(page, rows) of the filtered trail, ``PER_PAGE`` rows a page."""
    page = Paginator(audit_entries(user, filters), PER_PAGE).get_page(page_number)
    return page, trail_rows(page.object_list)


def export_rows(user, filters: AuditFilters) -> list[tuple]:
    """Every matching row (at most ``EXPORT_LIMIT``, newest first) for the Excel export."""
    rows, chunk = [], []
    for entry in audit_entries(user, filters)[:EXPORT_LIMIT].iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(entry)
        if len(chunk) == EXPORT_CHUNK:
            rows += _export_chunk(chunk)
            chunk = []
    return rows + _export_chunk(chunk)


def _export_chunk(entries) -> list[tuple]:
    rows = []
    for row in trail_rows(entries):
        entry = row.entry
        rows.append((timezone.localtime(entry.created_at).replace(tzinfo=None), entry.actor_name,
                     row.role, row.action, row.about, row.application_id or "", row.applicant, row.description,
                     entry.comment, "是" if entry.is_security_event else ""))
    return rows
