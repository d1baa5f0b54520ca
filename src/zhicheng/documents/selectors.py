"""Reads of documents, already filtered to what the user may see."""

from __future__ import annotations

import importlib

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application

from .models import Attachment


def _scoped_applications(user):
    """Applications this user may see: the applicant, their unit's officers, the unit's department, the bureau."""
    if not getattr(user, "is_authenticated", False) or not user.can_act:
        return Application.objects.none()
    try:
        selectors = importlib.import_module("zhicheng.applications.selectors")
        visible = getattr(selectors, "applications_visible_to", None)
    except ImportError:
        visible = None
    if visible is not None:
        return visible(user)
    if user.role == Role.APPLICANT:
        return Application.objects.filter(applicant=user)
    if user.role == Role.UNIT_OFFICER:
        return Application.objects.filter(unit_id=user.unit_id)
    if user.role == Role.DEPARTMENT_REVIEWER:
        return Application.objects.filter(unit__department_id=user.department_id)
    if user.role in (Role.BUREAU_REVIEWER, Role.ADMIN):
        if user.district_id is None and user.role == Role.ADMIN:
            return Application.objects.all()
        return Application.objects.filter(unit__district_id=user.district_id)
    return Application.objects.none()


def applications_for_documents(user):
    """Applications whose documents this user may open."""
    return _scoped_applications(user)


def attachments_visible_to(user):
    return Attachment.objects.filter(application__in=applications_for_documents(user).values("pk"))


def current_attachments(application):
    return Attachment.objects.filter(application=application, is_current=True).order_by("category")
