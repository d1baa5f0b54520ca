"""The factory layer (tests/factories.py) reaches every state through the services: each case's audit trail is an
unbroken walk of real transitions from 填写中, and refused shortcuts stay refused."""

import pytest

from zhicheng.applications.models import Status
from zhicheng.audit.models import AuditEntry

from .factories import (
    REACHABLE,
    ApplicantFactory,
    BatchFactory,
    UnitFactory,
    UnitOfficerFactory,
    application_in,
    bureau_of,
    listed,
    world_application,
)


def _moves(app) -> list[tuple[str, str]]:
    entries = AuditEntry.objects.filter(object_type="applications.application", object_id=str(app.pk)).order_by("pk")
    return [(e.from_state, e.to_state) for e in entries if e.from_state != e.to_state]


@pytest.mark.parametrize("state", REACHABLE)
def test_every_state_is_reached_by_real_transitions(world, state):
    username = "li_si" if state == Status.DEPARTMENT_RECHECK else "zhang_san"
    app = world_application(world, username, status=state)
    app.refresh_from_db()
    assert app.status == state
    moves = _moves(app)
    assert moves[0] == ("", Status.DRAFT)
    for (_, reached), (left, _) in zip(moves, moves[1:], strict=False):
        assert left == reached, moves
    assert moves[-1][1] == state


def test_a_state_the_workflow_cannot_reach_is_refused(world):
    with pytest.raises(ValueError, match="without a competent department"):
        world_application(world, "wang_wu", status=Status.DEPARTMENT_RECHECK)


@pytest.mark.parametrize("kind", ["public_institution", "state_owned", "dispatch", "branch", None])
def test_a_new_district_gets_its_own_batch_units_officers_and_cases(db, kind):
    batch = BatchFactory()
    unit = UnitFactory(district=batch.district, **({kind: True} if kind else {}))
    officer = UnitOfficerFactory(unit=unit)
    assert officer.is_approved and officer.approved_by == bureau_of(batch.district)
    person = ApplicantFactory()
    app = application_in(Status.RECOGNISED, person=person, unit=unit, batch=batch)
    assert app.status == Status.RECOGNISED and app.recognised_on <= batch.review_deadline.date()
    assert listed(person, unit=unit, batch=batch) == app.recommendation_entry
    assert _moves(app)[-1] == (Status.BUREAU_RECOGNITION, Status.RECOGNISED)


def test_a_provincial_unit_cannot_get_a_case_submitted(db):
    """一（四）: a provincial unit's people are not recognised by the district, so no factory can submit one."""
    from django.core.exceptions import ValidationError

    batch = BatchFactory()
    unit = UnitFactory(district=batch.district, provincial=True)
    with pytest.raises(ValidationError, match="省属单位"):
        application_in(Status.UNIT_REVIEW, person=ApplicantFactory(), unit=unit, batch=batch)
