from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "certificate.issue": "签发电子证书",
    "certificate.claim": "申领电子职称证书",
    "certificate.revoke": "撤销电子证书",
    "certificate.issue_start": "开始签发电子证书",
}


class CertificatesConfig(AppConfig):
    name = "zhicheng.certificates"
    verbose_name = "电子证书"

    def ready(self) -> None:
        from .models import CertificateStatus

        register(AUDIT_LABELS, states_of={"certificate": dict(CertificateStatus.choices)}, fields_of={"certificate": {
            "application": None, "key_id": "签名密钥", "paper_received_on": "收到纸质考核认定表日期",
            "paper_received_by": None, "paper_received_by_name": "纸质表登记人", "claimed_by": None,
            "claimed_by_name": "申领人", "job": None, "applications": None, "total": "份数"}})
