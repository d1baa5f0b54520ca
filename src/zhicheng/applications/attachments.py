"""Every way an attachment changes: adding a (new version of a) file to an application."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.documents.models import Attachment, Category
from zhicheng.documents.uploads import safe_original_name, validate_upload

from .models import Application, ReturnItem, Section, Status
from .workflow import APPLICANT_STATES, edit_deadline

MSG_NOT_APPLICANT = "只有申报人本人可以上传附件材料。"
MSG_STATE = "申报当前状态为“{state}”，不能修改附件。只有填写中或被退回修改的申报可以上传材料。"
MSG_CATEGORY = "附件类别不正确，请从列表中选择。"
MSG_LOCKED = "本次退回未要求修改“{label}”，该材料已锁定；请只重新上传审核意见中列出的材料。"

EDITABLE_STATES = APPLICANT_STATES


def open_return_categories(application) -> set[str] | None:
    """Categories the current return asks to re-upload; None means all are open (draft, or a general return)."""
    if application.status != Status.RETURNED:
        return None
    items = ReturnItem.objects.filter(review__application=application, resolved=False)
    categories: set[str] = set()
    for item in items:
        if item.attachment_category:
            categories.add(item.attachment_category)
        elif item.section == Section.ATTACHMENTS:
            return None
    return categories or None


def attachment_add_blocked_reason(*, application, category: str, actor, now=None) -> str:
    """Why this actor may not add a file of this category now ("" when allowed)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or application.applicant_id != actor.pk:
        return MSG_NOT_APPLICANT
    if application.status not in EDITABLE_STATES:
        return MSG_STATE.format(state=Status(application.status).label)
    if category not in Category.values:
        return MSG_CATEGORY
    late = edit_deadline(application, actor, now or timezone.now())  # the same rule as for the sections
    if late:
        return late
    if application.status == Status.RETURNED:
        open_categories = open_return_categories(application)
        if open_categories is not None and category not in open_categories:
            return MSG_LOCKED.format(label=Category(category).label)
    return ""


def attachment_add(*, application, category: str, uploaded_file, actor, now=None) -> Attachment:
    """Validate and store a file; the earlier current version of the category is kept as history."""
    reason = attachment_add_blocked_reason(application=application, category=category, actor=actor, now=now)
    if reason == MSG_NOT_APPLICANT:
        raise PermissionDenied(reason)
    if reason:
        raise ValidationError(reason, code="blocked")
    checked = validate_upload(uploaded_file, category=category)
    uploaded_file.seek(0)
    data = uploaded_file.read()
    stored_name = None
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            reason = attachment_add_blocked_reason(application=locked, category=category, actor=actor, now=now)
            if reason:
                raise ValidationError(reason, code="blocked")
            previous = (Attachment.objects.select_for_update()
                        .filter(application=locked, category=category).order_by("-version").first())
            if previous is not None:
                Attachment.objects.filter(application=locked, category=category, is_current=True).update(
                    is_current=False)
            attachment = Attachment(
                application=locked, category=category, original_name=safe_original_name(uploaded_file.name),
                content_type=checked.content_type, extension=checked.extension, size=checked.size,
                sha256=checked.sha256, version=(previous.version + 1) if previous else 1, is_current=True,
                uploaded_by=actor,
            )
            # The storage name comes from documents.models.attachment_path (generated, never the upload's name).
            attachment.file.save("upload" + checked.extension, ContentFile(data), save=False)
            stored_name = attachment.file.name
            attachment.save()
            audit_record(
                actor=actor, action="attachment.add", obj=attachment, district_id=locked.batch.district_id,
                comment=f"{Category(category).label} 第 {attachment.version} 版",
                changes={"application": locked.pk, "category": category, "version": attachment.version,
                         "sha256": checked.sha256, "size": checked.size, "content_type": checked.content_type,
                         "replaced": previous.pk if previous else None},
                now=now,
            )
    except Exception:
        if stored_name:
            from django.core.files.storage import default_storage

            default_storage.delete(stored_name)
        raise
    return attachment
