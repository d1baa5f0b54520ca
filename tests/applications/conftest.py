import datetime as dt

import pytest

from zhicheng.core.demo import at
from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList

UNIT_OF = {"zhang_san": "school", "li_si": "soe", "wang_wu": "private", "zhao_liu": "dispatch", "sun_qi": "branch"}
NOW = at(2026, 11, 24, 10)  # inside the current batch's window


def put_on_list(world, username, batch_key="current", *, status=ListStatus.SUBMITTED, series="工程",
                specialty="建筑工程", level="zhuliji"):
    """A unit's list with this person on it (lists have their own tests; here they are only a precondition)."""
    user, unit, batch = world.users[username], world.units[UNIT_OF[username]], world.batches[batch_key]
    rec_list, _ = RecommendationList.objects.get_or_create(
        unit=unit, batch=batch, defaults={"status": status, "submitted_at": batch.list_deadline - dt.timedelta(days=2)})
    publicity_end = (batch.list_deadline - dt.timedelta(days=10)).date()
    return RecommendationEntry.objects.create(
        recommendation_list=rec_list, real_name=user.real_name, id_number=user.id_number, series=series,
        specialty=specialty, level=level, post="技术员", publicity_start=publicity_end - dt.timedelta(days=6),
        publicity_end=publicity_end, pledge_date=publicity_end - dt.timedelta(days=8),
        opinion_date=publicity_end + dt.timedelta(days=1))


@pytest.fixture
def listed(world):
    for username in UNIT_OF:
        put_on_list(world, username)
    return world


def extra_person(world, i: int, unit_key: str = "private"):
    """Another applicant of a unit, on its submitted list for the current batch."""
    from zhicheng.accounts.models import Role, User
    from zhicheng.core.demo import make_id_number

    username = f"person{i}"
    user = User.objects.create(username=username, role=Role.APPLICANT, real_name=f"员工{i}",
                               id_number=make_id_number("530103", dt.date(1990, 1, 1 + i), 60 + i, True))
    world.users[username] = user
    UNIT_OF[username] = unit_key
    try:
        put_on_list(world, username)
    finally:
        UNIT_OF.pop(username)
    return user
