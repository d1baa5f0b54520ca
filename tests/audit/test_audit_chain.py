import threading

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction

from zhicheng.audit.models import AuditEntry, AuditHead
from zhicheng.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    actor = world.users["bureau"]
    return [audit_record(actor=actor, action="test.step", obj=actor, comment=f"第{i}步") for i in range(4)]


def test_untouched_chain_verifies(chain, capsys):
    assert audit_verify() == []
    call_command("audit", "verify")
    assert "哈希链无断点" in capsys.readouterr().out


def test_edited_row_is_detected(chain):
    AuditEntry.objects.filter(pk=chain[1].pk).update(comment="改过的意见")
    problems = audit_verify()
    assert any(f"第 {chain[1].pk} 条记录的内容被改动" in p for p in problems)


def test_deleted_row_is_detected(chain):
    AuditEntry.objects.filter(pk=chain[2].pk).delete()
    assert any(f"第 {chain[3].pk} 条记录之前的记录被删除" in p for p in audit_verify())


def test_deleted_last_row_is_detected(chain):
    AuditEntry.objects.filter(pk=chain[-1].pk).delete()
    assert any("末尾记录被删除" in p for p in audit_verify())


def test_verify_command_fails_on_tampering(chain):
    AuditEntry.objects.filter(pk=chain[0].pk).update(action="test.other")
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == 1


@pytest.fixture
def two_districts(world):
    """Writes in 盘龙区 and 五华区 interleaved, plus a city-wide one."""
    actor = world.users["bureau"]
    rows = {"panlong": [], "wuhua": []}
    for i in range(3):
        for key in rows:
            rows[key].append(audit_record(actor=actor, action="test.step", obj=actor, comment=f"第{i}步",
                                          district_id=world.districts[key].pk))
    audit_record(actor=None, action="test.system", object_type="test.system", object_id="1")
    return rows


def test_each_district_has_its_own_chain(world, two_districts, capsys):
    panlong, wuhua = two_districts["panlong"], two_districts["wuhua"]
    assert panlong[1].prev_hash == panlong[0].hash and wuhua[1].prev_hash == wuhua[0].hash
    assert {AuditHead.objects.get(chain=row.chain).last_hash for row in (panlong[-1], wuhua[-1])} == {
        panlong[-1].hash, wuhua[-1].hash}
    assert audit_verify() == []
    call_command("audit", "verify")
    assert "3 条哈希链无断点" in capsys.readouterr().out


def test_an_edited_row_is_reported_in_its_own_districts_chain(world, two_districts):
    row = two_districts["wuhua"][1]
    AuditEntry.objects.filter(pk=row.pk).update(comment="改过的意见")
    problems = audit_verify()
    assert problems == [f"辖区 {world.districts['wuhua'].pk} 审计链：第 {row.pk} 条记录的内容被改动（哈希不符）"]


def test_moving_a_row_to_another_districts_chain_is_detected(world, two_districts):
    row = two_districts["wuhua"][1]
    AuditEntry.objects.filter(pk=row.pk).update(chain=two_districts["panlong"][0].chain)
    problems = audit_verify()
    assert any(f"第 {two_districts['wuhua'][2].pk} 条记录之前的记录被删除或改动" in p for p in problems)
    assert any(f"第 {row.pk} 条记录之前的记录被删除或改动" in p for p in problems)


def test_deleting_a_districts_head_is_detected(world, two_districts):
    AuditHead.objects.filter(chain=two_districts["panlong"][0].chain).delete()
    assert any("链尾记录缺失" in p for p in audit_verify())


def test_the_trail_records_when_the_service_decided(world):
    """A service that decides at ``now`` (a deadline job, a test clock) writes that time, not the wall clock."""
    from zhicheng.applications.demo import submitted
    from zhicheng.core.demo import at
    from zhicheng.recommendations.demo import seed as seed_lists

    seed_lists(world)
    decided = at(2026, 11, 24, 10)
    app = submitted(world.users["li_si"], world.batches["current"], now=decided)
    row = AuditEntry.objects.get(action="application.submit", object_id=str(app.pk))
    assert row.created_at == decided and row.chain == f"district-{app.batch.district_id}"
    assert audit_verify() == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_districts_write_without_waiting_for_each_other(world):
    """While a transaction in 盘龙区 holds its chain's head, 五华区 appends at once; 盘龙区's own next write waits."""
    actor = world.users["bureau"]
    panlong, wuhua = world.districts["panlong"].pk, world.districts["wuhua"].pk
    for district_id in (panlong, wuhua):  # the heads exist, as they do after a district's first write
        audit_record(actor=actor, action="test.first", obj=actor, district_id=district_id)
    holding, release = threading.Event(), threading.Event()

    def hold_panlong():
        try:
            with transaction.atomic():
                audit_record(actor=actor, action="test.long", obj=actor, district_id=panlong)
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_panlong)
    holder.start()
    try:
        assert holding.wait(30)
        outcomes = {}

        def write(name, district_id):
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '2s'")
                    audit_record(actor=actor, action="test.other", obj=actor, district_id=district_id)
                outcomes[name] = "written"
            except OperationalError:
                outcomes[name] = "waited"
            finally:
                connection.close()

        for name, district_id in (("wuhua", wuhua), ("panlong", panlong)):
            worker = threading.Thread(target=write, args=(name, district_id))
            worker.start()
            worker.join()
        assert outcomes == {"wuhua": "written", "panlong": "waited"}
    finally:
        release.set()
        holder.join()
    assert AuditEntry.objects.filter(action="test.other").count() == 1
    assert audit_verify() == []
    row = AuditEntry.objects.get(action="test.long")
    AuditEntry.objects.filter(pk=row.pk).update(comment="改过")
    assert audit_verify() == [f"辖区 {panlong} 审计链：第 {row.pk} 条记录的内容被改动（哈希不符）"]
