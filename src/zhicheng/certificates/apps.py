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
        register(AUDIT_LABELS)
