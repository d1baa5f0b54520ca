"""The append-only, hash-chained audit trail. Call ``audit_record`` inside the changing transaction."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.created_at.isoformat(), entry.actor_id, entry.actor_name, entry.actor_role, entry.action,
            entry.object_type, entry.object_id, entry.district_id, entry.from_state, entry.to_state,
            entry.comment, entry.changes, entry.is_security_event, entry.prev_hash,
        ],
        cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def audit_record(
    *, actor, action: str, obj=None, object_type: str = "", object_id: str = "", district_id=None,
    from_state: str = "", to_state: str = "", comment: str = "", changes: dict | None = None,
    is_security_event: bool = False,
) -> AuditEntry:
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=(actor.display_name if is_user else "系统"),
        actor_role=(actor.role if is_user else "system"),
        action=action, object_type=object_type, object_id=str(object_id), district_id=district_id,
        from_state=from_state, to_state=to_state, comment=comment,
        changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False)),
        is_security_event=is_security_event, prev_hash=head.last_hash,
    )
    entry.hash = _digest(entry)
    entry.save()
    head.last_hash = entry.hash
    head.save(update_fields=["last_hash"])
    return entry


def audit_verify() -> list[str]:
    """Walk the chain; return a Chinese description of every break (edited, inserted or deleted rows)."""
    problems: list[str] = []
    prev = "0" * 64
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.prev_hash != prev:
            problems.append(f"第 {entry.pk} 条记录之前的记录被删除或改动（上一条哈希不符）")
        if _digest(entry) != entry.hash:
            problems.append(f"第 {entry.pk} 条记录的内容被改动（哈希不符）")
        prev = entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        problems.append("审计链尾与最后一条记录不符：末尾记录被删除")
    return problems
