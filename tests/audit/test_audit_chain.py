import pytest
from django.core.management import call_command

from zhicheng.audit.models import AuditEntry
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
