"""Data retention: what is kept for how long, and what happens when the period ends (docs/deploy.md).

Each rule finds what is past its period at ``now`` and, when applied, deletes or anonymises it in one
transaction with an audit row; stored files are deleted only after that transaction commits. Nothing here
touches the audit trail (kept permanently: its hash chain proves the history).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhicheng.accounts.validators import mask_id_number

CLOSED_YEARS = 3  # rejected, closed and abandoned applications
RECOGNISED_YEARS = 30  # recognised titles: the certificate stays verifiable, the file does not
INTEGRITY_YEARS_AFTER_BAN = 3  # integrity records: the 3-year record period, then 3 more years, then archived
APPEAL_YEARS = 3
VERIFICATION_LOG_YEARS = 3
NOTIFICATION_YEARS = 3
LOGIN_LOG_YEARS = 1  # login records: at least 6 months (网络安全法第二十一条), kept 1 year

# Detailed content of an application: cleared when its period ends. What stays: who, which batch and unit,
# series, specialty, level, status, dates and the review decisions (statistics and the title register).
APPLICATION_CONTENT = {
    "post": "", "achievements": "", "skills": [], "education": [], "work_history": [], "insurance": [],
    "titles": [], "eligibility": {}, "section_state": {}, "access_qualification": "",
    "months_in_current_post": None,
}


def years_before(moment: dt.datetime | dt.date, years: int):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class RulePlan:
    key: str
    title: str
    period: str
    action: str
    ids: list = field(default_factory=list)
    apply: Callable[[list], int] | None = None
    note: str = ""

    @property
    def count(self) -> int:
        return len(self.ids)


def _delete_files_on_commit(files) -> None:
    names = [(f.storage, f.name) for f in files if f and f.name]

    def delete():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


# --- applications --------------------------------------------------------------------------------


def _has_content(app) -> bool:
    return app.n_attachments > 0 or any(getattr(app, name) not in ("", [], {}, None) for name in APPLICATION_CONTENT)


def _strip_applications(ids: list) -> int:
    Application = apps.get_model("applications", "Application")
    Attachment = apps.get_model("documents", "Attachment")
    attachments = list(Attachment.objects.filter(application_id__in=ids))
    _delete_files_on_commit(a.file for a in attachments)
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    return Application.objects.filter(pk__in=ids).update(**APPLICATION_CONTENT)


def _open_appeal_q() -> Q:
    return Q(appeals__status__in=["filed", "under_department_review", "escalated_to_bureau"]) | Q(
        revocation_requests__status="pending")


def plan_closed_applications(now) -> RulePlan:
    Application = apps.get_model("applications", "Application")
    cutoff = years_before(now, CLOSED_YEARS)
    qs = (Application.objects.filter(status__in=["rejected", "closed", "draft", "returned"],
                                     batch__review_deadline__lt=cutoff)
          .exclude(_open_appeal_q()).annotate(n_attachments=Count("attachments")).order_by("pk"))
    return RulePlan(
        key="closed_applications", title="不予认定、已终止及未完成的申报", period=f"批次审核截止后 {CLOSED_YEARS} 年",
        action="删除附件，清除申报详细内容（保留批次、单位、状态、审核结论用于统计）",
        ids=[a.pk for a in qs if _has_content(a)], apply=_strip_applications,
    )


def plan_recognised_applications(now) -> RulePlan:
    Application = apps.get_model("applications", "Application")
    cutoff = years_before(timezone.localdate(now), RECOGNISED_YEARS)
    qs = (Application.objects.filter(status__in=["recognised", "revoked"], recognised_on__lt=cutoff)
          .exclude(_open_appeal_q()).annotate(n_attachments=Count("attachments")).order_by("pk"))
    return RulePlan(
        key="recognised_applications", title="已认定（含已撤销）的申报", period=f"认定批准日期起 {RECOGNISED_YEARS} 年",
        action="删除附件，清除申报详细内容；认定结果（姓名、系列、级别、日期）及证书核验永久保留",
        ids=[a.pk for a in qs if _has_content(a)], apply=_strip_applications,
    )


# --- supervision ---------------------------------------------------------------------------------


def _archive_integrity(ids: list) -> int:
    IntegrityRecord = apps.get_model("supervision", "IntegrityRecord")
    records = list(IntegrityRecord.objects.select_for_update().filter(pk__in=ids))
    _delete_files_on_commit(r.evidence for r in records)
    for record in records:
        record.name = record.name[:1] + "*" * max(1, len(record.name) - 1)
        record.id_number = mask_id_number(record.id_number)
        record.person = None
        record.evidence = ""
        record.save(update_fields=["name", "id_number", "person", "evidence"])
    return len(records)


def plan_integrity_records(now) -> RulePlan:
    IntegrityRecord = apps.get_model("supervision", "IntegrityRecord")
    cutoff = years_before(timezone.localdate(now), INTEGRITY_YEARS_AFTER_BAN)
    qs = IntegrityRecord.objects.filter(ban_until__lt=cutoff).exclude(id_number__contains="*").order_by("pk")
    return RulePlan(
        key="integrity_records", title="诚信档案记录", period=f"记录期（3 年）届满后再保存 {INTEGRITY_YEARS_AFTER_BAN} 年",
        action="归档：姓名、身份证号码脱敏，解除与账号的关联，删除证据文件（认定事实与日期保留）",
        ids=list(qs.values_list("pk", flat=True)), apply=_archive_integrity,
    )


def _strip_appeal_material(ids: list) -> int:
    Appeal = apps.get_model("supervision", "Appeal")
    appeals = list(Appeal.objects.filter(pk__in=ids))
    _delete_files_on_commit(a.material for a in appeals)
    return Appeal.objects.filter(pk__in=ids).update(material="")


def plan_appeal_material(now) -> RulePlan:
    Appeal = apps.get_model("supervision", "Appeal")
    cutoff = years_before(now, APPEAL_YEARS)
    qs = (Appeal.objects.filter(status__in=["decided", "bureau_decided"]).exclude(material="")
          .annotate(final_at=Coalesce("bureau_decided_at", "decided_at"))
          .filter(final_at__lt=cutoff).order_by("pk"))
    return RulePlan(
        key="appeal_material", title="申诉证明材料", period=f"作出最终结论后 {APPEAL_YEARS} 年",
        action="删除申诉材料文件（申诉理由与结论保留）",
        ids=list(qs.values_list("pk", flat=True)), apply=_strip_appeal_material,
    )


# --- logs and transient rows ---------------------------------------------------------------------


def _delete_plan(key, title, period, model_label, date_field, cutoff, note="") -> RulePlan:
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return RulePlan(key=key, title=title, period=period, action="删除", note="（本安装未启用）")
    ids = list(model.objects.filter(**{f"{date_field}__lt": cutoff}).order_by("pk").values_list("pk", flat=True))

    def delete(pks):
        return model.objects.filter(pk__in=pks).delete()[0]

    return RulePlan(key=key, title=title, period=period, action="删除", ids=ids, apply=delete, note=note)


VERIFICATION_LOG_MODELS = [("certificates.VerificationLog", "created_at"), ("certificates.Verification", "created_at"),
                           ("certificates.VerificationLog", "verified_at")]


def plan_verification_logs(now) -> RulePlan:
    cutoff = years_before(now, VERIFICATION_LOG_YEARS)
    for label, date_field in VERIFICATION_LOG_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if any(f.name == date_field for f in model._meta.get_fields()):
            return _delete_plan("verification_logs", "证书核验记录", f"{VERIFICATION_LOG_YEARS} 年", label,
                                date_field, cutoff)
    return RulePlan(key="verification_logs", title="证书核验记录", period=f"{VERIFICATION_LOG_YEARS} 年",
                    action="删除", note="（本安装未记录核验日志）")


def plan_logs(now) -> list[RulePlan]:
    login_cutoff = years_before(now, LOGIN_LOG_YEARS)
    return [
        plan_verification_logs(now),
        _delete_plan("notifications", "站内通知", f"发出后 {NOTIFICATION_YEARS} 年", "notifications.Notification",
                     "created_at", years_before(now, NOTIFICATION_YEARS)),
        _delete_plan("login_failures", "登录失败记录", f"{LOGIN_LOG_YEARS} 年", "axes.AccessFailureLog",
                     "attempt_time", login_cutoff),
        _delete_plan("login_attempts", "登录尝试计数", f"{LOGIN_LOG_YEARS} 年", "axes.AccessAttempt",
                     "attempt_time", login_cutoff),
        _delete_plan("login_log", "登录记录", f"{LOGIN_LOG_YEARS} 年", "axes.AccessLog", "attempt_time", login_cutoff),
        _delete_plan("sessions", "已过期的会话", "过期即删除", "sessions.Session", "expire_date", now),
    ]


def build_plan(now: dt.datetime | None = None) -> list[RulePlan]:
    now = now or timezone.now()
    return [
        plan_closed_applications(now),
        plan_recognised_applications(now),
        plan_integrity_records(now),
        plan_appeal_material(now),
        *plan_logs(now),
        RulePlan(key="audit_trail", title="审计记录", period="永久保存", action="不删除（哈希链证明记录完整）"),
    ]


def apply_plan(plans: list[RulePlan]) -> dict[str, int]:
    """Apply each rule in its own transaction, with one audit row per rule that changed something."""
    from zhicheng.audit.services import audit_record

    done: dict[str, int] = {}
    for plan in plans:
        if not plan.ids or plan.apply is None:
            continue
        with transaction.atomic():
            count = plan.apply(plan.ids)
            audit_record(actor=None, action="retention.apply", object_type="ops.retention", object_id=plan.key,
                         comment=f"{plan.title}：{plan.period}，{plan.action}",
                         changes={"count": count, "ids": [str(pk) for pk in plan.ids[:200]]})
        done[plan.key] = count
    return done
