"""Signal handlers: audit rows and axes lockouts to the structured log; request ids into Celery tasks."""

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .context import CELERY_HEADER, new_request_id, request_id_var, user_id_var
from .logging import audit_event, security_event

# --- audit trail → log ---------------------------------------------------------------------------


def _log_audit_entry(entry) -> None:
    fields = {
        "action": entry.action, "object_type": entry.object_type, "object_id": entry.object_id,
        "actor_id": entry.actor_id, "actor_role": entry.actor_role, "district_id": entry.district_id,
        "from_state": entry.from_state, "to_state": entry.to_state, "audit_id": entry.pk,
    }
    if entry.is_security_event:
        security_event(entry.action, **fields)
    else:
        audit_event(entry.action, **fields)


@receiver(post_save, sender="audit.AuditEntry", dispatch_uid="ops_audit_to_log")
def audit_entry_saved(sender, instance, created, **kwargs):
    if created:
        # Only what was committed is logged: a rolled-back change leaves no audit line.
        transaction.on_commit(lambda: _log_audit_entry(instance))


# --- login lockouts (django-axes) ----------------------------------------------------------------


def _connect_axes() -> None:
    from axes.signals import user_locked_out

    @receiver(user_locked_out, dispatch_uid="ops_axes_lockout", weak=False)  # a nested function: keep it alive
    def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        security_event("login.locked_out", username=username or "", ip_address=ip_address or "",
                       path=getattr(request, "path", ""))


_connect_axes()

# --- request id into Celery tasks ----------------------------------------------------------------

_task_tokens: dict[str, tuple] = {}


@before_task_publish.connect(dispatch_uid="ops_task_request_id")
def add_request_id_header(sender=None, headers=None, **kwargs):
    if headers is not None and CELERY_HEADER not in headers:
        headers[CELERY_HEADER] = request_id_var.get() or new_request_id()


@task_prerun.connect(dispatch_uid="ops_task_prerun")
def set_task_context(sender=None, task_id=None, task=None, **kwargs):
    request_id = task.request.get(CELERY_HEADER) if task is not None else None
    # Eager tasks run inside the caller's context and keep its request id.
    request_id = request_id or request_id_var.get() or f"task-{task_id}"
    _task_tokens[task_id] = (request_id_var.set(request_id), user_id_var.set(user_id_var.get()))


@task_postrun.connect(dispatch_uid="ops_task_postrun")
def reset_task_context(sender=None, task_id=None, **kwargs):
    tokens = _task_tokens.pop(task_id, None)
    if tokens:
        try:
            request_id_var.reset(tokens[0])
            user_id_var.reset(tokens[1])
        except ValueError:  # reset from another context (should not happen): leave it
            pass
