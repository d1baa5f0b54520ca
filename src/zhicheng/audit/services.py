"""The append-only, hash-chained audit trail. Call ``audit_record`` inside the changing transaction.

One chain per district and one (``global``) for city-wide and system events: a write locks only its chain's
head, so a bureau recognising in one district never waits for a unit submitting in another, and each chain is
still linear and tamper-evident (``zhicheng audit verify`` walks every chain). Rows written before the chains
were split stay in ``global`` (migration 0002).
"""

import datetime as dt
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import GLOBAL_CHAIN, AuditEntry, AuditHead, chain_of

GENESIS = "0" * 64


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
    is_security_event: bool = False, now=None,
) -> AuditEntry:
    """Append one row to the chain of ``district_id``. ``now`` is the time the service decided (its clock)."""
    chain = chain_of(district_id)
    head, _ = AuditHead.objects.select_for_update().get_or_create(chain=chain)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        # In UTC, as the database gives it back: the digest hashes the ISO form of this very value.
        created_at=(now or timezone.now()).astimezone(dt.UTC), chain=chain,
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


def chain_label(chain: str) -> str:
    if chain == GLOBAL_CHAIN:
        return "全市及系统审计链"
    return f"辖区 {chain.removeprefix('district-')} 审计链"


def audit_verify() -> list[str]:
    """Walk every chain; return a Chinese description of every break (edited, inserted or deleted rows)."""
    problems: list[str] = []
    tails: dict[str, str] = {}
    for entry in AuditEntry.objects.order_by("chain", "id").iterator():
        prev = tails.get(entry.chain, GENESIS)
        where = chain_label(entry.chain)
        if entry.prev_hash != prev:
            problems.append(f"{where}：第 {entry.pk} 条记录之前的记录被删除或改动（上一条哈希不符）")
        if _digest(entry) != entry.hash:
            problems.append(f"{where}：第 {entry.pk} 条记录的内容被改动（哈希不符）")
        tails[entry.chain] = entry.hash
    heads = dict(AuditHead.objects.values_list("chain", "last_hash"))
    for chain in sorted(set(heads) | set(tails)):
        if chain not in heads:
            problems.append(f"{chain_label(chain)}：链尾记录缺失，无法确认末尾记录未被删除")
        elif heads[chain] != tails.get(chain, GENESIS):
            problems.append(f"{chain_label(chain)}：审计链尾与最后一条记录不符：末尾记录被删除")
    return problems


def audit_chain_count() -> int:
    return len(set(AuditHead.objects.values_list("chain", flat=True)) |
               set(AuditEntry.objects.values_list("chain", flat=True).distinct()))
