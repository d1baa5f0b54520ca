"""Reads of units and their change requests, filtered to what the actor may see (``accounts/scope.py``) first."""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.accounts.models import Role
from zhicheng.accounts.scope import Scope

from .models import (
    UNIT_CHANGE_FIELDS,
    Affiliation,
    Department,
    UnitChangeRequest,
    UnitChangeStatus,
    UnitKind,
    unit_values,
)


def own_unit(user):
    """The unit a unit officer acts for, as a one-row queryset (empty for anyone else)."""
    scope = Scope.for_actor(user)
    return scope.units().select_related("district", "department") if scope.role == Role.UNIT_OFFICER \
        else scope.units().none()


def describe(field: str, value) -> str:
    """A value as people read it: labels for choices, the department's name, 是/否 for flags."""
    if field == "kind":
        return str(UnitKind(value).label) if value in UnitKind.values else str(value or "")
    if field == "affiliation":
        return str(Affiliation(value).label) if value in Affiliation.values else str(value or "")
    if field == "department":
        department = Department.objects.filter(pk=value).first() if value else None
        return department.name if department else "无主管部门"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value) if value else "未填写"


def change_requests_visible_to(user):
    """A unit officer: their unit's requests; a bureau: those of the units of its district."""
    return Scope.for_actor(user).unit_change_requests()


def pending_change_requests(user):
    """The bureau's queue: requests waiting for a decision, oldest first."""
    if not Scope.for_actor(user).is_bureau:
        return UnitChangeRequest.objects.none()
    return (change_requests_visible_to(user).filter(status=UnitChangeStatus.PENDING)
            .select_related("unit__district").order_by("proposed_at", "pk"))


def unit_history(unit):
    """The unit's change requests, newest first (the unit's own page)."""
    return (UnitChangeRequest.objects.filter(unit=unit)
            .select_related("unit", "department", "proposed_by", "decided_by").order_by("-proposed_at", "-pk"))


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _label(field: str) -> str:
    return str(UnitChangeRequest._meta.get_field(field).verbose_name)


def _described(values: dict, departments: dict) -> dict:
    out = {}
    for field in UNIT_CHANGE_FIELDS:
        value = values.get(field)
        if field == "department":
            out[field] = departments[value].name if value in departments else "无主管部门"
        else:
            out[field] = describe(field, value)
    return out


def _old_new(request: UnitChangeRequest) -> tuple[dict, dict]:
    """Pending: the unit now → the proposal; approved: what the bureau applied; rejected: the unit at the
    decision → the proposal."""
    if request.status == UnitChangeStatus.PENDING:
        return unit_values(request.unit), request.proposed_values()
    old = dict(request.previous)
    if request.status == UnitChangeStatus.APPROVED:
        return old, {**old, **{f: c["to"] for f, c in request.applied.items()}}
    return old, request.proposed_values()


def change_rows(request: UnitChangeRequest, *, only_changed: bool = False, departments=None) -> list[ChangeRow]:
    """Old → new for every changeable detail (one query for the departments named, unless given)."""
    old, new = _old_new(request)
    if departments is None:
        ids = {v for v in (old.get("department"), new.get("department")) if v}
        departments = Department.objects.in_bulk(ids) if ids else {}
    before, after = _described(old, departments), _described(new, departments)
    rows = [ChangeRow(f, _label(f), before[f], after[f]) for f in UNIT_CHANGE_FIELDS]
    return [r for r in rows if r.changed] if only_changed else rows


def history(unit) -> list[tuple[UnitChangeRequest, list[ChangeRow]]]:
    """The unit's requests, newest first, each with what it changed (or would have): two queries in all."""
    requests = list(unit_history(unit))
    ids = {v for r in requests for v in (*(d.get("department") for d in _old_new(r)),) if v}
    departments = Department.objects.in_bulk(ids) if ids else {}
    return [(r, change_rows(r, only_changed=True, departments=departments)) for r in requests]


def unit_rows(unit) -> list[ChangeRow]:
    """The unit's current details, for its page (old and new are the same)."""
    values = _described(unit_values(unit), {unit.department_id: unit.department} if unit.department_id else {})
    return [ChangeRow(f, _label(f), values[f], values[f]) for f in UNIT_CHANGE_FIELDS]
