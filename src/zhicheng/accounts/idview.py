"""Full ID numbers are shown only where a role needs them, and every such showing is logged.

Pages show ``mask_id_number`` (530103********123X) by default. Where a reviewer really needs the whole number
(checking it against the ID card, printing the 考核认定表), call ``reveal_id_number`` — or, in a template,
``{% load idnumbers %}{% reveal_id_number person purpose="..." %}`` — which writes a security event to the
audit trail and returns the number. Applicants seeing their own number are not logged.
"""

from zhicheng.audit.services import audit_record

from .models import Role
from .validators import mask_id_number

ACTION = "id_number.view"
# Roles that may see someone else's full number (the applicant always sees their own).
ROLES_WITH_FULL_VIEW = {Role.UNIT_OFFICER, Role.DEPARTMENT_REVIEWER, Role.BUREAU_REVIEWER, Role.ADMIN}


def _number_of(person) -> str:
    return getattr(person, "id_number", "") or ""


def _district_of(person):
    for path in ("district_id", "unit.district_id", "recommendation_list.unit.district_id"):
        obj = person
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if obj is not None:
            return obj
    return None


def reveal_id_number(*, viewer, person, purpose: str) -> str:
    """The full number for a viewer entitled to it (logged as a security event), else the masked number."""
    number = _number_of(person)
    if not number:
        return ""
    if not getattr(viewer, "is_authenticated", False):
        return mask_id_number(number)
    if getattr(person, "pk", None) == viewer.pk and person._meta.label_lower == viewer._meta.label_lower:
        return number  # one's own number
    if viewer.role not in ROLES_WITH_FULL_VIEW:
        return mask_id_number(number)
    audit_record(actor=viewer, action=ACTION, obj=person, district_id=_district_of(person), comment=purpose,
                 is_security_event=True)
    return number
