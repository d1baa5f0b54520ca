import datetime as dt

from zhicheng.supervision.models import IntegrityRecord
from zhicheng.supervision.sanctions import integrity_ban_reason, integrity_ban_until


def test_ban_runs_three_years_less_a_day_and_matches_id_number(world):
    person = world.users["zhang_san"]
    IntegrityRecord.objects.create(
        person=None, name=person.real_name, id_number=person.id_number, finding="伪造学历",
        decided_on=dt.date(2024, 10, 8), ban_until=dt.date(2027, 10, 7), district=world.districts["panlong"],
    )
    assert integrity_ban_until(person, dt.date(2026, 11, 27)) == dt.date(2027, 10, 7)
    assert integrity_ban_until(person, dt.date(2027, 10, 8)) is None
    assert "2027年10月7日" in integrity_ban_reason(person, dt.date(2026, 11, 27))
    assert integrity_ban_until(world.users["li_si"], dt.date(2026, 11, 27)) is None
