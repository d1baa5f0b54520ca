"""Keep cached queue pages exact: any saved or deleted application marks the queues it appears in as changed
(after commit); batches, units, departments and people's names mark every cached page as changed."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from zhicheng.batches.models import Batch
from zhicheng.core import pagecache
from zhicheng.orgs.models import Department, District, Unit

from .models import Application
from .selectors import application_generations


def _application_changed(sender, instance, created=False, **kwargs) -> None:
    if not pagecache.enabled():
        return
    if created or kwargs.get("signal") is post_delete:  # the footer cites the district of the latest one
        pagecache.bump([pagecache.user_generation(instance.applicant_id)])
    snapshot = instance.queue_snapshot()
    if not created and kwargs.get("signal") is post_save and getattr(instance, "_queue_snapshot", None) == snapshot:
        return  # nothing a queue shows has changed
    instance._queue_snapshot = snapshot
    unit, batch = instance.unit, instance.batch  # cached on the instance by the services' select_related
    pagecache.bump(application_generations(instance.unit_id, unit.department_id, batch.district_id))


def _shown_everywhere_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if not pagecache.enabled() or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    pagecache.bump([pagecache.GLOBAL])


def connect() -> None:
    from django.contrib.auth import get_user_model

    post_save.connect(_application_changed, sender=Application, dispatch_uid="pagecache-application-save")
    post_delete.connect(_application_changed, sender=Application, dispatch_uid="pagecache-application-delete")
    for model in (Batch, Unit, Department, District, get_user_model()):
        post_save.connect(_shown_everywhere_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
        post_delete.connect(_shown_everywhere_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-del")
