"""The audit trail is tamper-evident: editing or deleting the row of a real workflow action is detected."""

import pytest
from django.core.management import call_command

from zhicheng.audit.models import AuditEntry
from zhicheng.audit.services import audit_verify
from zhicheng.recommendations import demo as recommendations_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_lists(world):
    recommendations_demo.seed(world)  # units submit their lists through the real services
    return AuditEntry.objects.filter(action="recommendation_list.submit").order_by("id")


def test_workflow_trail_verifies_untouched(submitted_lists):
    assert submitted_lists.count() >= 5
    assert audit_verify() == []


def test_someone_rewriting_who_submitted_a_list_is_detected(submitted_lists, capsys):
    row = submitted_lists.first()
    AuditEntry.objects.filter(pk=row.pk).update(actor_name="别人", changes={"entries": 99})
    assert any(f"第 {row.pk} 条记录的内容被改动" in p for p in audit_verify())
    with pytest.raises(SystemExit):
        call_command("audit", "verify")


def test_rehashing_an_edited_row_still_breaks_the_chain(submitted_lists):
    """A forger who recomputes the edited row's own hash still breaks the link to the next row."""
    from zhicheng.audit.services import _digest

    row = submitted_lists.first()
    row.to_state = "draft"
    new_hash = _digest(row)
    AuditEntry.objects.filter(pk=row.pk).update(to_state="draft", hash=new_hash)
    following = AuditEntry.objects.filter(pk__gt=row.pk).order_by("id").first()
    assert any(f"第 {following.pk} 条记录之前的记录被删除或改动" in p for p in audit_verify())


def test_deleting_a_workflow_row_is_detected(submitted_lists):
    row = submitted_lists.first()
    AuditEntry.objects.filter(pk=row.pk).delete()
    assert audit_verify()
